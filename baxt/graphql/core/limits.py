"""The limits every GraphQL document is checked against before it runs, each with its own code."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
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

from baxt.graphql.core.document_cache import StaticValidation, parser_cache
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
            context = self.context
            error = _over_budget(context.schema, context.document, node, variables, budget, model)
            if error is not None:
                self.report_error(error)

    return CostLimit


def cost_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any],
    budget: int,
    model: CostModel,
) -> list[GraphQLError]:
    """A QUERY_TOO_COSTLY error for each operation that could read more than `budget`."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    found = [_over_budget(schema, document, o, variables, budget, model) for o in operations]
    return [error for error in found if error is not None]


def _over_budget(
    schema: GraphQLSchema,
    document: DocumentNode,
    node: OperationDefinitionNode,
    variables: Mapping[str, Any],
    budget: int,
    model: CostModel,
) -> GraphQLError | None:
    cost = operation_cost(schema, document, node, variables, model)
    if cost <= budget:
        return None
    message = (
        f"the operation could read {cost} objects, more than {budget}:"
        " ask for smaller pages or fewer nested lists"
    )
    return GraphQLError(message, node, extensions={"code": QUERY_TOO_COSTLY})


class QueryCostLimit(SchemaExtension):
    """Validates the operation, then refuses it if it could read more than `budget` objects.

    The static rules (graphql's, the depth, alias and introspection limits) are checked
    through `static`, once for each distinct document; the cost is measured on every request
    that passed them, since the page sizes may come from its variables.
    """

    def __init__(self, *, static: StaticValidation, budget: int, model: CostModel) -> None:
        self._static = static
        self._budget = budget
        self._model = model

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        errors = self._static.errors(context)
        if not errors and context.graphql_document is not None:
            schema = context.schema._schema
            variables = context.variables or {}
            document = context.graphql_document
            errors = cost_errors(schema, document, variables, self._budget, self._model)
        context.pre_execution_errors = errors
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
    documents, and introspection unless `introspection` is allowed.

    Each distinct document is parsed and checked against all but the cost limit once (both
    caches bounded); the cost is measured on every request.
    """
    rules = _LIMITS if introspection else [*_LIMITS, *_NO_INTROSPECTION]
    model = CostModel(max_page=max_page_size)
    static = StaticValidation()
    return [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        parser_cache(),
        lambda: AddValidationRules(rules),
        lambda: QueryCostLimit(static=static, budget=max_cost, model=model),
    ]
