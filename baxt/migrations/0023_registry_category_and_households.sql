-- The family's class in the Social Registry, as the latest flag that gave one said it
-- (NULL for cases flagged before it was kept, and for flags that did not say), with an index
-- for the case list's registryCategory filter in the list's default order.
ALTER TABLE case_summary ADD COLUMN registry_category text
    CHECK (registry_category IN ('NOT_IN_REGISTRY', 'NEAR_POVERTY_LINE', 'POOR', 'STATE_SUPPORTED'));
CREATE INDEX case_summary_registry_category
    ON case_summary (registry_category, updated_at DESC, case_id DESC)
    WHERE registry_category IS NOT NULL;

-- The household records: a family's guardians, address and members (their names, phones and
-- the address line are personal data, sealed in the event store with the household's own
-- key, and read here as "[erased]" once it is destroyed). Reach is by the household's place.
CREATE TABLE household (
    household_id  uuid        PRIMARY KEY,
    region        text        NOT NULL,
    district      text        NOT NULL,
    mahalla       text        NOT NULL,
    address_line  text        NOT NULL,
    guardians     jsonb       NOT NULL,
    members       jsonb       NOT NULL,
    erased        boolean     NOT NULL DEFAULT false,
    version       integer     NOT NULL,
    registered_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX household_place ON household (region, district, mahalla);

-- The household record each case is linked to: siblings' cases share one. No case was
-- linked before this release, so NULL carries every existing row forward as it is.
ALTER TABLE case_summary ADD COLUMN household_id uuid;
CREATE INDEX case_summary_household ON case_summary (household_id, case_id)
    WHERE household_id IS NOT NULL;
