-- Who covers which places: caseworkers and their supervisors.
CREATE TABLE staff (
    user_id    text PRIMARY KEY,
    full_name  text    NOT NULL,
    role       text    NOT NULL CHECK (role IN ('CASEWORKER', 'SUPERVISOR')),
    email      text,
    phone      text,
    language   text    NOT NULL DEFAULT 'uz-Latn',
    region     text    NOT NULL,
    district   text    NOT NULL,
    mahallas   text[]  NOT NULL DEFAULT '{}',
    capacity   integer NOT NULL DEFAULT 0
);
CREATE INDEX staff_place ON staff (region, district, role);

-- Where each case is, as the notifier has seen it (its own copy, tracked with it).
CREATE TABLE notifier_case_place (
    case_id  uuid PRIMARY KEY,
    region   text NOT NULL,
    district text NOT NULL,
    mahalla  text NOT NULL
);

-- The outbox: every message to send, with its outcome. The ID is derived from the
-- event that caused it, so a replayed event never makes a second message.
CREATE TABLE notification (
    id          uuid PRIMARY KEY,
    case_id     uuid        NOT NULL,
    kind        text        NOT NULL,
    urgent      boolean     NOT NULL,
    recipient   text        NOT NULL,
    channel     text        NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'IN_APP')),
    address     text        NOT NULL,
    language    text        NOT NULL,
    status      text        NOT NULL DEFAULT 'PENDING'
                CHECK (status IN ('PENDING', 'SENT', 'RETRYING', 'DEAD')),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    enqueued_at timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX notification_unsent ON notification (updated_at) WHERE status IN ('PENDING', 'RETRYING');
CREATE INDEX notification_recipient ON notification (recipient, created_at DESC);
