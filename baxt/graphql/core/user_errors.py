"""`UserError`, and the one mapping from a refused command to the `userErrors` of a mutation's
payload."""

from __future__ import annotations

import strawberry

from baxt.domain.errors import DomainError
from baxt.domain.labels.errors import error_message
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import to_field_path

INVALID_INPUT = "INVALID_INPUT"


def _message(root: UserError, info: Info) -> str:
    return error_message(root.code, info.context.language, root.specific)


@strawberry.type(description="A refused part of a mutation's input, with a stable code.")
class UserError:
    field: list[str] | None
    message: str = strawberry.field(
        resolver=_message,
        description="What was refused, in the language the request's Accept-Language asks"
        " for (English by default); `field` and `code` are the same in every language.",
    )
    code: str
    specific: strawberry.Private[str]


def user_error(error: DomainError) -> UserError:
    """The refused input field, as the client named it, with the error's message and code."""
    field = to_field_path(error.field) if error.field else None
    return UserError(field=field, specific=error.message, code=error.code)


def user_errors(error: DomainError) -> list[UserError]:
    """The `userErrors` of a payload refused by `error`."""
    return [user_error(error)]


def invalid_input(error: ValueError) -> UserError:
    """A value the domain could not read at all, such as an unknown enum name."""
    return UserError(field=None, specific=str(error), code=INVALID_INPUT)
