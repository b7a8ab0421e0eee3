from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from baxt.domain.errors import DomainError
from baxt.identity import Forbidden, Unauthenticated

_log = logging.getLogger("baxt.graphql")


class BadRequest(Exception):
    """Raised when query arguments are out of range (a page too large, a bad cursor)."""

    code = "BAD_USER_INPUT"


_CODED = (DomainError, Unauthenticated, Forbidden, BadRequest)


def to_field_path(field: Sequence[str]) -> list[str]:
    """A domain field path as the client named it: ["input", "child", "personalId"]."""
    return ["input", *(_camel(part) for part in field)]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def camel_keys(value: Any) -> Any:
    """JSON data with its keys named as the rest of the API names fields (camelCase)."""
    if isinstance(value, dict):
        return {_camel(str(k)): camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(item) for item in value]
    return value


class ErrorCodes(MaskErrors):
    """Gives every error a stable `extensions.code` and masks the unexpected ones."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_unexpected, error_message="Unexpected error.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_coded(error) for error in super()._process_errors(errors)]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        _log.error("unexpected error at %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def _unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, (*_CODED, GraphQLError))


def _coded(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if isinstance(original, _CODED):
        code = original.code
    elif error.path is None and "Syntax Error" in error.message:
        code = "GRAPHQL_PARSE_FAILED"
    elif error.path is None:
        code = "GRAPHQL_VALIDATION_FAILED"
    else:
        code = "BAD_USER_INPUT"
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
