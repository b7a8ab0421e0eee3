from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from baxt.application.cases.application import CaseApplication
from baxt.domain.errors import (
    CaseNotFound,
    Conflict,
    InvalidInput,
    InvalidPinfl,
    InvalidTransition,
    NotUnder18,
)
from baxt.domain.values import CaseStatus, CloseReason, ContactOutcome, FlagSource, Sex

from .helpers import (
    ACTOR,
    CASE_KEY,
    NOW,
    a_child,
    a_plan,
    a_visit,
    an_application,
    flag_child,
    read_case,
    some_needs,
)


def test_flagging_a_child_opens_a_case_under_the_id_derived_from_the_pinfl() -> None:
    app = an_application()
    child = a_child()

    saved = flag_child(app, child)

    assert saved.case_id == app.case_id_for(child.personal_id)
    assert saved.version == 1
    assert read_case(app, saved.case_id).status is CaseStatus.FLAGGED


def test_the_case_id_is_the_same_under_the_same_key_and_differs_under_another() -> None:
    pinfl = a_child().personal_id

    same = CaseApplication(case_key=CASE_KEY).case_id_for(pinfl)
    other = CaseApplication(case_key=b"another-key").case_id_for(pinfl)

    assert an_application().case_id_for(pinfl) == same != other
    assert pinfl not in str(same)


def test_flagging_an_open_case_again_adds_the_flag_to_the_same_case() -> None:
    app = an_application()
    first = flag_child(app)

    again = flag_child(app, source=FlagSource.COMMUNITY_REPORT, indicators=["SCHOOL_ABSENCE"])

    assert again.case_id == first.case_id
    assert [e.type for e in app.history(first.case_id)] == ["Flagged", "FlagAdded"]
    case = read_case(app, first.case_id)
    assert list(case.indicators) == ["NO_BIRTH_REGISTRATION", "SCHOOL_ABSENCE"]


def test_flagging_a_closed_case_again_reopens_it() -> None:
    app = an_application()
    first = flag_child(app)
    app.change_case(
        first.case_id, lambda case: case.close(reason=CloseReason.MOVED, note="", actor=ACTOR)
    )

    again = flag_child(app, source=FlagSource.PARTNER_NGO, indicators=[])

    assert again.case_id == first.case_id
    assert [e.type for e in app.history(first.case_id)] == ["Flagged", "Closed", "Reopened"]
    case = read_case(app, first.case_id)
    assert (case.status, case.source) == (CaseStatus.FLAGGED, FlagSource.PARTNER_NGO)


def test_a_closed_case_can_be_reopened_by_hand() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(
        case_id, lambda case: case.close(reason=CloseReason.UNREACHABLE, note="", actor=ACTOR)
    )

    saved = app.change_case(
        case_id, lambda case: case.reopen(reason="The family came back", actor=ACTOR, now=app.now())
    )

    assert saved.version == 3
    assert read_case(app, case_id).status is CaseStatus.FLAGGED


def test_a_child_with_an_invalid_pinfl_gets_no_case() -> None:
    app = an_application()
    child = a_child(sex=Sex.MALE)
    wrong_sex = replace(child, sex=Sex.FEMALE)

    with pytest.raises(InvalidPinfl):
        flag_child(app, wrong_sex)

    assert app.history(app.case_id_for(child.personal_id)) == []


def test_a_child_who_is_already_18_gets_no_case() -> None:
    app = an_application()
    adult = a_child(birth_date=date(2008, 5, 10))

    with pytest.raises(NotUnder18):
        flag_child(app, adult)

    assert app.history(app.case_id_for(adult.personal_id)) == []


def test_the_check_digit_is_verified_when_the_application_is_told_to() -> None:
    child = a_child()
    check_digit = int(child.personal_id[13])
    wrong_check_digit = replace(
        child, personal_id=child.personal_id[:13] + str((check_digit + 1) % 10)
    )
    strict = CaseApplication(case_key=CASE_KEY, clock=lambda: NOW, verify_check_digit=True)

    with pytest.raises(InvalidPinfl, match="check digit"):
        flag_child(strict, wrong_check_digit)
    assert flag_child(an_application(), wrong_check_digit).version == 1


