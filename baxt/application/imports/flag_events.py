"""The first event of many new cases, written straight to the bytes the event store keeps.

`FlaggedEncoder` gives, for each child a round opens a case for, the stored state of the
`Flagged` event that `Case.flag` and then the application's sealing mapper would store: the
same JSON, field for field and in the same order, with the child's personal fields sealed
under the child's own key as `Sealer` seals them. It runs the domain's own checks on each
child and household first, so a request the case would refuse is refused here too.

Values other than text, lists and the value dataclasses are written by the application's
own transcoder (and remembered), so dates, enums, numbers and the timestamp are its bytes.
"""

from __future__ import annotations

import dataclasses
import os
from binascii import b2a_base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import JSONTranscoder, Transcoder
from eventsourcing.utils import get_topic

from baxt.application.pii.sealing import PREFIX
from baxt.domain import validation as check
from baxt.domain.case import Case, events
from baxt.domain.inputs import checked_child, checked_household, checked_tags
from baxt.domain.personal_data import PERSONAL_FIELDS, personal_event_fields
from baxt.domain.quarter import Quarter
from baxt.domain.values import NO_TAGS, Child, FlagReason, FlagSource, FlagTags, Household

FLAGGED_TOPIC = get_topic(events.Flagged)
_NONCE_BYTES = 12
_MEMO_LIMIT = 100_000
_URL_SAFE = bytes.maketrans(b"+/", b"-_")  # as base64.urlsafe_b64encode
_PER_EVENT = ("child", "household", "indicators", "reason", "registry_category", "mahalla_role")
_NOT_IN_STATE = ("originator_id", "originator_version")

Seal = Callable[[str], str]
Checked = dict[str, Any]
"""The values of one event that differ from case to case, checked."""


@dataclass(frozen=True)
class Opening:
    """What every case a round opens shares: its source, who, the round, and the time."""

    source: FlagSource
    actor: str
    round: str | None
    now: datetime
    timestamp: datetime


class FlaggedEncoder:
    """Encodes the `Flagged` event of each new case of one round, sealed with its key."""

    def __init__(
        self, transcoder: Transcoder, opening: Opening, *, verify_check_digit: bool = False
    ) -> None:
        if not isinstance(transcoder, JSONTranscoder):
            raise TypeError("the encoder writes the JSON of the library's JSONTranscoder")
        self._transcoder = transcoder
        self._types: Mapping[type, Any] = transcoder.types
        self._now = opening.now
        self._source = opening.source
        self._verify = verify_check_digit
        self._memo: dict[tuple[type, Any], str] = {}
        self._layouts = {kind: self._layout(kind) for kind in (Child, Household, FlagReason)}
        self._plan = self._event_plan(self._constants(opening))

    def check(
        self,
        child: Child,
        household: Household,
        reason: FlagReason | None,
        tags: FlagTags = NO_TAGS,
    ) -> Checked:
        """The event's own values, as `Case.flag` checks them; a DomainError when the case
        would refuse the child or household."""
        return {
            "child": checked_child(child, self._now, self._verify),
            "household": checked_household(household),
            "indicators": check.indicators(reason.indicators if reason else (), ("indicators",)),
            "reason": reason,
            **checked_tags(self._source, tags),
        }

    def encode(self, case_id: UUID, key: bytes, values: Checked) -> bytes:
        """The stored state of the case's `Flagged` event, sealed with the case's key."""
        seal = _sealer(key, case_id)
        parts = [
            name + (fixed if fixed is not None else self._fragment(values[field], seal))
            for field, name, fixed in self._plan
        ]
        return ("{" + ",".join(parts) + "}").encode()

    def _constants(self, opening: Opening) -> dict[str, Any]:
        constants = {
            "timestamp": opening.timestamp,
            "originator_topic": get_topic(Case),
            "actor": opening.actor,
            "source": opening.source,
            "note": check.note("", ("note",)),
            "quarter": str(Quarter.containing(opening.now)),
            "round": check.optional(opening.round, ("round",)),
        }
        if any(constants.get(name) for name in personal_event_fields(events.Flagged)):
            raise ValueError("a round's shared fields hold no personal text")
        return constants

    def _event_plan(self, constants: dict[str, Any]) -> list[tuple[str, str, str | None]]:
        plan: list[tuple[str, str, str | None]] = []
        for field in dataclasses.fields(events.Flagged):
            if field.name in _NOT_IN_STATE:
                continue
            if field.name not in constants and field.name not in _PER_EVENT:
                raise ValueError(f"the Flagged event has a field {field.name} not encoded here")
            fixed = constants.get(field.name, ...)
            encoded = None if fixed is ... else self._transcoder.encode(fixed).decode()
            plan.append((field.name, encode_basestring(field.name) + ":", encoded))
        return plan

    def _layout(self, kind: type) -> _Layout:
        head = '{"_type_":' + encode_basestring(self._types[kind].name) + ',"_data_":{'
        personal = PERSONAL_FIELDS.get(kind, ())
        names = [f.name for f in dataclasses.fields(kind)]
        return _Layout(
            head=head,
            values=attrgetter(*names),
            fields=[(encode_basestring(name) + ":", name in personal) for name in names],
        )

    def _fragment(self, value: Any, seal: Seal) -> str:
        kind = type(value)
        if kind is str:
            return encode_basestring(value)
        if kind is tuple or kind is list:
            return "[" + ",".join([self._fragment(item, seal) for item in value]) + "]"
        layout = self._layouts.get(kind)
        if layout is not None:
            return self._dataclass(value, layout, seal)
        return self._remembered(value)

    def _dataclass(self, value: Any, layout: _Layout, seal: Seal) -> str:
        parts = []
        for (name, personal), item in zip(layout.fields, layout.values(value), strict=True):
            if type(item) is str:
                parts.append(name + encode_basestring(seal(item) if personal and item else item))
            else:
                parts.append(name + self._fragment(item, seal))
        return layout.head + ",".join(parts) + "}}"

    def _remembered(self, value: Any) -> str:
        memo_key = (type(value), value)
        try:
            return self._memo[memo_key]
        except KeyError:
            pass
        except TypeError:  # unhashable: a value not worth remembering
            return self._transcoder.encode(value).decode()
        encoded = self._transcoder.encode(value).decode()
        if len(self._memo) < _MEMO_LIMIT:
            self._memo[memo_key] = encoded
        return encoded


@dataclass(frozen=True)
class _Layout:
    """How a value dataclass is written: its head, its field values, each field's name and
    whether it is personal."""

    head: str
    values: Callable[[Any], tuple[Any, ...]]
    fields: list[tuple[str, bool]]


def _sealer(key: bytes, case_id: UUID) -> Seal:
    """Seals a text as `Sealer` does: a fresh nonce, AES-256-GCM bound to the case ID, and
    URL-safe base64."""
    encrypt = AESGCM(key).encrypt
    bound = case_id.bytes

    def seal(text: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = nonce + encrypt(nonce, text.encode(), bound)
        return PREFIX + b2a_base64(sealed, newline=False).translate(_URL_SAFE).decode()

    return seal
