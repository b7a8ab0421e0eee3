-- Each child's quarter row names the family it is counted in (the case's household then,
-- NULL for a child linked to none: one child, one family) and the Social Registry category
-- of the case's latest flag, so FAMILIES_SUPPORTED and the registry breakdown are counted.
ALTER TABLE monitoring_facts
    ADD COLUMN household_id uuid,
    ADD COLUMN registry_category text;

-- Rows already projected hold neither: a store projected before this asks for one rebuild
-- of case_summary (0027's request, if it still stands, is the same rebuild).
DO $$
BEGIN
    IF to_regclass('case_summary_tracking') IS NOT NULL THEN
        INSERT INTO read_model_refill (projection, reason)
        SELECT 'case_summary', 'monitoring facts gain household and registry category (0028)'
        WHERE EXISTS (SELECT 1 FROM case_summary_tracking)
        ON CONFLICT (projection) DO NOTHING;
    END IF;
END
$$;
