"""GraphQL subscriptions: the read models' committed changes, shown as the queries show them."""
