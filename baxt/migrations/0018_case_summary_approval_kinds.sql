-- A work plan revision and a transfer may wait for a supervisor's decision too: the kind of
-- a pending approval is CLOSURE, WORK_PLAN or TRANSFER. Who asked and when sit in the columns
-- a closure's request fills; no free text (the reason and the changes stay sealed in the
-- event store). Every existing row holds NULL or CLOSURE, which the wider check keeps.
ALTER TABLE case_summary DROP CONSTRAINT case_summary_pending_approval_check;
ALTER TABLE case_summary ADD CONSTRAINT case_summary_pending_approval_check
    CHECK (pending_approval IN ('CLOSURE', 'WORK_PLAN', 'TRANSFER'));
