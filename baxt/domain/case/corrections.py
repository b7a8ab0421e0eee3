"""Corrections of a case's data: the child's name, birth date and sex, and the household's
guardian, phone and mahalla, each with a reason, in any status of a case not erased.

`Case` inherits these commands; the events they record live, with the rest of the case's, in
`events`. The PINFL is never corrected: the case ID is derived from it, so a child flagged
under a wrong PINFL is another child's case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from baxt.domain import validation as check
from baxt.domain.case import events
from baxt.domain.case.state import CaseState
from baxt.domain.errors import InvalidInput, InvalidPinfl
from baxt.domain.pinfl import embedded_birth_date, embedded_sex
from baxt.domain.values import Sex


class CaseCorrections(CaseState):
    """What a caseworker corrects in a case's data, whatever its status."""

    def correct_child(
        self,
        *,
        reason: str,
        actor: str,
        full_name: str | None = None,
        birth_date: date | None = None,
        sex: Sex | None = None,
    ) -> bool:
        """Corrects the child's name, birth date or sex (those given), for `reason`.

        A birth date or sex must agree with the child's PINFL (INVALID_PINFL otherwise).
        Records only what differs from the case; False, recording nothing, when nothing does.
        """
        self._require_correctable(full_name, birth_date, sex)
        given = {
            "full_name": _checked(full_name, check.name, "full_name"),
            "birth_date": birth_date,
            "sex": sex,
        }
        self._require_pinfl_agrees(birth_date, sex)
        return self._record(events.ChildCorrected, vars(self.child), given, reason, actor)

    def correct_household(
        self,
        *,
        reason: str,
        actor: str,
        guardian_name: str | None = None,
        guardian_phone: str | None = None,
        mahalla: str | None = None,
    ) -> bool:
        """Corrects the guardian's name or phone, or the mahalla (those given), for `reason`.

        The mahalla is the family's address inside the case's district; a move to another
        district is a transfer, not a correction. Records only what differs from the case;
        False, recording nothing, when nothing does.
        """
        self._require_correctable(guardian_name, guardian_phone, mahalla)
        given = {
            "guardian_name": _checked(guardian_name, check.name, "guardian_name"),
            "guardian_phone": _checked(guardian_phone, check.phone, "guardian_phone"),
            "mahalla": _checked(mahalla, check.name, "mahalla"),
        }
        return self._record(events.HouseholdCorrected, vars(self.household), given, reason, actor)

    def _require_correctable(self, *given: object) -> None:
        self._require_not_erased()
        if all(value is None for value in given):
            raise InvalidInput("give at least one field to correct")

    def _require_pinfl_agrees(self, birth_date: date | None, sex: Sex | None) -> None:
        pinfl = self.child.personal_id
        if birth_date is not None and embedded_birth_date(pinfl) != birth_date:
            raise InvalidPinfl(
                "the birth date does not match the one the child's PINFL holds", ("birth_date",)
            )
        if sex is not None and embedded_sex(pinfl) is not sex:
            raise InvalidPinfl("the sex does not match the one the child's PINFL holds", ("sex",))

    def _record(
        self,
        event: type[events.Corrected],
        now: dict[str, Any],
        given: dict[str, Any],
        reason: str,
        actor: str,
    ) -> bool:
        reason = check.note(reason, ("reason",), required=True)
        changed = {name: value for name, value in given.items() if value not in (None, now[name])}
        if not changed:
            return False
        self.trigger_event(event, reason=reason, actor=actor, **changed)
        return True


Check = Callable[[str, Sequence[str]], str]


def _checked(value: str | None, checked: Check, field: str) -> str | None:
    return None if value is None else checked(value, (field,))
