-- Each child's data key, wrapped by the master key; apart from the events, so it can be destroyed.
CREATE TABLE IF NOT EXISTS child_key (
    case_id       uuid        PRIMARY KEY,
    master_key_id text        NOT NULL,
    wrapped       bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    erased_at     timestamptz,
    CHECK ((wrapped IS NULL) = (erased_at IS NOT NULL))
);
