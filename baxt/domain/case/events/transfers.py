"""A move to another district or region, and the receiving district's decision."""

from __future__ import annotations

from dataclasses import replace

from baxt.domain.approvals import PendingTransfer
from baxt.domain.case.events.base import TOPIC_PREFIX as _TOPIC
from baxt.domain.case.events.base import CaseEvent
from baxt.domain.case.state import CaseState


class TransferRequested(CaseEvent):
    """A move of the family to another district or region was asked for; the case stays
    where it is until the receiving district's supervisor accepts it."""

    TOPIC = _TOPIC + "TransferRequested"
    region: str
    district: str
    mahalla: str
    reason: str
    # Who asked for the move: the actor, unless a supervisor approved a caseworker's request
    # (then the caseworker). Events stored before transfer approvals have none.
    requested_by: str | None = None

    @property
    def requester(self) -> str:
        """Who asked for the move, whom its decision is told to."""
        return self.requested_by or self.actor

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer = PendingTransfer(
            self.region, self.district, self.mahalla, self.reason, self.requester, self.timestamp
        )


class TransferDecided(CaseEvent):
    """A receiving supervisor's decision on a requested transfer, with where from and to."""

    from_region: str
    from_district: str
    from_mahalla: str
    region: str
    district: str
    mahalla: str
    requested_by: str


class TransferAccepted(TransferDecided):
    """The receiving district took the case: the family's place is the new one, and the
    case is its caseworker's, or nobody's until assigned there."""

    TOPIC = _TOPIC + "TransferAccepted"
    caseworker: str | None

    def apply(self, aggregate: CaseState) -> None:
        aggregate.household = replace(
            aggregate.household,
            region=self.region,
            district=self.district,
            mahalla=self.mahalla,
        )
        aggregate.caseworker = self.caseworker
        aggregate.pending_transfer = None


class TransferDeclined(TransferDecided):
    """The receiving district declined the case, saying why; it stays where it was."""

    TOPIC = _TOPIC + "TransferDeclined"
    reason: str

    def apply(self, aggregate: CaseState) -> None:
        aggregate.pending_transfer = None
