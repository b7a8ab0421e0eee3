-- The audit ledger: one row per stored case event, in notification order.
-- leaf_index counts the events from 0 with no gaps; leaf_hash is the event's leaf in the
-- Merkle tree over the whole log, and chain_hash links it to the previous event of its case.
CREATE TABLE audit_ledger (
    leaf_index         bigint  PRIMARY KEY,
    notification_id    bigint  NOT NULL UNIQUE,
    originator_id      uuid    NOT NULL,
    originator_version integer NOT NULL,
    leaf_hash          bytea   NOT NULL,
    chain_hash         bytea   NOT NULL,
    UNIQUE (originator_id, originator_version)
);

-- Signed tree heads of the ledger, as C2SP signed notes.
CREATE TABLE audit_checkpoint (
    tree_size  bigint      PRIMARY KEY,
    root_hash  bytea       NOT NULL,
    signed_at  timestamptz NOT NULL,
    note       text        NOT NULL
);

-- Every read of a case: who, when, through which query and which fields. No child PII.
CREATE TABLE case_access (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL,
    role      text        NOT NULL,
    case_id   uuid        NOT NULL,
    operation text        NOT NULL,
    fields    text[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX case_access_case ON case_access (case_id, id);

-- The ledger, the checkpoints and the access log are append-only.
CREATE FUNCTION baxt_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the table % is append-only', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION baxt_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION baxt_append_only();
CREATE TRIGGER case_access_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON case_access
    FOR EACH STATEMENT EXECUTE FUNCTION baxt_append_only();
