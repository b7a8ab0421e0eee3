-- The read models hold the children's personal data sealed, like the events: names, PINFLs,
-- guardians' names and phones, addresses and every free text are written as `pii:` texts
-- under the child's (household's, report's) own key. The case list is searched through a
-- blind index of keyed hashes of the names' token prefixes and of the PINFL, one row a term.
CREATE TABLE case_search (
    case_id uuid  NOT NULL,
    kind    text  NOT NULL CHECK (kind IN ('NAME', 'PINFL')),
    term    bytea NOT NULL,
    PRIMARY KEY (case_id, kind, term)
);
CREATE INDEX case_search_term ON case_search (term, case_id);

-- The index of names in clear is of no use on sealed names, and would keep them in clear.
DROP INDEX IF EXISTS case_summary_name;

-- A store projected by an earlier release holds its rows in clear and has no index: its
-- case_summary projection is rebuilt once, from the first event, before it goes on (0027).
DO $$
BEGIN
    IF to_regclass('case_summary_tracking') IS NOT NULL THEN
        INSERT INTO read_model_refill (projection, reason)
        SELECT 'case_summary', 'personal data sealed and the blind index (0030) filled'
        WHERE EXISTS (SELECT 1 FROM case_summary_tracking)
        ON CONFLICT (projection) DO UPDATE
            SET reason = read_model_refill.reason || '; ' || excluded.reason;
    END IF;
END
$$;
