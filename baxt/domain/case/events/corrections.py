"""Corrections of the child's and the household's details."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState
from baxt.domain.values import (
    Sex,
)


class Corrected(CaseEvent):
    """A correction of the case's data, with its reason; it holds only the fields it changed."""

    FIELDS: ClassVar[tuple[str, ...]]
    reason: str

    def corrections(self) -> dict[str, Any]:
        """The corrected fields and their new values; a field it left alone is None, not here."""
        given = {name: getattr(self, name) for name in self.FIELDS}
        return {name: value for name, value in given.items() if value is not None}


class ChildCorrected(Corrected):
    """The child's name, birth date or sex was corrected; the PINFL, their identity, never is."""

    TOPIC = _TOPIC + "ChildCorrected"
    FIELDS = ("full_name", "birth_date", "sex")
    full_name: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.child = replace(aggregate.child, **self.corrections())


class HouseholdCorrected(Corrected):
    """The guardian's name or phone, or the mahalla the family lives in, was corrected."""

    TOPIC = _TOPIC + "HouseholdCorrected"
    FIELDS = ("guardian_name", "guardian_phone", "mahalla")
    guardian_name: str | None = None
    guardian_phone: str | None = None
    mahalla: str | None = None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.household = replace(aggregate.household, **self.corrections())
