from __future__ import annotations

from typing import Annotated

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain import labels
from baxt.domain.languages import Language
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.languages import accepted_language
from baxt.graphql.core.permissions import Needs
from baxt.graphql.labels.types import EnumLabel

DEFAULT_LANGUAGE = Language.UZ_LATN
"""The roster's default language, for a request that names none Baxt speaks."""


@strawberry.type
class Query:
    @strawberry.field(
        description="The name of every value of every enum a user sees, in `language` (or,"
        " without it, the request's Accept-Language, else uz-Latn); `enum` keeps one enum's."
        " Besides the schema's enums: NotificationKind (`Notification.kind`), Role"
        " (`CaseAccess.role`) and OverdueLevel.",
        permission_classes=[Needs(Operation.LABELS)],
    )
    def labels(
        self,
        info: Info,
        language: Language | None = None,
        enum_name: Annotated[str | None, strawberry.argument(name="enum")] = None,
    ) -> list[EnumLabel]:
        if enum_name is not None and enum_name not in labels.LABELS:
            raise BadRequest(f"no enum named {enum_name!r} has labels")
        chosen = language or _requested_language(info) or DEFAULT_LANGUAGE
        return [EnumLabel.of(found) for found in labels.labels_in(chosen, enum_name)]


def _requested_language(info: Info) -> Language | None:
    request = info.context.request
    headers = getattr(request, "headers", None)
    return accepted_language(headers.get("accept-language") if headers is not None else None)
