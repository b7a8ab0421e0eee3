from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder

from baxt.application.transcodings import register_domain_transcodings
from baxt.domain.case import Case
from baxt.domain.values import (
    CaseStatus,
    CloseReason,
    ContactOutcome,
    FlagSource,
    GoalChange,
    GoalStatus,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Referral,
    ReferralStatus,
    Sex,
)

from .helpers import (
    ACTOR,
    NOW,
    a_child,
    a_household,
    a_plan,
    a_visit,
    an_application,
    flag_child,
    read_case,
    some_needs,
)


def _transcoder() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    register_domain_transcodings(transcoder)
    return transcoder


def _round_trip(value: Any) -> Any:
    transcoder = _transcoder()
    return transcoder.decode(transcoder.encode(value))


@pytest.mark.parametrize(
    "value",
    [
        date(2015, 3, 4),
        Sex.FEMALE,
        CloseReason.SERVICES_LINKED,
        a_child(),
        a_household(),
        Need(NeedDomain.SAFETY, NeedLevel.MEDIUM, "a note"),
        PlanItem("Enrol in kindergarten", "EDUCATION", date(2026, 9, 1)),
        Referral("r-1", "HEALTH_CLINIC", "Polyclinic No. 12", "Overdue vaccinations"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_a_domain_value_comes_back_equal_and_of_its_own_type(value: object) -> None:
    back = _round_trip(value)

    assert type(back) is type(value)
    assert back == value


def test_a_value_inside_a_value_comes_back_typed() -> None:
    back = _round_trip({"referrals": [Referral("r-1", "LEGAL", "Bar", "Papers")]})

    assert back["referrals"][0].status is ReferralStatus.PENDING


def test_a_date_is_stored_as_iso_text() -> None:
    assert b'"2015-03-04"' in _transcoder().encode(date(2015, 3, 4))


def test_an_enum_is_stored_by_its_value() -> None:
    assert b'"NO_NEEDS_FOUND"' in _transcoder().encode(CloseReason.NO_NEEDS_FOUND)


def test_every_case_event_comes_back_from_the_mapper_as_it_went_in() -> None:
    app = an_application()
    case = Case.flag(
        case_id=uuid4(),
        child=a_child(),
        household=a_household(),
        source=FlagSource.AGE3_SURVEY,
        indicators=["NO_BIRTH_REGISTRATION"],
        note="",
        actor=ACTOR,
        now=NOW,
    )
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=NOW + timedelta(days=1),
        note="",
        actor=ACTOR,
    )
    case.record_visit(visit=a_visit(), actor=ACTOR, now=NOW)
    case.record_consultation(needs=some_needs(), plan=a_plan(), note="", actor=ACTOR)
    case.revise_work_plan(
        reason="Review",
        actor=ACTOR,
        add=[PlanItem("Speech", "SPEECH_THERAPY", date(2026, 9, 30))],
        change=[GoalChange(case.goals[0].id, status=GoalStatus.ACHIEVED, note="Done")],
    )
    case.refer(
        service_category="HEALTH_CLINIC",
        provider="Polyclinic No. 12",
        reason="Overdue vaccinations",
        consent_given=True,
        actor=ACTOR,
    )
    case.close(reason=CloseReason.SERVICES_LINKED, note="", actor=ACTOR)
    case.reopen(reason="A new report", actor=ACTOR, now=NOW)
    case.correct_child(reason="Misspelt", actor=ACTOR, full_name="Aziza Karimovna")
    case.correct_household(reason="New phone", actor=ACTOR, guardian_phone="+998907654321")

    for event in case.collect_events():
        back = app.mapper.to_domain_event(app.mapper.to_stored_event(event))
        assert type(back) is type(event)
        assert _fields_of(back) == _fields_of(event)


def _fields_of(event: object) -> dict[str, Any]:
    """The event's fields, with sequences compared by content (JSON has no tuples)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(event).items()}


def test_a_case_read_back_from_the_store_has_its_values_typed() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(
        case_id, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
    )
    app.change_case(
        case_id,
        lambda case: case.record_consultation(
            needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
        ),
    )

    case = read_case(app, case_id)

    assert case.status is CaseStatus.CONSULTED
    assert case.child == a_child()
    assert type(case.child.birth_date) is date
    assert case.child.sex is Sex.FEMALE
    assert case.household == a_household()
    assert case.visits == (a_visit(),)
    assert case.visits[0].visited_at.tzinfo is not None
    assert list(case.needs) == some_needs()
    assert list(case.plan) == a_plan()


def test_a_case_read_back_from_the_store_keeps_its_indicators_as_a_tuple() -> None:
    app = an_application()
    case_id = flag_child(app, indicators=["NO_BIRTH_REGISTRATION", "SCHOOL_ABSENCE"]).case_id

    case = read_case(app, case_id)

    assert case.indicators == ("NO_BIRTH_REGISTRATION", "SCHOOL_ABSENCE")


def test_an_agreed_visit_time_comes_back_as_the_same_instant() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    agreed = datetime(2026, 5, 12, 10, 30, tzinfo=UTC)
    app.change_case(
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=agreed,
            note="",
            actor=ACTOR,
            now=app.now(),
        ),
    )

    assert read_case(app, case_id).visit_scheduled_at == agreed
