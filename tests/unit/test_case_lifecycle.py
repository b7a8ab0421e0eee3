from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import InvalidTransition
from baxt.domain.values import CaseStatus, CloseReason, ContactOutcome, FlagSource

from .helpers import ACTOR, NOW, case_in, close, consult, reach_family, refer, visit

FLAGGED, CONTACTED, VISITED, CONSULTED, REFERRED, CLOSED = CaseStatus
OPEN = frozenset(CaseStatus) - {CLOSED}


def _call_without_reaching(case: Case) -> None:
    case.record_contact_attempt(
        outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor=ACTOR
    )


def _reopen(case: Case) -> None:
    case.reopen(reason="The family came back", actor=ACTOR, now=NOW + timedelta(days=1))


def _add_flag(case: Case) -> None:
    case.add_flag(
        source=FlagSource.COMMUNITY_REPORT, indicators=["SCHOOL_ABSENCE"], note="", actor=ACTOR
    )


Command = Callable[[Case], object]
COMMANDS: dict[str, tuple[Command, frozenset[CaseStatus]]] = {
    "call_without_reaching": (_call_without_reaching, OPEN),
    "call_reaching": (reach_family, OPEN),
    "visit": (visit, OPEN),
    "consult": (consult, frozenset({VISITED})),
    "refer": (refer, frozenset({CONSULTED, REFERRED})),
    "close": (close, OPEN),
    "reopen": (_reopen, frozenset({CLOSED})),
    "add_flag": (_add_flag, OPEN),
}
STATUS_AFTER: dict[str, CaseStatus | None] = {
    "call_without_reaching": None,
    "call_reaching": CONTACTED,
    "visit": VISITED,
    "consult": CONSULTED,
    "refer": REFERRED,
    "close": CLOSED,
    "reopen": FLAGGED,
    "add_flag": None,
}
# Where a call or a visit follows the case up rather than moving it on: it keeps the status.
FOLLOW_UP_FROM: dict[str, frozenset[CaseStatus]] = {
    "call_reaching": frozenset({VISITED, CONSULTED, REFERRED}),
    "visit": frozenset({CONSULTED, REFERRED}),
}
ALLOWED = [
    pytest.param(name, status, id=f"{name}-from-{status.value}")
    for name, (_, allowed) in COMMANDS.items()
    for status in CaseStatus
    if status in allowed
]
REFUSED = [
    pytest.param(name, status, id=f"{name}-from-{status.value}")
    for name, (_, allowed) in COMMANDS.items()
    for status in CaseStatus
    if status not in allowed
]


@pytest.mark.parametrize(("command", "status"), ALLOWED)
def test_an_allowed_move_records_one_event_and_lands_in_its_next_status(
    command: str, status: CaseStatus
) -> None:
    case = case_in(status)
    version = case.version

    COMMANDS[command][0](case)

    assert len(case.collect_events()) == 1
    assert case.version == version + 1
    follows_up = status in FOLLOW_UP_FROM.get(command, frozenset())
    assert case.status is (status if follows_up else STATUS_AFTER[command] or status)


@pytest.mark.parametrize(("command", "status"), REFUSED)
def test_a_move_the_life_of_a_case_does_not_allow_is_refused_and_changes_nothing(
    command: str, status: CaseStatus
) -> None:
    case = case_in(status)
    version = case.version

    with pytest.raises(InvalidTransition) as refused:
        COMMANDS[command][0](case)

    assert refused.value.code == "INVALID_TRANSITION"
    assert case.collect_events() == []
    assert case.version == version
    assert case.status is status


def test_the_refusal_names_the_current_status_and_the_statuses_the_move_is_allowed_from() -> None:
    case = case_in(FLAGGED)

    with pytest.raises(InvalidTransition, match="FLAGGED") as refused:
        consult(case)

    assert "VISITED" in refused.value.message


def test_a_case_can_go_through_a_whole_episode_and_be_reopened_for_another() -> None:
    case = case_in(FLAGGED)
    reach_family(case)
    visit(case)
    consult(case)
    refer(case)
    refer(case)
    close(case, CloseReason.SERVICES_LINKED)
    _reopen(case)

    assert [type(e).__name__ for e in case.collect_events()] == [
        "ContactAttempted",
        "Visited",
        "Consulted",
        "Referred",
        "Referred",
        "Closed",
        "Reopened",
    ]
    assert case.status is FLAGGED
    assert len(case.referrals) == 2
