"""Case reviews on the real PostgreSQL: sealed at rest, followed by case_summary as a rebuild
does, and erased from it with the child."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.personal_data import ERASED
from baxt.domain.values import RiskLevel
from baxt.domain.work_plan import goal_id
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from tests.factories import hours_ago
from tests.integration.test_work_plan import VACCINATIONS, _consulted, _query, _summary

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
    assert [n["text"] for n in row["goals"][0]["notes"]] == [PROGRESS]
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
