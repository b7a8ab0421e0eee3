-- What a partner organisation sees of each referral made to it, written by the case_summary
-- projection in the same transaction as the case's row: no PINFL, no history of the case.
CREATE TABLE partner_referral (
    referral_id      text        PRIMARY KEY,
    case_id          uuid        NOT NULL,
    organisation_id  text        NOT NULL,
    service_id       text,
    service_category text        NOT NULL,
    provider         text        NOT NULL,
    reason           text        NOT NULL,
    status           text        NOT NULL,
    full_name        text        NOT NULL,
    birth_date       date        NOT NULL,
    guardian_name    text        NOT NULL,
    guardian_phone   text        NOT NULL,
    region           text        NOT NULL,
    district         text        NOT NULL,
    needs            jsonb       NOT NULL DEFAULT '[]',
    progress         jsonb       NOT NULL DEFAULT '[]',
    outcome          text,
    answer_note      text,
    reminder_level   text,
    visible          boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    ended_at         timestamptz,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX partner_referral_list
    ON partner_referral (organisation_id, updated_at DESC, referral_id DESC) WHERE visible;
CREATE INDEX partner_referral_case ON partner_referral (case_id);
CREATE INDEX partner_referral_pending ON partner_referral (created_at) WHERE status = 'PENDING';
