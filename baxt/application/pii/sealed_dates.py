"""Birth dates in the read models, sealed under one key every case shares.

The events keep dates readable, so that an erased child's case still replays and its as-of
view shows them (`baxt.domain.personal_data`); a dump of the database must still show no
child's birth date. So the read models write each birth date as `pii-date:` and the URL-safe
base64 of a 12-byte nonce and the AES-256-GCM ciphertext of its ISO form, bound to its
owner's ID (the case's, the household's), under a key derived from the blind index's. The
nonce is derived from the owner and the date, so a rebuild writes the same bytes; equal dates
of two cases seal differently. Erasing a child leaves the birth date as the events keep it:
sealed here, readable to the API.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import date
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from baxt.application.pii.sealing import replaced_unchecked
from baxt.domain.case.events import ChildCorrected
from baxt.domain.household.values import Member
from baxt.domain.values import Child

DATE_PREFIX = "pii-date:"
_NONCE_BYTES = 12
_KEY_LABEL = b"baxt:read-model-dates"
_NONCE_LABEL = b"baxt:read-model-date-nonce"
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")

SEALED_DATE_FIELDS: dict[type, tuple[str, ...]] = {Child: ("birth_date",), Member: ("birth_date",)}
"""The date fields of each value type the read models hold sealed."""

SEALED_DATE_FIELDS_OF_EVENT: dict[type, tuple[str, ...]] = {ChildCorrected: ("birth_date",)}
"""The date attributes of each of these events the read models hold sealed."""


class DateSealer:
    """Seals and opens the read models' birth dates under the key derived from `index_key`."""

    def __init__(self, index_key: bytes) -> None:
        key = hmac.new(index_key, _KEY_LABEL, hashlib.sha256).digest()
        self._cipher = AESGCM(key)
        self._nonce_key = hmac.new(key, _NONCE_LABEL, hashlib.sha256).digest()

    def seal(self, owner: UUID, day: date) -> str:
        plain = day.isoformat().encode()
        nonce = hmac.new(self._nonce_key, owner.bytes + plain, hashlib.sha256).digest()
        sealed = nonce[:_NONCE_BYTES] + self._cipher.encrypt(
            nonce[:_NONCE_BYTES], plain, owner.bytes
        )
        return DATE_PREFIX + base64.urlsafe_b64encode(sealed).decode()

    def open(self, owner: UUID, text: str) -> str:
        """The ISO date `text` seals; `text` itself when it is not sealed (a row written
        before dates were sealed)."""
        if not text.startswith(DATE_PREFIX):
            return text
        sealed = binascii.a2b_base64(text[len(DATE_PREFIX) :].encode().translate(_FROM_URLSAFE))
        nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        return self._cipher.decrypt(nonce, ciphertext, owner.bytes).decode()

    def sealed_state(self, owner: UUID, state: dict[str, Any], event_type: type) -> dict[str, Any]:
        """`state` with every birth date in it sealed; `state` itself when it holds none."""
        fields = SEALED_DATE_FIELDS_OF_EVENT.get(event_type, ())
        changed: dict[str, Any] | None = None
        for name, value in state.items():
            new = self._sealed(owner, value, name in fields)
            if new is not value:
                changed = dict(state) if changed is None else changed
                changed[name] = new
        return state if changed is None else changed

    def _sealed(self, owner: UUID, value: Any, is_date_field: bool) -> Any:
        if is_date_field:
            return self.seal(owner, value) if isinstance(value, date) else value
        if isinstance(value, tuple | list):
            items = [self._sealed(owner, item, False) for item in value]
            if all(new is old for new, old in zip(items, value, strict=True)):
                return value
            return type(value)(items)
        fields = SEALED_DATE_FIELDS.get(type(value))
        if fields is None:
            return value
        updates = {
            name: self.seal(owner, day)
            for name in fields
            if isinstance(day := getattr(value, name), date)
        }
        return replaced_unchecked(value, updates) if updates else value


def day_of(value: date | str) -> date:
    """A read model's birth date as a date: opened (an ISO text), or a date column's value."""
    return value if isinstance(value, date) else date.fromisoformat(value)
