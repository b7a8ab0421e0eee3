"""Read models in PostgreSQL, each written with its tracking position in one transaction."""
