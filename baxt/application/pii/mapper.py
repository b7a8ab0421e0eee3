"""The event store's mapper, sealing each case event's personal fields on the way in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder

from baxt.application.pii.sealing import PREFIX, Sealer

_SEALED_TEXT = b'"' + PREFIX.encode()
"""How a sealed text starts in a stored event's JSON: none there, nothing to open."""


class SealingMapper(Mapper[UUID]):
    """The library's mapper, sealing personal fields before encoding and opening them after
    decoding."""

    def __init__(
        self,
        transcoder: Transcoder,
        sealer: Sealer,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder, compressor=compressor, cipher=cipher)
        self.sealer = sealer
        self._plain_json = compressor is None and cipher is None

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        sealed: Any = object.__new__(type(domain_event))
        state = self.sealer.seal(
            domain_event.originator_id, dict(vars(domain_event)), type(domain_event)
        )
        object.__setattr__(sealed, "__dict__", state)
        return super().to_stored_event(sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        if self._plain_json and _SEALED_TEXT not in stored_event.state:
            return event
        state = vars(event)
        opened = self.sealer.open(event.originator_id, state, type(event))
        if opened is not state:
            object.__setattr__(event, "__dict__", opened)
        return event
