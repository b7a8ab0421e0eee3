"""The household records over GraphQL: the HouseholdRecord node, its query and mutations."""
