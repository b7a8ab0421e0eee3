"""A gathering: a team meeting, a seminar, a study tour, a parenting training or a case
conference, with its date, place and attendance counted by agency (parents only as counts:
no parent is named) and, for a case conference, the cases it discussed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias
from uuid import UUID

from eventsourcing.domain import Aggregate

from baxt.domain import validation as check
from baxt.domain.errors import InvalidInput
from baxt.domain.teams import events
from baxt.domain.teams.state import GatheringState
from baxt.domain.teams.team import checked_place
from baxt.domain.teams.values import AgencyAttendance, AgencyKind, GatheringKind, Place

MAX_COUNT = 10_000
"""The most people one count of a gathering holds: far more than any hall does."""
MAX_CASES = 50
"""The most cases one case conference discusses."""


@dataclass(frozen=True)
class GatheringFacts:
    """What a gathering's recorder says of it, before it is checked."""

    kind: GatheringKind
    held_on: dt.date
    place: Place
    team_id: UUID | None = None
    title: str = ""
    attendance: Sequence[AgencyAttendance] = ()
    parents_attending: int = 0
    certificates_issued: int = 0
    case_ids: Sequence[UUID] = ()


class Gathering(GatheringState, Aggregate, created_event_name="GatheringRecorded"):
    """One meeting or training as it was held; recorded once, after the fact."""

    TOPIC = "baxt.domain.teams:Gathering"
    if TYPE_CHECKING:
        Event: TypeAlias = events.GatheringEvent
        Created: TypeAlias = events.GatheringRecorded
        GatheringRecorded: TypeAlias = events.GatheringRecorded
    else:
        vars().update(
            {"Event": events.GatheringEvent, "Created": events.GatheringRecorded}
            | {event.__name__: event for event in events.GATHERING_EVENTS}
        )

    @classmethod
    def record(
        cls, *, gathering_id: UUID, facts: GatheringFacts, today: dt.date, actor: str
    ) -> Gathering:
        """The gathering, after checking its facts: held on a day from 2000 up to `today`,
        counts between 0 and MAX_COUNT, certificates only at a parenting training and never
        more than the parents there, cases only (and at least one) at a case conference."""
        kind = GatheringKind(facts.kind)
        return cls._create(
            events.GatheringRecorded,
            id=gathering_id,
            kind=kind,
            held_on=_held_on(facts.held_on, today),
            place=checked_place(facts.place),
            team_id=facts.team_id,
            title=check.text(facts.title, ("title",), required=False),
            attendance=checked_attendance(facts.attendance),
            parents_attending=_count(facts.parents_attending, ("parents_attending",)),
            certificates_issued=_certificates(kind, facts),
            case_ids=_cases(kind, facts.case_ids),
            actor=actor,
        )

    @property
    def participants(self) -> int:
        """Everyone who took part: the professionals of every agency and the parents."""
        return sum(a.participants for a in self.attendance) + self.parents_attending


def checked_attendance(attendance: Sequence[AgencyAttendance]) -> tuple[AgencyAttendance, ...]:
    """The counts by agency, each agency once, in the order of `AgencyKind`."""
    seen: dict[AgencyKind, int] = {}
    for i, entry in enumerate(attendance):
        agency = AgencyKind(entry.agency)
        if agency in seen:
            raise InvalidInput("each agency is counted once", ("attendance", str(i), "agency"))
        seen[agency] = _count(entry.participants, ("attendance", str(i), "participants"))
    return tuple(AgencyAttendance(a, seen[a]) for a in AgencyKind if a in seen)


def _held_on(day: dt.date, today: dt.date) -> dt.date:
    check.day_between(day, ("held_on",))
    if day > today:
        raise InvalidInput("a gathering is recorded once it was held", ("held_on",))
    return day


def _count(value: int, field: tuple[str, ...]) -> int:
    if not 0 <= value <= MAX_COUNT:
        raise InvalidInput(f"a count from 0 to {MAX_COUNT}", field)
    return value


def _certificates(kind: GatheringKind, facts: GatheringFacts) -> int:
    issued = _count(facts.certificates_issued, ("certificates_issued",))
    if issued and kind is not GatheringKind.PARENTING_TRAINING:
        raise InvalidInput(
            "certificates are issued at parenting trainings only", ("certificates_issued",)
        )
    if issued > facts.parents_attending:
        raise InvalidInput("more certificates than parents attending", ("certificates_issued",))
    return issued


def _cases(kind: GatheringKind, case_ids: Sequence[UUID]) -> tuple[UUID, ...]:
    if kind is not GatheringKind.CASE_CONFERENCE:
        if case_ids:
            raise InvalidInput("only a case conference discusses cases", ("case_ids",))
        return ()
    if not 1 <= len(case_ids) <= MAX_CASES:
        raise InvalidInput(f"a case conference discusses 1 to {MAX_CASES} cases", ("case_ids",))
    if len(set(case_ids)) != len(case_ids):
        raise InvalidInput("each case is listed once", ("case_ids",))
    return tuple(case_ids)
