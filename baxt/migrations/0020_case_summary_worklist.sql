-- An index for every filter and order of the case list that had none: the caseworker's
-- cases (0003's index leads with the caseworker but orders by due date), the unassigned,
-- escalated, safety-concern and awaiting-approval cases (few rows each: partial indexes in
-- the list's default order), the planned visit's due date (the dueBefore/dueAfter and
-- overdue filters), and the DUE_DATE and FLAGGED_DATE orders with the case ID after the key.
CREATE INDEX case_summary_caseworker_recent
    ON case_summary (caseworker, updated_at DESC, case_id DESC);
CREATE INDEX case_summary_unassigned ON case_summary (updated_at DESC, case_id DESC)
    WHERE caseworker IS NULL;
CREATE INDEX case_summary_escalated ON case_summary (updated_at DESC, case_id DESC)
    WHERE escalation IS NOT NULL;
CREATE INDEX case_summary_safety_concern ON case_summary (updated_at DESC, case_id DESC)
    WHERE visits @> '[{"safety_concern": true}]';
CREATE INDEX case_summary_awaiting_approval ON case_summary (updated_at DESC, case_id DESC)
    WHERE pending_approval IS NOT NULL;
CREATE INDEX case_summary_visit_due ON case_summary (visit_due_on)
    WHERE visit_due_on IS NOT NULL;
CREATE INDEX case_summary_due_order
    ON case_summary ((coalesce(visit_due_on, 'infinity'::date)), case_id);
CREATE INDEX case_summary_flagged_order ON case_summary (flagged_at, case_id);
