"""Prints the GraphQL schema: `python -m baxt.graphql.export > schema.graphql`."""

from __future__ import annotations

from baxt.graphql.schema import schema

if __name__ == "__main__":
    print(schema.as_str())
