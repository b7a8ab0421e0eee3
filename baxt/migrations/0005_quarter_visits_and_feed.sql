-- Each case's planned home visit per quarter: when it is due, when the child was seen,
-- whether it was escalated, and how far the overdue reminders have gone.
CREATE TABLE quarter_visit (
    case_id       uuid    NOT NULL,
    quarter       text    NOT NULL,
    due_on        date    NOT NULL,
    seen_on       date,
    escalated     boolean NOT NULL DEFAULT false,
    overdue_level text,
    PRIMARY KEY (case_id, quarter)
);
CREATE INDEX quarter_visit_due ON quarter_visit (quarter, due_on) WHERE seen_on IS NULL;

-- The in-app feed: when its recipient marked a message read.
ALTER TABLE notification ADD COLUMN read_at timestamptz;
CREATE INDEX notification_feed ON notification (recipient, created_at DESC, id)
    WHERE channel = 'IN_APP';
