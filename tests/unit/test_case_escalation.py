from __future__ import annotations

from datetime import timedelta

from baxt.domain.case import Case
from baxt.domain.values import CaseStatus, CloseReason, ContactOutcome, EscalationLevel

from .helpers import ACTOR, NOW, a_visit, case_in, reach_family


def _miss(case: Case, outcome: ContactOutcome = ContactOutcome.NO_ANSWER) -> None:
    case.record_contact_attempt(outcome=outcome, visit_scheduled_at=None, note="", actor=ACTOR)


def _unseen_visit(case: Case) -> None:
    case.record_visit(visit=a_visit(child_seen=False), actor=ACTOR, now=NOW + timedelta(hours=1))


def _escalations(case: Case) -> list[EscalationLevel]:
    return [e.level for e in case.collect_events() if isinstance(e, Case.Escalated)]


def test_the_third_call_that_misses_the_family_escalates_to_the_supervisor() -> None:
    case = case_in(CaseStatus.FLAGGED)
    _miss(case)
    _miss(case, ContactOutcome.WRONG_NUMBER)
    assert _escalations(case) == []

    _miss(case, ContactOutcome.DECLINED)

    assert _escalations(case) == [EscalationLevel.SUPERVISOR]
    assert case.escalation is EscalationLevel.SUPERVISOR


def test_further_missed_calls_do_not_escalate_again() -> None:
    case = case_in(CaseStatus.FLAGGED)
    for _ in range(5):
        _miss(case)

    assert _escalations(case) == [EscalationLevel.SUPERVISOR]


def test_missed_calls_after_the_family_was_reached_do_not_escalate() -> None:
    case = case_in(CaseStatus.FLAGGED)
    reach_family(case)
    for _ in range(3):
        _miss(case)

    assert _escalations(case) == []


def test_the_third_visit_that_does_not_see_the_child_asks_for_police_assistance() -> None:
    case = case_in(CaseStatus.CONTACTED)
    for _ in range(3):
        _unseen_visit(case)

    assert _escalations(case) == [EscalationLevel.POLICE_ASSISTANCE]


def test_unseen_visits_after_the_child_was_seen_do_not_escalate() -> None:
    case = case_in(CaseStatus.VISITED)
    for _ in range(3):
        _unseen_visit(case)

    assert _escalations(case) == []


def test_reopening_starts_the_counts_afresh() -> None:
    case = case_in(CaseStatus.FLAGGED)
    for _ in range(3):
        _miss(case)
    case.close(reason=CloseReason.UNREACHABLE, note="", actor=ACTOR)
    case.reopen(reason="new address", actor=ACTOR, now=NOW + timedelta(days=1))
    case.collect_events()

    _miss(case)
    _miss(case)

    assert (case.escalation, case.failed_contacts) == (None, 2)
    assert _escalations(case) == []
