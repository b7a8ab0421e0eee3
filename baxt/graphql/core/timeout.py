"""Queries and mutations that run past their time are cancelled and answered with TIMEOUT."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import anyio
import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

TIMEOUT = "TIMEOUT"


class TimeLimitedSchema(strawberry.Schema):
    """A schema whose operations are cancelled once they run longer than `timeout` seconds.

    A command already handed to its worker thread still finishes; only the answer is TIMEOUT.
    """

    timeout: float | None = None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        run = super().execute(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )
        if self.timeout is None:
            return await run
        with anyio.move_on_after(self.timeout):
            return await run
        return timed_out(self.timeout)


def timed_out(timeout: float) -> ExecutionResult:
    """The answer to an operation cancelled after `timeout` seconds."""
    message = f"the request ran longer than {timeout:g} seconds and was cancelled"
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": TIMEOUT})])
