"""The values a metric label may take: each from a small, fixed set, so a label never carries
what a client typed (a name, a PINFL) and a client cannot grow the number of series."""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphql import GraphQLSchema

ANONYMOUS = "anonymous"
"""The operation label of a document that names no operation."""
UNKNOWN = "other"
"""The label of any value outside the known set."""
NOT_RUN = "none"
"""The root-field label of a request that never reached execution."""

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_ROUTES = ("/graphql", "/healthz", "/readyz", "/metrics", "/hsds")
_INTROSPECTION = frozenset({"__schema", "__type", "__typename"})


def root_fields(schema: GraphQLSchema) -> frozenset[str]:
    """The names of every query, mutation and subscription field of `schema`."""
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    return frozenset(name for root in roots if root for name in root.fields) | _INTROSPECTION


class OperationLabels:
    """Labels for GraphQL operations: a name or root field is kept only when it is one of the
    schema's root fields (an operation may be named after its field, `FlagChild` or
    `flagChild`), or one of `also_known` (the trusted documents' operation names)."""

    def __init__(self, fields: frozenset[str], also_known: Iterable[str] = ()) -> None:
        self._fields = fields
        self._names = fields | {_pascal(name) for name in fields} | frozenset(also_known)

    def operation(self, name: str | None) -> str:
        """The operation label of a request that named its operation `name`."""
        if name is None:
            return ANONYMOUS
        return name if _IDENTIFIER.match(name) and name in self._names else UNKNOWN

    def root_field(self, name: str | None) -> str:
        """The root-field label of an operation whose first root field is `name`."""
        if name is None:
            return NOT_RUN
        return name if name in self._fields else UNKNOWN


def code_label(code: object) -> str:
    """An error code as a label: codes are upper-case constants; anything else is `other`."""
    return code if isinstance(code, str) and _CODE.match(code) else UNKNOWN


def method_label(method: str) -> str:
    """An HTTP method as a label, or `other` for one outside the standard set."""
    return method if method in _METHODS else UNKNOWN


def route_label(path: str) -> str:
    """The API's route that `path` falls in, or `other`."""
    for route in _ROUTES:
        if path == route or path.startswith(f"{route}/"):
            return route
    return UNKNOWN


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]
