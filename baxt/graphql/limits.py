"""The limits every GraphQL document is checked against before it runs, each with its own code."""

from __future__ import annotations

from collections.abc import Callable

from graphql import ASTValidationRule, GraphQLError, ValidationContext
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 2000

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


def coded_rule(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    """`rule`, with `extensions.code` set to `code` on every error it reports."""

    def __init__(self: ASTValidationRule, context: ValidationContext) -> None:
        rule.__init__(self, _coding(context, code))

    return type(f"Coded{rule.__name__}", (rule,), {"__init__": __init__})


def _coding(context: ValidationContext, code: str) -> ValidationContext:
    def report(error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": code}
        context.report_error(error)

    return ValidationContext(context.schema, context.document, context._type_info, report)


def _coded_rules(extension: AddValidationRules, code: str) -> list[type[ASTValidationRule]]:
    return [coded_rule(rule, code) for rule in extension.validation_rules]


_LIMITS = [
    *_coded_rules(QueryDepthLimiter(max_depth=MAX_DEPTH), QUERY_TOO_DEEP),
    *_coded_rules(MaxAliasesLimiter(max_alias_count=MAX_ALIASES), TOO_MANY_ALIASES),
]
_NO_INTROSPECTION = _coded_rules(DisableIntrospection(), INTROSPECTION_DISABLED)


def limit_extensions(*, introspection: bool) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions that refuse over-deep, over-aliased and over-long documents,
    and introspection unless `introspection` is allowed."""
    rules = _LIMITS if introspection else [*_LIMITS, *_NO_INTROSPECTION]
    return [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules(rules),
    ]
