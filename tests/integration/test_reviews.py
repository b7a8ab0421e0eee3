"""Case reviews on the real PostgreSQL: sealed at rest, followed by case_summary as a rebuild
does, erased from it with the child, and reminded when overdue as a visit is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID

import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.reminders import OverdueReminders
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.domain.personal_data import ERASED
from baxt.domain.values import (
    CloseReason,
    FlagSource,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    RiskLevel,
    Visit,
)
from baxt.domain.work_plan import goal_id
from baxt.migrations import apply_migrations
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY
from tests.integration.test_reminders import ROSTER, _messages
from tests.integration.test_work_plan import VACCINATIONS, _consulted, _query, _summary
from tests.sealed import opened

PROGRESS = "Shahzoda had her second shots"
NOTE = "The mother asks for a speech therapist"


def _review(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(
        case_id,
        lambda case: case.record_review(
            reviewed_on=hours_ago(1).date(),
            risk_level=RiskLevel.HIGH,
            next_review_due=date(2099, 1, 1),
            progress=[(goal_id(case_id, 1), PROGRESS)],
            note=NOTE,
            actor="cw",
            now=hours_ago(0),
        ),
    )


def test_a_review_is_sealed_at_rest_and_kept_by_case_summary_as_a_rebuild_does(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _consulted(app, [VACCINATIONS])

    _review(app, case_id)
    catch_up_case_summary(event_store_env(url))

    rows = _query(url, "SELECT state FROM cases_events WHERE originator_id = %s", case_id)
    stored = b"".join(bytes(r["state"]) for r in rows)
    assert PROGRESS.encode() not in stored
    assert NOTE.encode() not in stored
    row = _summary(url, case_id)
    assert (row["last_reviewed_on"], row["risk_level"], row["next_review_due"]) == (
        hours_ago(1).date(),
        "HIGH",
        date(2099, 1, 1),
    )
    assert PROGRESS not in str(row)  # sealed in the read model too
    notes = opened(url, case_id, row["goals"][0]["notes"])
    assert [n["text"] for n in notes] == [PROGRESS]
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_an_erased_child_s_progress_notes_leave_case_summary(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _consulted(app, [VACCINATIONS])
    _review(app, case_id)

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    assert all(n["text"] in (ERASED, "") for g in row["goals"] for n in g["notes"])
    assert PROGRESS not in str(row)
    assert NOTE not in str(row)
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


@pytest.fixture
def staffed(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    """A migrated database with the roster: cw.aziza and sup.chilonzor hear of Bunyodkor."""
    apply_migrations(fresh_database_url)
    with ROSTER.open(encoding="utf-8") as roster:
        save_roster(fresh_database_url, parse_roster(roster)[0])
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _reviewed_in_bunyodkor(app: CaseApplication, due: date) -> UUID:
    case_id = app.flag_child(
        child=child(),
        household=household(mahalla="Bunyodkor"),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=[],
        note="",
        actor="registry",
    ).case_id
    app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(2), True, True, "", False), actor="cw", now=hours_ago(0)
        ),
    )
    needs = [Need(NeedDomain.HEALTH, NeedLevel.HIGH, "")]
    plan = [PlanItem("Vaccinations brought up to date", "HEALTH_CLINIC", due + timedelta(90))]
    app.change_case(
        case_id,
        lambda case: case.record_consultation(needs=needs, plan=plan, note="", actor="cw"),
    )
    app.change_case(
        case_id, lambda case: case.assign(caseworker="cw.aziza", reason="", actor="sup")
    )
    app.change_case(
        case_id,
        lambda case: case.record_review(
            reviewed_on=hours_ago(1).date(),
            risk_level=RiskLevel.LOW,
            next_review_due=due,
            actor="cw",
            now=hours_ago(0),
        ),
    )
    return case_id


def _remind(url: str, app: CaseApplication, day: date) -> tuple[int, int]:
    report = OverdueReminders(app, url, supervisor_after_days=14).run(day)
    catch_up_case_summary(event_store_env(url))
    return report.reviews_overdue, report.reviews_reminded


def test_an_overdue_review_reminds_the_caseworker_then_the_supervisor_once_each(
    staffed: tuple[str, CaseApplication],
) -> None:
    url, app = staffed
    due = hours_ago(1).date() + timedelta(days=1)
    case_id = _reviewed_in_bunyodkor(app, due)
    catch_up_case_summary(event_store_env(url))

    assert _remind(url, app, due) == (0, 0)
    assert _remind(url, app, due + timedelta(days=1)) == (1, 1)
    assert _remind(url, app, due + timedelta(days=2)) == (1, 0), "a second day adds nothing"
    assert _remind(url, app, due + timedelta(days=14)) == (1, 1)

    overdue = [e.data for e in app.history(case_id) if e.type == "ReviewOverdue"]
    assert [(d["level"], d["caseworker"]) for d in overdue] == [
        ("CASEWORKER", "cw.aziza"),
        ("SUPERVISOR", "cw.aziza"),
    ]
    messages = _messages(url, app)
    assert {m[1] for m in messages if m[0] == "REVIEW_OVERDUE"} == {"cw.aziza", "sup.chilonzor"}
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_a_closed_case_s_review_is_not_reminded(staffed: tuple[str, CaseApplication]) -> None:
    url, app = staffed
    due = hours_ago(1).date() + timedelta(days=1)
    case_id = _reviewed_in_bunyodkor(app, due)
    app.change_case(
        case_id, lambda case: case.close(reason=CloseReason.MOVED, note="", actor="sup")
    )
    catch_up_case_summary(event_store_env(url))

    assert _remind(url, app, due + timedelta(days=30)) == (0, 0)
