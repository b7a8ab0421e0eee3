-- The case's last review: when it was held, the risk it found, and when the next one is due.
-- No free text: the review's note and progress notes stay sealed in the event store (the
-- progress notes also land on the goals). No case was reviewed before this release, so NULL
-- carries every existing row forward as it is.
ALTER TABLE case_summary
    ADD COLUMN last_reviewed_on date,
    ADD COLUMN risk_level       text CHECK (risk_level IN ('LOW', 'MEDIUM', 'HIGH')),
    ADD COLUMN next_review_due  date;

-- The reminders' question: which consulted or referred cases' reviews are overdue.
CREATE INDEX case_summary_review_due ON case_summary (next_review_due)
    WHERE next_review_due IS NOT NULL;
