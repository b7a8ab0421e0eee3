"""The GraphQL API: a Strawberry schema composed from one subpackage per area."""
