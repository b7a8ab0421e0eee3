"""Children's cases: their types, inputs, queries and mutations."""
