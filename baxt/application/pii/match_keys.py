"""A case's match keys: blind indexes of its child's name, birth date and PINFL.

Each is an HMAC-SHA256, under a key derived from the PII master key, of one normalised value,
so two cases can be matched on them while the table holds no clear text, and no one without
the key can test a guess. Beside the exact values, a case keeps the keys of what a clerk may
have mistyped instead: the days near the birth date (and the date with day and month
swapped) and the PINFL with any one digit blanked or any two neighbours swapped. Two PINFLs
one digit apart, or with two digits transposed, share one of those keys.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

from baxt.application.pii.keyring import MASTER_KEY, PREVIOUS_MASTER_KEYS
from baxt.application.pii.master_keys import MasterKeyError, MasterKeys
from baxt.domain.names import name_tokens
from baxt.domain.personal_data import ERASED

NEAR_DAYS = 3
"""How many days either side of a birth date count as near it."""
_PURPOSE = b"baxt:match-keys:v1"


class MatchKind(Enum):
    """What a match key stands for."""

    NAME = "NAME"
    BORN = "BORN"
    BORN_NEAR = "BORN_NEAR"
    PINFL = "PINFL"
    PINFL_NEAR = "PINFL_NEAR"


@dataclass(frozen=True)
class MatchKey:
    kind: MatchKind
    key: bytes


class MatchKeys:
    """Makes the match keys of a child's details with one installation's key."""

    def __init__(self, key: bytes, key_id: str) -> None:
        self._key = key
        self.key_id = key_id
        """The public ID of the master key the keys derive from."""

    @classmethod
    def of_master(cls, master: MasterKeys) -> MatchKeys:
        return cls(master.derived(_PURPOSE), master.current_id)

    @classmethod
    def from_env(cls, env: Any) -> MatchKeys:
        """From `BAXT_PII_KEY` in `env`, else in the process's environment, as the case
        application finds it; MasterKeyError when it is set in neither."""

        def setting(name: str) -> str:
            return str(env.get(name) or os.environ.get(name) or "")

        current = setting(MASTER_KEY)
        if not current:
            raise MasterKeyError(f"{MASTER_KEY} is not set: match keys need the PII master key")
        return cls.of_master(MasterKeys.from_text(current, setting(PREVIOUS_MASTER_KEYS)))

    def of_name(self, full_name: str) -> list[MatchKey]:
        """One key a token of the name in its one form; none for an erased name."""
        if full_name == ERASED:
            return []
        return [self._key_of(MatchKind.NAME, "name", token) for token in name_tokens(full_name)]

    def of_birth_date(self, born: date) -> list[MatchKey]:
        """The date's key, and the keys of the dates near it a clerk may have written."""
        near = dict.fromkeys(d for d in _near(born) if d != born)
        return [
            self._key_of(MatchKind.BORN, "born", born.isoformat()),
            *(self._key_of(MatchKind.BORN_NEAR, "born", d.isoformat()) for d in near),
        ]

    def of_pinfl(self, personal_id: str) -> list[MatchKey]:
        """The PINFL's key and its one-digit-off variants' keys; none for an erased one."""
        if personal_id == ERASED or not personal_id:
            return []
        variants = dict.fromkeys(_variants(personal_id))
        return [
            self._key_of(MatchKind.PINFL, "pinfl", personal_id),
            *(self._key_of(MatchKind.PINFL_NEAR, "pinfl-near", v) for v in variants),
        ]

    def _key_of(self, kind: MatchKind, domain: str, value: str) -> MatchKey:
        message = f"{domain}:{value}".encode()
        return MatchKey(kind, hmac.new(self._key, message, hashlib.sha256).digest())


def _near(born: date) -> Iterator[date]:
    for days in range(-NEAR_DAYS, NEAR_DAYS + 1):
        yield born + timedelta(days=days)
    if born.day <= 12 and born.day != born.month:
        yield born.replace(month=born.day, day=born.month)


def _variants(digits: str) -> Iterator[str]:
    """Each digit blanked, and each pair of neighbours in sorted order behind a marker."""
    for i in range(len(digits)):
        yield f"{digits[:i]}_{digits[i + 1 :]}"
    for i in range(len(digits) - 1):
        pair = "".join(sorted(digits[i : i + 2]))
        yield f"{digits[:i]}<{pair}>{digits[i + 2 :]}"
