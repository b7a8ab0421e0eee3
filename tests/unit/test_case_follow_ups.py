"""Calls and visits in every open status: before the first contact and the consultation they
move the case on; after them they follow it up, keep its status and are counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import CaseErased, InvalidInput, InvalidTransition
from baxt.domain.quarter import Quarter
from baxt.domain.values import CaseStatus, CloseReason, ContactOutcome

from .helpers import (
    ACTOR,
    NOW,
    a_visit,
    an_application,
    case_in,
    consult,
    flag_child,
    read_case,
)

FLAGGED, CONTACTED, VISITED, CONSULTED, REFERRED, CLOSED = CaseStatus
OPEN = [FLAGGED, CONTACTED, VISITED, CONSULTED, REFERRED]
CALL_MOVES_ON = {FLAGGED: CONTACTED, CONTACTED: CONTACTED}
VISIT_MOVES_ON = {FLAGGED: VISITED, CONTACTED: VISITED, VISITED: VISITED}
LATER = NOW + timedelta(days=3)


def _call(
    case: Case,
    outcome: ContactOutcome = ContactOutcome.REACHED,
    scheduled: datetime | None = NOW + timedelta(days=2),
) -> None:
    agreed = scheduled if outcome is ContactOutcome.REACHED else None
    case.record_contact_attempt(
        outcome=outcome, visit_scheduled_at=agreed, note="", actor=ACTOR, now=NOW
    )


def _miss(case: Case) -> None:
    _call(case, ContactOutcome.NO_ANSWER)


def _visit(case: Case, *, child_seen: bool = True, at: datetime = LATER) -> None:
    case.record_visit(visit=a_visit(child_seen=child_seen, at=at), actor=ACTOR, now=LATER)


def _unseen_visit(case: Case) -> None:
    _visit(case, child_seen=False)


Command = Callable[[Case], None]
CALLS: dict[str, Command] = {"reached": _call, "missed": _miss}
VISITS: dict[str, Command] = {"seen": _visit, "unseen": _unseen_visit}


@pytest.mark.parametrize("status", OPEN, ids=str)
@pytest.mark.parametrize("call", CALLS, ids=str)
def test_a_call_is_recorded_in_every_open_status(call: str, status: CaseStatus) -> None:
    case = case_in(status)
    attempts = case.contact_attempts

    CALLS[call](case)

    (event,) = case.collect_events()
    assert isinstance(event, Case.ContactAttempted)
    assert case.contact_attempts == attempts + 1
    moved_on = call == "reached" and status in CALL_MOVES_ON
    assert case.status is (CONTACTED if moved_on else status)


@pytest.mark.parametrize("status", OPEN, ids=str)
@pytest.mark.parametrize("kind", VISITS, ids=str)
def test_a_visit_is_recorded_in_every_open_status(kind: str, status: CaseStatus) -> None:
    case = case_in(status)
    visits = len(case.visits)

    VISITS[kind](case)

    (event,) = case.collect_events()
    assert isinstance(event, Case.Visited)
    assert len(case.visits) == visits + 1
    assert case.status is VISIT_MOVES_ON.get(status, status)


@pytest.mark.parametrize("command", [*CALLS.values(), *VISITS.values()], ids=[*CALLS, *VISITS])
def test_a_closed_case_takes_neither_a_call_nor_a_visit(command: Command) -> None:
    case = case_in(CLOSED)
    version = case.version

    with pytest.raises(InvalidTransition) as refused:
        command(case)

    assert refused.value.code == "INVALID_TRANSITION"
    assert (case.version, case.collect_events(), case.follow_ups) == (version, [], 0)


@pytest.mark.parametrize("command", [*CALLS.values(), *VISITS.values()], ids=[*CALLS, *VISITS])
def test_an_erased_case_takes_neither_a_call_nor_a_visit(command: Command) -> None:
    case = case_in(CONSULTED)
    case.erase_child_data(legal_reason="court order 12/2026", actor=ACTOR)

    with pytest.raises(CaseErased):
        command(case)


@pytest.mark.parametrize(
    ("status", "command", "follows_up"),
    [
        (FLAGGED, _call, False),
        (CONTACTED, _call, False),
        (VISITED, _call, True),
        (CONSULTED, _call, True),
        (REFERRED, _call, True),
        (FLAGGED, _visit, False),
        (CONTACTED, _visit, False),
        (VISITED, _visit, False),
        (CONSULTED, _visit, True),
        (REFERRED, _visit, True),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_only_a_call_after_a_visit_or_a_visit_after_the_consultation_is_a_follow_up(
    status: CaseStatus, command: Command, follows_up: bool
) -> None:
    case = case_in(status)

    command(case)

    assert case.follow_ups == (1 if follows_up else 0)
    assert (case.last_follow_up_at is not None) is follows_up


def test_a_follow_up_visit_counts_at_its_own_time_and_a_call_at_its_recording() -> None:
    case = case_in(CONSULTED)
    visited_at = datetime(2026, 5, 12, 15, 0, tzinfo=UTC)

    _visit(case, at=visited_at)
    assert (case.follow_ups, case.last_follow_up_at) == (1, visited_at)
    _miss(case)

    (_, call) = case.collect_events()
    assert (case.follow_ups, case.last_follow_up_at) == (2, call.timestamp)


def test_an_earlier_visit_recorded_late_leaves_the_latest_follow_up_time() -> None:
    case = case_in(REFERRED)
    _visit(case, at=LATER)

    _visit(case, at=LATER - timedelta(days=2))

    assert (case.follow_ups, case.last_follow_up_at) == (2, LATER)


def test_a_reached_follow_up_call_need_not_agree_a_visit_time_and_keeps_the_last_one() -> None:
    case = case_in(CONTACTED)
    agreed = case.visit_scheduled_at
    _visit(case)

    _call(case, scheduled=None)

    assert (case.status, case.visit_scheduled_at) == (VISITED, agreed)


def test_a_reached_follow_up_call_may_agree_the_next_visit() -> None:
    case = case_in(CONSULTED)
    next_visit = NOW + timedelta(days=20)

    _call(case, scheduled=next_visit)

    assert (case.status, case.visit_scheduled_at) == (CONSULTED, next_visit)


@pytest.mark.parametrize("status", [FLAGGED, CONTACTED], ids=str)
def test_a_call_that_first_reaches_the_family_must_still_agree_a_visit_time(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    with pytest.raises(InvalidInput) as refused:
        _call(case, scheduled=None)

    assert refused.value.field == ("visit_scheduled_at",)
    assert case.collect_events() == []


@pytest.mark.parametrize("status", [VISITED, CONSULTED, REFERRED], ids=str)
def test_missed_follow_up_calls_do_not_escalate(status: CaseStatus) -> None:
    case = case_in(status)

    for _ in range(4):
        _miss(case)

    assert not any(isinstance(e, Case.Escalated) for e in case.collect_events())
    assert (case.escalation, case.status, case.follow_ups) == (None, status, 4)


@pytest.mark.parametrize("status", [CONSULTED, REFERRED], ids=str)
def test_unseen_follow_up_visits_do_not_escalate_a_child_seen_before(status: CaseStatus) -> None:
    case = case_in(status)

    for _ in range(4):
        _unseen_visit(case)

    assert not any(isinstance(e, Case.Escalated) for e in case.collect_events())
    assert (case.escalation, case.status, case.child_seen) == (None, status, True)


@pytest.mark.parametrize("status", OPEN, ids=str)
def test_a_visit_that_saw_the_child_in_the_quarter_stops_its_overdue_reminder(
    status: CaseStatus,
) -> None:
    visited, not_visited = case_in(status), case_in(status)
    for case in (visited, not_visited):
        case.plan_visit(quarter=Quarter(2026, 3), actor=ACTOR)
    seen_at = datetime(2026, 8, 12, 9, tzinfo=UTC)

    visited.record_visit(visit=a_visit(at=seen_at), actor=ACTOR, now=seen_at)

    after_due = date(2026, 10, 20)
    assert not visited.remind_overdue(today=after_due, supervisor_after_days=14, actor=ACTOR)
    assert not_visited.remind_overdue(today=after_due, supervisor_after_days=14, actor=ACTOR)
    assert (visited.status, visited.reminders) == (VISIT_MOVES_ON.get(status, status), ())


def test_a_follow_up_after_the_consultation_can_be_consulted_on_no_more() -> None:
    case = case_in(CONSULTED)
    _visit(case)

    with pytest.raises(InvalidTransition):
        consult(case)


def test_follow_ups_are_replayed_from_the_store_as_they_were_recorded() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, _call)
    app.change_case(case_id, _visit)
    app.change_case(case_id, consult)
    app.change_case(case_id, _visit)
    app.change_case(case_id, _miss)

    case = read_case(app, case_id)

    assert (case.status, case.follow_ups, case.contact_attempts) == (CONSULTED, 2, 2)
    assert case.last_follow_up_at is not None


def test_a_reopened_case_counts_its_follow_ups_afresh() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    for command in (_call, _visit, consult, _visit):
        app.change_case(case_id, command)
    app.change_case(
        case_id, lambda case: case.close(reason=CloseReason.MOVED, note="", actor=ACTOR)
    )

    app.change_case(
        case_id, lambda case: case.reopen(reason="came back", actor=ACTOR, now=app.now())
    )

    case = read_case(app, case_id)
    assert (case.status, case.follow_ups, case.last_follow_up_at) == (FLAGGED, 0, None)
