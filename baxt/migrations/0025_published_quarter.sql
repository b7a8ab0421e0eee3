-- Published quarters: a quarter's figures frozen at a position of the event log (the
-- ledger's tree size then, and its root), signed with the checkpoint key. Never changed:
-- a quarter is published once, and its row can be neither updated nor deleted.
CREATE TABLE published_quarter (
    quarter         text        PRIMARY KEY,
    tree_size       bigint      NOT NULL,
    notification_id bigint      NOT NULL,
    root_hash       bytea       NOT NULL,
    figures         jsonb       NOT NULL,
    document        text        NOT NULL,
    signature       text        NOT NULL,
    published_at    timestamptz NOT NULL,
    published_by    text        NOT NULL
);
CREATE TRIGGER published_quarter_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
    ON published_quarter FOR EACH STATEMENT EXECUTE FUNCTION baxt_append_only();
