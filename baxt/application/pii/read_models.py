"""Seals the personal data the read models hold, as the events are sealed, but so that the
same text of the same case always gives the same sealed text.

The read models are written again from the events by every rebuild, and `--check` compares
the rebuilt rows with the live ones in SQL: both must hold the same bytes. So a text is
sealed with AES-256-GCM under its case's own key, bound to the case ID, in the events' own
`pii:` form (opened by the same code), with a nonce derived from the text (HMAC-SHA256 under
a key derived from the case's key) rather than drawn at random. Equal texts of one case
show as equal; nothing else does, and another case's key seals them differently.

Every text is written `storable` first, as the read models always held it. A case whose key
is destroyed has every text written `ERASED`, as a rebuild reads it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cached_property
from typing import Any, TypeVar
from uuid import UUID

from baxt.application.pii.blind_index import INDEX_KEY_OWNER, BlindIndex
from baxt.application.pii.child_keys import ChildKeys
from baxt.application.pii.sealed_dates import DateSealer
from baxt.application.pii.sealing import PREFIX, transformed
from baxt.application.storable import storable_text
from baxt.domain.errors import CaseErased
from baxt.domain.personal_data import ERASED, personal_event_fields

_NONCE_BYTES = 12
_NONCE_KEY = b"baxt:read-model-nonce"

E = TypeVar("E")


class ReadModelSealer:
    """Seals an event's personal fields for the read models, deterministically; `index`
    makes the blind index's terms under the same master key."""

    def __init__(self, keys: ChildKeys) -> None:
        self.keys = keys

    @cached_property
    def index(self) -> BlindIndex:
        return BlindIndex(self.keys.for_writing(INDEX_KEY_OWNER))

    @cached_property
    def dates(self) -> DateSealer:
        return DateSealer(self.keys.for_writing(INDEX_KEY_OWNER))

    def sealed_event(self, event: E) -> E:
        """A copy of the event with its personal fields sealed under its owner's key and its
        birth dates under the shared one (`sealed_dates`); the event itself when it holds
        none."""
        owner: UUID | None = getattr(event, "originator_id", None)
        state = vars(event)
        sealed = transformed(state, personal_event_fields(type(event)), self._sealer(owner))
        if owner is not None:
            sealed = self.dates.sealed_state(owner, sealed, type(event))
        if sealed is state:
            return event
        copy: Any = object.__new__(type(event))
        object.__setattr__(copy, "__dict__", sealed)
        return copy  # type: ignore[no-any-return]

    def seal_text(self, owner: UUID, text: str) -> str:
        """One text sealed under its owner's key, as `sealed_event` seals it."""
        return self._sealer(owner)(text) if text else text

    def _sealer(self, owner: UUID | None) -> Any:
        held: list[Any] = []

        def seal(text: str) -> str:
            if text == ERASED:
                return text
            if not held:
                held.append(self._keyed(owner))
            keyed = held[0]
            return ERASED if keyed is None else keyed(storable_text(text))

        return seal

    def _keyed(self, owner: UUID | None) -> Any:
        if owner is None:
            raise TypeError("a personal text of an event that has no originator")
        try:
            key = self.keys.for_writing(owner)
            cipher = self.keys.writing_cipher(owner)
        except CaseErased:
            return None
        nonce_key = hmac.new(key, _NONCE_KEY, hashlib.sha256).digest()
        associated = owner.bytes

        def seal(text: str) -> str:
            plain = text.encode()
            nonce = hmac.new(nonce_key, plain, hashlib.sha256).digest()[:_NONCE_BYTES]
            sealed = nonce + cipher.encrypt(nonce, plain, associated)
            return PREFIX + base64.urlsafe_b64encode(sealed).decode()

        return seal
