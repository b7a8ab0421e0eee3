-- Duplicate detection beyond the PINFL. Each case's match keys are keyed hashes (HMAC-SHA256
-- under a key derived from the PII master key) of its child's name tokens in their one form,
-- of the birth date and the days near it, and of the PINFL and its one-digit variants: never
-- clear text. Two cases that share keys are proposed as duplicates with the reasons. Written
-- by the case_summary projection with its tracking position; erasing the child removes them.
CREATE TABLE case_match_key (
    case_id uuid  NOT NULL,
    kind    text  NOT NULL CHECK (kind IN ('NAME', 'BORN', 'BORN_NEAR', 'PINFL', 'PINFL_NEAR')),
    key     bytea NOT NULL,
    PRIMARY KEY (case_id, kind, key)
);
CREATE INDEX case_match_key_by_key ON case_match_key (key);

-- Which master key the match keys were derived from (its public ID): after a rotation, the
-- projection finds another one here and rebuilds once, so old and new keys never mix.
CREATE TABLE case_match_key_source (
    one    boolean PRIMARY KEY DEFAULT true CHECK (one),
    key_id text    NOT NULL
);

-- A merge closes the merged case as DUPLICATE with a link to the kept one, and the kept case
-- lists the cases merged into it; a pair marked as not duplicates is listed on both cases.
ALTER TABLE case_summary
    ADD COLUMN merged_into    uuid,
    ADD COLUMN merged_cases   uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN not_duplicates uuid[] NOT NULL DEFAULT '{}';

-- A store projected by the previous release holds cases with no match keys yet: the
-- case_summary projection is rebuilt once, so every case gets them.
DO $$
BEGIN
    IF to_regclass('case_summary_tracking') IS NOT NULL THEN
        INSERT INTO read_model_refill (projection, reason)
        SELECT 'case_summary', 'match keys for duplicate detection (0029) start empty'
        WHERE EXISTS (SELECT 1 FROM case_summary_tracking)
        ON CONFLICT (projection)
        DO UPDATE SET reason = read_model_refill.reason || '; ' || excluded.reason;
    END IF;
END
$$;
