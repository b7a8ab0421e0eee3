-- Read models a migration added after a store was already projected (0022's monitoring facts
-- and episodes) hold nothing of the events the projection had passed. Such a store asks
-- here for its case_summary projection to be rebuilt once, from the first event, before it
-- goes on; a store never projected (a new one) has nothing to refill.
CREATE TABLE read_model_refill (
    projection   text        PRIMARY KEY,
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
    IF to_regclass('case_summary_tracking') IS NOT NULL THEN
        INSERT INTO read_model_refill (projection, reason)
        SELECT 'case_summary', 'monitoring facts and episodes (0022) start empty'
        WHERE EXISTS (SELECT 1 FROM case_summary_tracking);
    END IF;
END
$$;
