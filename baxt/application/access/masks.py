"""The sensitive fields, the roles that see each as it is, and the masks everyone else sees."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from baxt.application.access.principal import Principal, Role
from baxt.domain.personal_data import ERASED


class MaskedField(Enum):
    """A sensitive field, named as the schema shows it, that some roles see masked."""

    PINFL = "child.personalId"
    GUARDIAN_PHONE = "household.guardianPhone"
    OBSERVATIONS = "visits.observations"


UNMASKED: Mapping[MaskedField, frozenset[Role]] = {
    MaskedField.PINFL: frozenset({Role.CASEWORKER, Role.AUDITOR}),
    MaskedField.GUARDIAN_PHONE: frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR}),
    MaskedField.OBSERVATIONS: frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR}),
}
"""The roles that see each sensitive field as it is; everyone else sees it masked."""


PINFL_MASK = "*" * 14
RESTRICTED = "[restricted]"
_COUNTRY_CODE_LENGTH = 4  # "+998"


def mask_pinfl(pinfl: str) -> str:
    """Fourteen `*`: no digit of the PINFL is shown.

    Its first seven digits spell the sex, century and birth date, which a reader of the
    case sees anyway; the rest are the district code (known from the household), a serial
    and a check digit over all the others. With the birth date and district known, every
    digit shown of the rest cuts the guesses tenfold, so none is.
    """
    return PINFL_MASK


def mask_phone(phone: str) -> str:
    """The country code (`+998`), a `*` for each digit between, and the last two digits."""
    head = phone[:_COUNTRY_CODE_LENGTH] if phone.startswith("+") else ""
    hidden = len(phone) - len(head) - 2
    return head + "*" * max(hidden, 0) + phone[-2:]


@dataclass(frozen=True)
class FieldMasks:
    """Which sensitive fields one principal sees masked; applied to plain case data by key."""

    masked: frozenset[MaskedField] = frozenset()

    def pinfl(self, value: str) -> str:
        return self._masked(MaskedField.PINFL, value, mask_pinfl)

    def phone(self, value: str) -> str:
        return self._masked(MaskedField.GUARDIAN_PHONE, value, mask_phone)

    def observations(self, value: str) -> str:
        return self._masked(MaskedField.OBSERVATIONS, value, lambda _: RESTRICTED)

    def _masked(self, field: MaskedField, value: str, mask: Callable[[str], str]) -> str:
        """The masked value; an erased one reads as erased for everyone."""
        return mask(value) if field in self.masked and value != ERASED else value

    def plain(self, data: Any) -> Any:
        """Plain JSON data (event data, field changes) with the masked fields masked."""
        if isinstance(data, list):
            return [self.plain(item) for item in data]
        if not isinstance(data, dict):
            return data
        masked = {key: self.plain(value) for key, value in data.items()}
        for key, mask in self._by_key().items():
            if isinstance(masked.get(key), str):
                masked[key] = mask(masked[key])
        return masked

    def _by_key(self) -> dict[str, Any]:
        return {
            "personal_id": self.pinfl,
            "guardian_phone": self.phone,
            "observations": self.observations,
        }


def field_masks(principal: Principal) -> FieldMasks:
    """The fields the principal's role sees masked."""
    return FieldMasks(frozenset(f for f, roles in UNMASKED.items() if principal.role not in roles))
