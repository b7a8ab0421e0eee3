-- One row per child's case: what lists, filters and the case page read.
CREATE TABLE case_summary (
    case_id            uuid PRIMARY KEY,
    status             text        NOT NULL,
    quarter            text        NOT NULL,
    source             text        NOT NULL,
    indicators         text[]      NOT NULL DEFAULT '{}',
    personal_id        text        NOT NULL,
    full_name          text        NOT NULL,
    birth_date         date        NOT NULL,
    sex                text        NOT NULL,
    guardian_name      text        NOT NULL,
    guardian_phone     text        NOT NULL,
    region             text        NOT NULL,
    district           text        NOT NULL,
    mahalla            text        NOT NULL,
    contact_attempts   integer     NOT NULL DEFAULT 0,
    visit_scheduled_at timestamptz,
    child_seen         boolean     NOT NULL DEFAULT false,
    visits             jsonb       NOT NULL DEFAULT '[]',
    needs              jsonb       NOT NULL DEFAULT '[]',
    plan               jsonb       NOT NULL DEFAULT '[]',
    referrals          jsonb       NOT NULL DEFAULT '[]',
    close_reason       text,
    version            integer     NOT NULL,
    flagged_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE INDEX case_summary_recent ON case_summary (updated_at DESC, case_id DESC);
CREATE INDEX case_summary_status ON case_summary (status, updated_at DESC);
CREATE INDEX case_summary_place ON case_summary (region, district, mahalla);
CREATE INDEX case_summary_quarter ON case_summary (quarter);
CREATE INDEX case_summary_name ON case_summary (lower(full_name) text_pattern_ops);
