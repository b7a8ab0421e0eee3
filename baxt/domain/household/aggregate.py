"""The household record: a family's guardians, address and members, which its children's
cases link to (each case records the link, so each case's own rules and reach apply)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain import validation as check
from baxt.domain.errors import CaseErased, InvalidInput
from baxt.domain.household import events
from baxt.domain.household.state import HouseholdState
from baxt.domain.household.values import Address, Guardian, Member

MAX_GUARDIANS = 4
MAX_MEMBERS = 30


class Household(HouseholdState, Aggregate, created_event_name="Registered"):
    """A family's household: who looks after the children, where they live, who lives there."""

    TOPIC = "baxt.domain.household:Household"
    if TYPE_CHECKING:
        Event: TypeAlias = events.HouseholdEvent
        Created: TypeAlias = events.Registered
        Registered: TypeAlias = events.Registered
        GuardiansChanged: TypeAlias = events.GuardiansChanged
        DataErased: TypeAlias = events.DataErased
    else:
        vars().update(
            {"Event": events.HouseholdEvent, "Created": events.Registered}
            | {event.__name__: event for event in events.HOUSEHOLD_EVENTS}
        )

    @classmethod
    def register(
        cls,
        *,
        household_id: UUID,
        guardians: Sequence[Guardian],
        address: Address,
        members: Sequence[Member],
        actor: str,
    ) -> Household:
        """A new household record, after checking its guardians, address and members."""
        return cls._create(
            events.Registered,
            id=household_id,
            guardians=checked_guardians(guardians),
            address=checked_address(address),
            members=checked_members(members),
            actor=actor,
        )

    def change_guardians(self, *, guardians: Sequence[Guardian], actor: str) -> None:
        """Records who the household's guardians are now."""
        self._require_not_erased()
        self.trigger_event(
            events.GuardiansChanged, guardians=checked_guardians(guardians), actor=actor
        )

    def erase_data(self, *, legal_reason: str, actor: str) -> None:
        """Records that the household's personal data is erased; the application then
        destroys the household's key, and the record takes no more changes."""
        self._require_not_erased()
        reason = check.note(legal_reason, ("legal_reason",), required=True)
        self.trigger_event(events.DataErased, legal_reason=reason, actor=actor)

    def _require_not_erased(self) -> None:
        if self.erased:
            raise CaseErased("this household's personal data was erased; it takes no changes")


def checked_guardians(guardians: Sequence[Guardian]) -> tuple[Guardian, ...]:
    """The guardians, one to four of them, each named and with a phone in international form."""
    if not 1 <= len(guardians) <= MAX_GUARDIANS:
        raise InvalidInput(f"a household has 1 to {MAX_GUARDIANS} guardians", ("guardians",))
    return tuple(
        Guardian(
            full_name=check.name(g.full_name, ("guardians", str(i), "full_name")),
            phone=check.phone(g.phone, ("guardians", str(i), "phone")),
            relation=check.text(g.relation, ("guardians", str(i), "relation"), required=False),
        )
        for i, g in enumerate(guardians)
    )


def checked_address(address: Address) -> Address:
    return Address(
        region=check.name(address.region, ("address", "region")),
        district=check.name(address.district, ("address", "district")),
        mahalla=check.name(address.mahalla, ("address", "mahalla")),
        line=check.text(address.line, ("address", "line"), required=False),
    )


def checked_members(members: Sequence[Member]) -> tuple[Member, ...]:
    if len(members) > MAX_MEMBERS:
        raise InvalidInput(f"a household lists at most {MAX_MEMBERS} members", ("members",))
    return tuple(
        Member(
            full_name=check.name(m.full_name, ("members", str(i), "full_name")),
            birth_date=m.birth_date,
            relation=check.text(m.relation, ("members", str(i), "relation"), required=False),
        )
        for i, m in enumerate(members)
    )
