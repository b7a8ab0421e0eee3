from __future__ import annotations

import strawberry

from baxt.domain import labels
from baxt.domain.languages import Language

strawberry.enum(
    Language,
    name="Language",
    description="A language Baxt speaks, with its script: uz-Latn, uz-Cyrl, ru, kk, en.",
)


@strawberry.type(description="The name a person reads for one value of an enum.")
class EnumLabel:
    enum: str = strawberry.field(description="The enum's name, e.g. CaseStatus.")
    value: str = strawberry.field(description="The value as the API sends it, e.g. FLAGGED.")
    label: str

    @classmethod
    def of(cls, found: labels.EnumLabel) -> EnumLabel:
        return cls(enum=found.enum, value=found.value, label=found.label)
