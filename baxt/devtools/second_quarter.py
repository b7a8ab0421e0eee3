"""The stories' second quarter: what the quarter after the first brings to the two cases still
open, a review for each, a follow-up visit, a revised plan, a closure a supervisor approves,
and a family followed to another region.

Goals are named by their place in the case's plan (0 for the first), so the same steps play
on the aggregate here and over the API in the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from baxt.domain.case import Case
from baxt.domain.quarter import local_date
from baxt.domain.values import (
    CloseReason,
    GoalChange,
    GoalStatus,
    PlanItem,
    RiskLevel,
    Visit,
)

SUPERVISOR = "demo.supervisor"
"""The supervisor of the stories' districts, who decides the caseworker's closures."""


@dataclass(frozen=True)
class Review:
    """The quarter's review: the risk found and a progress note on goals (by place)."""

    risk_level: RiskLevel
    progress: tuple[tuple[int, str], ...]
    note: str


@dataclass(frozen=True)
class Revision:
    """The plan revised for `reason`: the goal at `achieved` met, and `added` added."""

    reason: str
    achieved: int
    note: str
    added: PlanItem


@dataclass(frozen=True)
class Closure:
    """A closure the caseworker asks for and the district's supervisor approves."""

    reason: CloseReason
    note: str
    comment: str


@dataclass(frozen=True)
class Transfer:
    """The family's move to another district, accepted there by `supervisor`, who gives the
    case to `caseworker`."""

    region: str
    district: str
    mahalla: str
    reason: str
    supervisor: str
    caseworker: str


@dataclass(frozen=True)
class SecondQuarter:
    """One story's second quarter, played in this order: the follow-up visit, the review, the
    revision, then the closure or the transfer."""

    review: Review
    follow_up: str | None = None
    revision: Revision | None = None
    closure: Closure | None = None
    transfer: Transfer | None = None


def aggression_resolved() -> SecondQuarter:
    """The 9-year-old's outbursts have stopped: a follow-up visit, then a closure."""
    return SecondQuarter(
        review=Review(
            RiskLevel.LOW,
            ((0, "No outbursts at school this quarter"), (1, "Mother uses the SOS routines")),
            "The family copes on its own",
        ),
        follow_up="Calm at home; plays with his sisters; mother confident.",
        closure=Closure(
            CloseReason.OTHER,
            "Both goals met; the mother goes on with SOS parenting sessions on her own",
            "Agreed: the family no longer needs a case",
        ),
    )


def learning_goes_on_in_chirchiq(today: date) -> SecondQuarter:
    """The 10-year-old reads; her family moves to Chirchiq, where her plan goes on."""
    return SecondQuarter(
        review=Review(RiskLevel.MEDIUM, ((0, "Reads short texts aloud"),), "Mentoring works"),
        revision=Revision(
            "The quarter's review: mentoring met its aim, memory work comes next",
            0,
            "Reads short texts aloud and has two friends in class",
            PlanItem("Memory and attention exercises", "LEARNING_SUPPORT", today + timedelta(90)),
        ),
        transfer=Transfer(
            "Toshkent viloyati",
            "Chirchiq shahri",
            "Yoshlik",
            "The mother found work in Chirchiq and the family moved there",
            "demo.supervisor.chirchiq",
            "demo.caseworker.chirchiq",
        ),
    )


def steps(quarter: SecondQuarter, caseworker: str, now: datetime) -> list[Callable[[Case], object]]:
    """The second quarter's commands on a story's case, by whom they are given, in order."""
    played: list[Callable[[Case], object]] = []
    if quarter.follow_up is not None:
        visit = Visit(now - timedelta(hours=2), True, True, quarter.follow_up, False)
        played.append(lambda case: case.record_visit(visit=visit, actor=caseworker, now=now))
    played.append(_review(quarter.review, caseworker, local_date(now), now))
    if quarter.revision is not None:
        played.append(_revision(quarter.revision, caseworker))
    if quarter.closure is not None:
        played.extend(_closure(quarter.closure, caseworker))
    if quarter.transfer is not None:
        played.extend(_transfer(quarter.transfer, caseworker))
    return played


def _review(review: Review, actor: str, today: date, now: datetime) -> Callable[[Case], object]:
    return lambda case: case.record_review(
        reviewed_on=today,
        risk_level=review.risk_level,
        progress=[(case.goals[place].id, note) for place, note in review.progress],
        note=review.note,
        actor=actor,
        now=now,
    )


def _revision(revision: Revision, actor: str) -> Callable[[Case], object]:
    def revise(case: Case) -> object:
        achieved = GoalChange(
            case.goals[revision.achieved].id, status=GoalStatus.ACHIEVED, note=revision.note
        )
        return case.revise_work_plan(
            reason=revision.reason, add=[revision.added], change=[achieved], actor=actor
        )

    return revise


def _closure(closure: Closure, actor: str) -> list[Callable[[Case], object]]:
    return [
        lambda case: case.request_closure(reason=closure.reason, note=closure.note, actor=actor),
        lambda case: case.approve_closure(comment=closure.comment, actor=SUPERVISOR),
    ]


def _transfer(transfer: Transfer, actor: str) -> list[Callable[[Case], object]]:
    return [
        lambda case: case.request_transfer(
            region=transfer.region,
            district=transfer.district,
            mahalla=transfer.mahalla,
            reason=transfer.reason,
            actor=actor,
        ),
        lambda case: case.accept_transfer(
            caseworker=transfer.caseworker, actor=transfer.supervisor
        ),
    ]
