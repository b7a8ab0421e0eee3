-- Reports of concern about a child ("tell us about a child who needs help"), received with
-- or without a PINFL. Each waits in its district's triage queue (OPEN) until a caseworker
-- links it to a case (LINKED) or closes it (CLOSED). Written by the case_summary projection,
-- with its tracking position; erasing a linked child blanks the report's personal columns.
CREATE TABLE concern_report (
    report_id        uuid PRIMARY KEY,
    reference        text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('OPEN', 'LINKED', 'CLOSED')),
    version          integer     NOT NULL,
    region           text        NOT NULL,
    district         text        NOT NULL,
    mahalla          text        NOT NULL DEFAULT '',
    address          text        NOT NULL DEFAULT '',
    reporter_kind    text        NOT NULL,
    reporter_name    text        NOT NULL DEFAULT '',
    reporter_contact text        NOT NULL DEFAULT '',
    may_contact      boolean     NOT NULL,
    language         text        NOT NULL,
    child_name       text        NOT NULL DEFAULT '',
    personal_id      text        NOT NULL DEFAULT '',
    approximate_age  integer,
    seen             text        NOT NULL DEFAULT '',
    received_at      timestamptz NOT NULL,
    received_by      text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    handled_by       text,
    case_id          uuid,
    opened_case      boolean     NOT NULL DEFAULT false,
    close_reason     text,
    close_note       text        NOT NULL DEFAULT ''
);
-- The queue: a district's reports in a status, oldest first.
CREATE INDEX concern_report_queue ON concern_report (district, status, received_at, report_id);
CREATE INDEX concern_report_case ON concern_report (case_id) WHERE case_id IS NOT NULL;
