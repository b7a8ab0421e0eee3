-- What waits for a supervisor's decision on a case: the kind of request (CLOSURE for now; a
-- work plan or a transfer later), who asked and when, and for a closure its reason. No free
-- text: the request's note stays sealed in the event store. No case had a request waiting
-- before this release, so NULL carries every existing row forward as it is.
ALTER TABLE case_summary
    ADD COLUMN pending_approval text CHECK (pending_approval IN ('CLOSURE')),
    ADD COLUMN approval_requested_by text,
    ADD COLUMN approval_requested_at timestamptz,
    ADD COLUMN approval_close_reason text;

-- The supervisors' approval queue: the waiting requests, oldest first.
CREATE INDEX case_summary_approval_queue ON case_summary (approval_requested_at, case_id)
    WHERE pending_approval IS NOT NULL;
