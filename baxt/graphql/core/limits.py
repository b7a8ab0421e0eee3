"""The limits every GraphQL document is checked against before it runs, each with its own code."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    ASTValidationRule,
    GraphQLError,
    OperationDefinitionNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    SchemaExtension,
)

from baxt.graphql.core.query_shape import CostModel, operation_cost, operation_depth

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 2000
MAX_QUERY_COST = 20_000
"""Objects one operation may ask for: a page of 100 cases with 100 events each fits."""

QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"


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


class DepthLimit(ValidationRule):
    """Refuses an operation deeper than MAX_DEPTH fields, introspection fields counted."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        depth = operation_depth(self.context.schema, self.context.document, node)
        if depth > MAX_DEPTH:
            name = node.name.value if node.name else "anonymous"
            message = f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}"
            self.report_error(GraphQLError(message, node, extensions={"code": QUERY_TOO_DEEP}))


def cost_limit(
    variables: Mapping[str, Any], budget: int, model: CostModel
) -> type[ASTValidationRule]:
    """A rule refusing an operation whose cost, with these variables, is over `budget`."""

    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            cost = operation_cost(
                self.context.schema, self.context.document, node, variables, model
            )
            if cost > budget:
                message = (
                    f"the operation could read {cost} objects, more than {budget}:"
                    " ask for smaller pages or fewer nested lists"
                )
                error = GraphQLError(message, node, extensions={"code": QUERY_TOO_COSTLY})
                self.report_error(error)

    return CostLimit


class QueryCostLimit(SchemaExtension):
    """Refuses, before it runs, an operation that could read more than `budget` objects.

    The rule is made per request, since the page sizes may come from its variables.
    """

    def __init__(self, *, budget: int, model: CostModel) -> None:
        self._budget = budget
        self._model = model

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        rule = cost_limit(context.variables or {}, self._budget, self._model)
        context.validation_rules = (*context.validation_rules, rule)
        yield


_LIMITS: list[type[ASTValidationRule]] = [
    DepthLimit,
    *_coded_rules(MaxAliasesLimiter(max_alias_count=MAX_ALIASES), TOO_MANY_ALIASES),
]
_NO_INTROSPECTION = _coded_rules(DisableIntrospection(), INTROSPECTION_DISABLED)


def limit_extensions(
    *,
    introspection: bool,
    max_cost: int = MAX_QUERY_COST,
    max_page_size: int = CostModel.max_page,
) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions that refuse over-deep, over-aliased, over-long and over-costly
    documents, and introspection unless `introspection` is allowed."""
    rules = _LIMITS if introspection else [*_LIMITS, *_NO_INTROSPECTION]
    model = CostModel(max_page=max_page_size)
    return [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: AddValidationRules(rules),
        lambda: QueryCostLimit(budget=max_cost, model=model),
    ]
