-- Every copy of every follower of the event store (case_summary, the notifier, the webhook
-- follower, the ledger), as its supervisor last wrote it: the copy that holds the follower's
-- advisory lock runs it, the others stand by. /readyz reads these rows, so an API without
-- followers of its own still sees those another process runs.
CREATE TABLE follower_status (
    name text NOT NULL,
    holder text NOT NULL,
    host text NOT NULL,
    pid integer NOT NULL,
    state text NOT NULL CHECK (state IN (
        'starting', 'catching_up', 'running', 'standby', 'restarting', 'failed', 'stopped'
    )),
    position bigint NOT NULL DEFAULT 0,
    lag bigint NOT NULL DEFAULT 0,
    last_error text,
    failures integer NOT NULL DEFAULT 0,
    since timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    PRIMARY KEY (name, holder)
);
