-- Who holds each case, and by when its quarter's home visit is due.
ALTER TABLE case_summary
    ADD COLUMN caseworker      text,
    ADD COLUMN planned_quarter text,
    ADD COLUMN visit_due_on    date;

CREATE INDEX case_summary_caseworker ON case_summary (caseworker, visit_due_on);
