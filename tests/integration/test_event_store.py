from __future__ import annotations

import psycopg

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.values import (
    CaseStatus,
    CloseReason,
    ContactOutcome,
    FlagSource,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Sex,
    Visit,
)
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY


def _play_whole_case(app: CaseApplication) -> Case:
    kid = child(6, Sex.MALE)
    case_id = app.flag_child(
        child=kid,
        household=household(),
        source=FlagSource.RISK_SCREENING,
        indicators=["HOUSING_OVERCROWDING"],
        note="",
        actor="ali",
    ).case_id
    app.change_case(
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=hours_ago(2),
            note="",
            actor="ali",
            now=app.now(),
        ),
    )
    app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(1), True, True, "small flat", False), actor="ali", now=app.now()
        ),
    )
    app.change_case(
        case_id,
        lambda case: case.record_consultation(
            needs=[Need(NeedDomain.LANGUAGE, NeedLevel.HIGH, "speech")],
            plan=[PlanItem("speech therapy", "SPEECH_THERAPY", kid.birth_date.replace(year=2030))],
            note="",
            actor="vali",
        ),
    )
    app.change_case(
        case_id,
        lambda case: case.refer(
            service_category="SPEECH_THERAPY",
            provider="Centre",
            reason="speech",
            consent_given=True,
            actor="vali",
        ),
    )
    app.change_case(
        case_id, lambda case: case.close(reason=CloseReason.SERVICES_LINKED, note="", actor="vali")
    )
    case: object = app.repository.get(case_id)
    assert isinstance(case, Case)
    return case


def test_a_whole_case_reloads_from_postgres_with_every_value_typed(
    app: CaseApplication, migrated_url: str
) -> None:
    played = _play_whole_case(app)
    other = CaseApplication(event_store_env(migrated_url), case_key=CASE_KEY)
    reloaded: object = other.repository.get(played.id)
    other.close()

    assert isinstance(reloaded, Case)
    assert reloaded.version == 6
    assert reloaded.status is CaseStatus.CLOSED
    assert reloaded.child == played.child
    assert reloaded.visits == played.visits
    assert reloaded.needs == played.needs
    assert reloaded.plan == played.plan
    assert reloaded.referrals == played.referrals
    assert reloaded.close_reason is CloseReason.SERVICES_LINKED


def test_every_event_is_a_row_of_the_events_table_with_its_actor(
    app: CaseApplication, migrated_url: str
) -> None:
    case = _play_whole_case(app)
    with psycopg.connect(migrated_url) as conn:
        rows = conn.execute(
            "SELECT originator_version, topic, state FROM cases_events"
            " WHERE originator_id = %s ORDER BY originator_version",
            (case.id,),
        ).fetchall()

    assert [version for version, _, _ in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0][1].endswith("Case.Flagged")
    assert b'"actor":"ali"' in bytes(rows[0][2])
    assert b'"actor":"vali"' in bytes(rows[5][2])


def test_flagging_the_same_child_twice_keeps_one_case(app: CaseApplication) -> None:
    kid = child()
    first = app.flag_child(
        child=kid,
        household=household(),
        source=FlagSource.RISK_SCREENING,
        indicators=["WATER_CUTOFF"],
        note="",
        actor="a",
    )
    second = app.flag_child(
        child=kid,
        household=household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=["SCHOOL_ABSENCE"],
        note="neighbour called 129",
        actor="b",
    )

    assert second.case_id == first.case_id
    assert [entry.type for entry in app.history(first.case_id)] == ["Flagged", "FlagAdded"]


def test_history_pages_through_the_event_store_in_order(app: CaseApplication) -> None:
    case = _play_whole_case(app)

    first_page = app.history(case.id, limit=4)
    rest = app.history(case.id, after=first_page[-1].sequence, limit=4)

    assert [e.sequence for e in first_page + rest] == [1, 2, 3, 4, 5, 6]
    assert [e.type for e in rest] == ["Referred", "Closed"]
