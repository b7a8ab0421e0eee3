"""The event store's mapper, sealing each case event's personal fields on the way in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder

from baxt.application.pii.sealing import Sealer


class SealingMapper(Mapper[UUID]):
    def __init__(
        self,
        transcoder: Transcoder,
        sealer: Sealer,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder, compressor=compressor, cipher=cipher)
        self.sealer = sealer

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        sealed: Any = object.__new__(type(domain_event))
        state = self.sealer.seal(
            domain_event.originator_id, dict(vars(domain_event)), type(domain_event)
        )
        object.__setattr__(sealed, "__dict__", state)
        return super().to_stored_event(sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        opened = self.sealer.open(event.originator_id, dict(vars(event)), type(event))
        object.__setattr__(event, "__dict__", opened)
        return event
