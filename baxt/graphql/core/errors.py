from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types.graphql import OperationType

from baxt.application.access.principal import Forbidden, Unauthenticated
from baxt.application.transient import ServiceUnavailable, is_transient
from baxt.domain.errors import DomainError

_log = logging.getLogger("baxt.graphql")
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_TOO_MANY_TOKENS = re.compile(r"^Syntax Error: Document contains more than \d+ tokens\.")


class BadRequest(Exception):
    """Raised when query arguments are out of range (a page too large, a bad cursor)."""

    code = "BAD_USER_INPUT"


_CODED = (DomainError, Unauthenticated, Forbidden, BadRequest, ServiceUnavailable)
_UNAVAILABLE_QUERY = "the database is briefly unavailable; try again"
_UNAVAILABLE_MUTATION = (
    "the database became unavailable; a change may have been saved, so read it before retrying"
)


def to_field_path(field: Sequence[str]) -> list[str]:
    """A domain field path as the client named it: ["input", "child", "personalId"]."""
    return ["input", *(camel(part) for part in field)]


def camel(name: str) -> str:
    """A snake_case name as the API names fields: `personal_id` → `personalId`."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def camel_keys(value: Any) -> Any:
    """JSON data with its keys named as the rest of the API names fields (camelCase)."""
    if isinstance(value, dict):
        return {camel(str(k)): camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(item) for item in value]
    return value


class ErrorCodes(MaskErrors):
    """Gives every error a stable `extensions.code` and masks the unexpected ones.

    A transient database failure (a restart, a stale pooled connection, a pool timeout) is
    SERVICE_UNAVAILABLE with `extensions.retryable`: true in a query; in a mutation only when
    the service knows nothing was saved (it raised ServiceUnavailable saying so). With
    `hide_suggestions`, messages keep no "Did you mean …?" hints at the schema's names.
    """

    def __init__(self, *, hide_suggestions: bool = False) -> None:
        super().__init__(should_mask_error=_unexpected, error_message="Unexpected error.")
        self._hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        coded = [_coded(error) for error in super()._process_errors(errors)]
        if self._hide_suggestions:
            for error in coded:
                error.message = without_suggestions(error.message)
        return coded

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if error.original_error is not None and is_transient(error.original_error):
            return self._unavailable(error)
        _log.error("unexpected error at %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked

    def _unavailable(self, error: GraphQLError) -> GraphQLError:
        kind = type(error.original_error).__name__
        _log.warning("transient database failure at %s: %s", error.path, kind)
        masked = super().anonymise_error(error)
        in_query = self.execution_context.operation_type is not OperationType.MUTATION
        masked.message = _UNAVAILABLE_QUERY if in_query else _UNAVAILABLE_MUTATION
        masked.extensions = {"code": ServiceUnavailable.code, "retryable": in_query}
        return masked


def without_suggestions(message: str) -> str:
    """The message without the "Did you mean …?" hints graphql-core adds to it."""
    return _SUGGESTION.sub("", message)


def _unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, (*_CODED, GraphQLError))


def _coded(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    original = error.original_error
    if isinstance(original, ServiceUnavailable):
        error.extensions = {"code": original.code, "retryable": original.retryable}
        return error
    if isinstance(original, _CODED):
        code = original.code
    elif error.path is None and _TOO_MANY_TOKENS.match(error.message):
        code = "TOO_MANY_TOKENS"
    elif error.path is None and "Syntax Error" in error.message:
        code = "GRAPHQL_PARSE_FAILED"
    elif error.path is None:
        code = "GRAPHQL_VALIDATION_FAILED"
    else:
        code = "BAD_USER_INPUT"
    error.extensions = {**(error.extensions or {}), "code": code}
    return error
