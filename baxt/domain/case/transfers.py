"""Transfers: a family that moves to another district or region takes its case along, once
the receiving district's supervisor accepts it.

`Case` inherits these commands. Until the decision the case stays with the sending side; on
acceptance the household's place is the new one. A move inside the case's district is an
address correction (`correct_household`), not a transfer.
"""

from __future__ import annotations

from baxt.domain import validation as check
from baxt.domain.approvals import PendingTransfer
from baxt.domain.case import events, rules
from baxt.domain.case.state import CaseState
from baxt.domain.errors import InvalidInput, InvalidTransition


class CaseTransfers(CaseState):
    """How a case is asked to move to another district, and how that is accepted or declined."""

    def request_transfer(
        self, *, region: str, district: str, mahalla: str, reason: str, actor: str
    ) -> None:
        """Asks to move an open case to `mahalla` of another district or region, for `reason`.

        Refused inside the case's own district (that is `correct_household`), and while
        another transfer waits for a decision."""
        if self.pending_transfer_approval is not None:
            raise InvalidTransition(
                "a transfer of this case waits for the sending district's supervisor"
            )
        place = self._checked_transfer(region, district, mahalla, reason)
        self._record_transfer_requested(*place, actor)

    def _record_transfer_requested(
        self,
        region: str,
        district: str,
        mahalla: str,
        reason: str,
        actor: str,
        requested_by: str | None = None,
    ) -> None:
        self.trigger_event(
            events.TransferRequested,
            region=region,
            district=district,
            mahalla=mahalla,
            reason=reason,
            actor=actor,
            requested_by=requested_by,
        )

    def _checked_transfer(
        self, region: str, district: str, mahalla: str, reason: str
    ) -> tuple[str, str, str, str]:
        """The target place and the reason of a transfer, checked against the case as it is."""
        self._require(*rules.OPEN)
        region = check.name(region, ("region",))
        district = check.name(district, ("district",))
        mahalla = check.name(mahalla, ("mahalla",))
        if (region, district) == (self.household.region, self.household.district):
            raise InvalidInput(
                "the family stays in the case's district: correct its mahalla with"
                " correctHousehold instead",
                ("district",),
            )
        if self.pending_transfer is not None:
            raise InvalidTransition(
                "a transfer of this case waits for the receiving district's decision"
            )
        return region, district, mahalla, check.note(reason, ("reason",), required=True)

    def accept_transfer(self, *, actor: str, caseworker: str | None = None) -> None:
        """Accepts the requested transfer: the family's place becomes the target, and the case
        is `caseworker`'s there, or nobody's until someone of that district is assigned."""
        pending = self._require_pending_transfer()
        if caseworker is not None:
            caseworker = check.text(caseworker, ("caseworker",))
        self.trigger_event(
            events.TransferAccepted, caseworker=caseworker, actor=actor, **self._move(pending)
        )

    def decline_transfer(self, *, reason: str, actor: str) -> None:
        """Declines the requested transfer, saying why; the case stays where it was."""
        pending = self._require_pending_transfer()
        self.trigger_event(
            events.TransferDeclined,
            reason=check.note(reason, ("reason",), required=True),
            actor=actor,
            **self._move(pending),
        )

    def _move(self, pending: PendingTransfer) -> dict[str, str]:
        return {
            "from_region": self.household.region,
            "from_district": self.household.district,
            "from_mahalla": self.household.mahalla,
            "region": pending.region,
            "district": pending.district,
            "mahalla": pending.mahalla,
            "requested_by": pending.requested_by,
        }

    def _require_pending_transfer(self) -> PendingTransfer:
        self._require(*rules.OPEN)
        if self.pending_transfer is None:
            raise InvalidTransition("no transfer of this case waits for a decision")
        return self.pending_transfer
