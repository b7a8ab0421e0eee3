-- The read models hold the children's birth dates sealed too, under the key every case
-- shares (baxt.application.pii.sealed_dates): a text column, `pii-date:` and the ciphertext.
-- A household's members hold theirs in its jsonb the same way. Rows of an earlier release
-- hold the dates in clear, as ISO texts once the columns are text, and read as they are.
ALTER TABLE case_summary ALTER COLUMN birth_date TYPE text USING birth_date::text;
ALTER TABLE partner_referral ALTER COLUMN birth_date TYPE text USING birth_date::text;

-- A store projected by an earlier release is rebuilt once, from the first event, before it
-- goes on (0027), which seals its dates.
DO $$
BEGIN
    IF to_regclass('case_summary_tracking') IS NOT NULL THEN
        INSERT INTO read_model_refill (projection, reason)
        SELECT 'case_summary', 'birth dates sealed (0032)'
        WHERE EXISTS (SELECT 1 FROM case_summary_tracking)
        ON CONFLICT (projection) DO UPDATE
            SET reason = read_model_refill.reason || '; ' || excluded.reason;
    END IF;
END
$$;
