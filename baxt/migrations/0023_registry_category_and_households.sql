-- The family's class in the Social Registry, as the latest flag that gave one said it
-- (NULL for cases flagged before it was kept, and for flags that did not say), with an index
-- for the case list's registryCategory filter in the list's default order.
ALTER TABLE case_summary ADD COLUMN registry_category text
    CHECK (registry_category IN ('NOT_IN_REGISTRY', 'NEAR_POVERTY_LINE', 'POOR', 'STATE_SUPPORTED'));
CREATE INDEX case_summary_registry_category
    ON case_summary (registry_category, updated_at DESC, case_id DESC)
    WHERE registry_category IS NOT NULL;
