-- The case's latest escalation in its current episode, if any.
ALTER TABLE case_summary ADD COLUMN escalation text;
