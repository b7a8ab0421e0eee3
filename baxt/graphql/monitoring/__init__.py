"""The monitoring figures' GraphQL area: counts of children by quarter and place."""
