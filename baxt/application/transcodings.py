from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from baxt.domain.concern.values import CONCERN_ENUM_TYPES, CONCERN_VALUE_TYPES
from baxt.domain.household.values import HOUSEHOLD_VALUE_TYPES
from baxt.domain.referrals import REFERRAL_ENUM_TYPES
from baxt.domain.teams.values import TEAM_ENUM_TYPES, TEAM_VALUE_TYPES
from baxt.domain.values import ENUM_TYPES, VALUE_TYPES


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    def __init__(self, enum_type: type[Enum]) -> None:
        self.type = enum_type
        self.name = enum_type.__name__
        self._members = enum_type._value2member_map_

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member = self._members.get(data)
        decoded: Enum = self.type(data) if member is None else member
        return decoded


class DataclassAsDict(Transcoding):
    """Stores a frozen value dataclass by its fields; JSON lists come back as tuples."""

    def __init__(self, value_type: type) -> None:
        self.type = value_type
        self.name = value_type.__name__

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for enum_type in (*ENUM_TYPES, *REFERRAL_ENUM_TYPES, *CONCERN_ENUM_TYPES, *TEAM_ENUM_TYPES):
        transcoder.register(EnumAsValue(enum_type))
    for value_type in (
        *VALUE_TYPES,
        *HOUSEHOLD_VALUE_TYPES,
        *CONCERN_VALUE_TYPES,
        *TEAM_VALUE_TYPES,
    ):
        transcoder.register(DataclassAsDict(value_type))
