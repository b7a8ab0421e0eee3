-- Partners' webhook endpoints. Each has its own signing secret (Standard Webhooks form,
-- whsec_ + base64); the one it replaced keeps signing alongside it until it expires.
CREATE TABLE webhook_endpoint (
    id                      uuid PRIMARY KEY,
    organisation_id         text        NOT NULL,
    url                     text        NOT NULL,
    description             text        NOT NULL DEFAULT '',
    event_types             text[],
    secret                  text        NOT NULL,
    previous_secret         text,
    previous_expires_at     timestamptz,
    enabled                 boolean     NOT NULL DEFAULT true,
    disabled_reason         text,
    created_by              text        NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoint_organisation ON webhook_endpoint (organisation_id, created_at);

-- One row per notice and endpoint. The ID is the webhook-id the receiver sees: derived from
-- the event and the endpoint, so processing an event again makes nothing twice.
CREATE TABLE webhook_delivery (
    id              uuid PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES webhook_endpoint (id),
    organisation_id text        NOT NULL,
    event_type      text        NOT NULL,
    case_id         uuid        NOT NULL,
    referral_id     text,
    event_version   integer     NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'RETRYING', 'DELIVERED', 'FAILED', 'DEAD')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    enqueued_at     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at)
    WHERE status IN ('PENDING', 'RETRYING');
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_delivery_organisation
    ON webhook_delivery (organisation_id, created_at DESC, id DESC);

-- Every attempt to deliver, kept: when, how it went, how long it took, when the next is due.
CREATE TABLE webhook_attempt (
    delivery_id   uuid        NOT NULL REFERENCES webhook_delivery (id),
    number        integer     NOT NULL,
    attempted_at  timestamptz NOT NULL,
    duration_ms   integer     NOT NULL,
    http_status   integer,
    error         text,
    outcome       text        NOT NULL,
    next_retry_at timestamptz,
    PRIMARY KEY (delivery_id, number)
);
