"""Each distinct document is parsed, and checked against the rules that do not depend on the
request, once; later requests sending the same text reuse the outcome.

Both caches are bounded, so clients sending ever new texts cannot grow them without limit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

DOCUMENTS_CACHED = 256
"""Distinct documents kept parsed, and kept as having passed the static rules."""


class _ParserCache(ParserCache):
    """The library's parser cache, except that a document that does not parse is left to the
    library's own parse, which answers it as a syntax error like any other.

    The library's cache parses in its hook, outside the step that turns a syntax error into
    the answer, so the error would escape the error extension (no code, logged as a failure).
    A document that does not parse is parsed twice, and never cached.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield


def parser_cache(maxsize: int = DOCUMENTS_CACHED) -> Callable[[], SchemaExtension]:
    """A parser cache of `maxsize` documents. Its key holds the parse options, so a document
    past the token limit is still refused."""
    return lambda: _ParserCache(maxsize=maxsize)


@dataclass(frozen=True)
class _Checked:
    """A document as the static rules see it, known by its text rather than by its tree:
    a tree hashes by walking every node, which costs about a tenth of validating it."""

    schema: GraphQLSchema
    query: str
    parse_options: tuple[tuple[str, object], ...]
    rules: tuple[type[ASTValidationRule], ...]
    document: DocumentNode = field(compare=False, hash=False)


class _Refused(Exception):
    """Raised to keep a refused document out of the cache (a raising call is not cached)."""

    def __init__(self, errors: list[GraphQLError]) -> None:
        super().__init__(f"{len(errors)} validation errors")
        self.errors = errors


def _passes(checked: _Checked) -> bool:
    errors = validate_document(checked.schema, checked.document, checked.rules)
    if errors:
        raise _Refused(errors)
    return True


class StaticValidation:
    """Validates a document against the request's rules, remembering the documents that pass.

    Strawberry's own ValidationCache does not fit: its key holds every rule of the request,
    and the cost rule is new on every request (its page sizes come from the variables), so it
    would never hit; and it would hand the same error objects to every request sending a bad
    document, which the error extension then edits in place. Here only the documents that
    passed are remembered, and a refused one is validated afresh, its errors new each time.
    """

    def __init__(self, maxsize: int = DOCUMENTS_CACHED) -> None:
        self._passes = functools.lru_cache(maxsize=maxsize)(_passes)

    def errors(self, context: ExecutionContext) -> list[GraphQLError]:
        """The errors of the context's parsed document under its validation rules."""
        document = context.graphql_document
        assert document is not None, "validation runs only on a parsed document"
        schema = context.schema._schema
        if context.query is None:
            return validate_document(schema, document, context.validation_rules)
        options = tuple(sorted(context.parse_options.items()))
        checked = _Checked(schema, context.query, options, context.validation_rules, document)
        try:
            self._passes(checked)
        except _Refused as refused:
            return refused.errors
        return []