def test_a_command_based_on_a_stale_version_is_refused_as_a_conflict() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(
        case_id, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
    )

    with pytest.raises(Conflict) as refused:
        app.change_case(
            case_id,
            lambda case: case.close(reason=CloseReason.MOVED, note="", actor=ACTOR),
            expected_version=1,
        )

    assert refused.value.code == "CONFLICT"
    assert read_case(app, case_id).status is CaseStatus.VISITED


def test_a_command_based_on_the_current_version_is_accepted() -> None:
    app = an_application()
    case_id = flag_child(app).case_id

    saved = app.change_case(
        case_id,
        lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now()),
        expected_version=1,
    )

    assert saved.version == 2


def test_a_command_on_an_unknown_case_is_refused_as_not_found() -> None:
    app = an_application()
    unknown = app.case_id_for(a_child().personal_id)

    with pytest.raises(CaseNotFound) as refused:
        app.change_case(
            unknown, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
        )

    assert refused.value.code == "NOT_FOUND"


def test_a_refused_command_stores_nothing() -> None:
    app = an_application()
    case_id = flag_child(app).case_id

    with pytest.raises(InvalidTransition):
        app.change_case(
            case_id,
            lambda case: case.record_consultation(
                needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
            ),
        )

    assert [e.type for e in app.history(case_id)] == ["Flagged"]
    assert read_case(app, case_id).version == 1


def test_a_visit_is_judged_against_the_applications_clock() -> None:
    app = an_application(now=datetime(2026, 1, 1, tzinfo=UTC))
    case_id = flag_child(app).case_id

    with pytest.raises(InvalidInput, match="before it happens"):
        app.change_case(
            case_id,
            lambda case: case.record_visit(
                visit=a_visit(at=datetime(2026, 1, 2, tzinfo=UTC)), actor=ACTOR, now=app.now()
            ),
        )


def test_a_whole_episode_can_be_recorded_and_closed_with_services_linked() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=NOW + timedelta(days=1),
            note="",
            actor=ACTOR,
            now=app.now(),
        ),
    )
    app.change_case(
        case_id, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
    )
    app.change_case(
        case_id,
        lambda case: case.record_consultation(
            needs=some_needs(), plan=a_plan(), note="", actor=ACTOR
        ),
    )
    app.change_case(
        case_id,
        lambda case: case.refer(
            service_category="HEALTH_CLINIC",
            provider="Polyclinic No. 12",
            reason="Vaccinations are overdue",
            consent_given=True,
            actor=ACTOR,
        ),
    )

    saved = app.change_case(
        case_id, lambda case: case.close(reason=CloseReason.SERVICES_LINKED, note="", actor=ACTOR)
    )

    assert saved.version == 6
    case = read_case(app, case_id)
    assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.SERVICES_LINKED)


def test_the_history_lists_the_events_in_order_with_json_ready_data() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(
        case_id,
        lambda case: case.record_visit(visit=a_visit(), actor="caseworker-9", now=app.now()),
    )

    history = app.history(case_id)

    assert [(e.sequence, e.type, e.actor) for e in history] == [
        (1, "Flagged", ACTOR),
        (2, "Visited", "caseworker-9"),
    ]
    assert history[0].data["child"]["birth_date"] == "2015-03-04"
    assert history[0].data["source"] == "RISK_SCREENING"
    assert history[1].data["visit"]["visited_at"] == NOW.isoformat()
    assert json.loads(json.dumps([e.data for e in history])) == [e.data for e in history]


def test_the_history_can_be_read_a_page_at_a_time() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    for _ in range(3):
        app.change_case(
            case_id, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
        )

    page = app.history(case_id, after=1, limit=2)

    assert [e.sequence for e in page] == [2, 3]


def test_the_history_of_an_unknown_case_is_empty() -> None:
    app = an_application()

    assert app.history(app.case_id_for(a_child().personal_id)) == []
