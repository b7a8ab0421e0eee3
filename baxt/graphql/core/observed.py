"""What a request's GraphQL operation was, for the metrics the HTTP side keeps: its name as
the client gave it, and the root fields it ran. The HTTP side turns these into labels."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode, FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension


@dataclass
class Observation:
    """One request as the metrics see it, filled in as it runs."""

    executed: bool = False
    operation_name: str | None = None
    root_field: str | None = None
    codes: list[tuple[str, object]] | None = None
    """The codes it answered, each after its kind (`error` or `user_error`); None until a
    GraphQL answer was made (an HTTP refusal's codes are read from its body instead)."""

    def note_answer(self, body: Mapping[str, Any]) -> None:
        """Notes the codes of a GraphQL answer's errors and of its payloads' userErrors."""
        codes = error_codes(body.get("errors"))
        data = body.get("data")
        for payload in data.values() if isinstance(data, Mapping) else ():
            user_errors = payload.get("userErrors") if isinstance(payload, Mapping) else None
            for error in user_errors if isinstance(user_errors, list) else ():
                if isinstance(error, Mapping):
                    codes.append(("user_error", error.get("code")))
        self.codes = codes


def error_codes(errors: object) -> list[tuple[str, object]]:
    """The codes of a GraphQL answer's `errors` list, each after the kind `error`."""
    found: list[tuple[str, object]] = []
    for error in errors if isinstance(errors, list) else ():
        extensions = error.get("extensions") if isinstance(error, Mapping) else None
        found.append(("error", extensions.get("code") if isinstance(extensions, Mapping) else None))
    return found


_CURRENT: ContextVar[Observation | None] = ContextVar("baxt_observation", default=None)


@contextmanager
def observing() -> Iterator[Observation]:
    """A fresh observation for the request running inside the block."""
    observation = Observation()
    token = _CURRENT.set(observation)
    try:
        yield observation
    finally:
        _CURRENT.reset(token)


def current_observation() -> Observation | None:
    """The running request's observation, if the HTTP side started one."""
    return _CURRENT.get()


class OperationObserver(SchemaExtension):
    """Notes the name and first root field of each operation that runs."""

    def on_execute(self) -> Iterator[None]:
        observation = current_observation()
        if observation is not None:
            context = self.execution_context
            observation.executed = True
            observation.operation_name = context.operation_name
            observation.root_field = _first_root_field(
                context.graphql_document, context.operation_name
            )
        yield


def _first_root_field(document: DocumentNode | None, wanted: str | None) -> str | None:
    for definition in document.definitions if document else ():
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if wanted is not None and (definition.name is None or definition.name.value != wanted):
            continue
        for selection in definition.selection_set.selections:
            if isinstance(selection, FieldNode):
                return selection.name.value
        return None
    return None
