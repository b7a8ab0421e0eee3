"""Corrections on the real PostgreSQL: sealed at rest, followed by case_summary and the partner's
rows, rebuilt the same, and erased with the rest of the child's data."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

from baxt.application.audit.changes import case_changes
from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus, CloseReason, FlagSource, Sex
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from tests.factories import child, hours_ago, household
from tests.integration.test_partner_referrals import SOS, _referred
from tests.sealed import opened

NAME = "Shahzoda Rahimova"
GUARDIAN = "Rahimova Gulnora"
PHONE = "+998935550123"
REASON = "Misspelt by the screening import; the mother showed the birth certificate"


def _correct(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(
        case_id, lambda case: case.correct_child(reason=REASON, actor="cw", full_name=NAME)
    )
    app.change_case(
        case_id,
        lambda case: case.correct_household(
            reason=REASON, actor="cw", guardian_name=GUARDIAN, guardian_phone=PHONE
        ),
    )


def _flagged(app: CaseApplication) -> UUID:
    kid = child(name="Shaxzoda Raximova", sex=Sex.FEMALE)
    return app.flag_child(
        child=kid,
        household=household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=[],
        note="",
        actor="cw",
    ).case_id


def _query(url: str, statement: str, *params: Any) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(statement, params).fetchall()


def _summary(url: str, case_id: UUID) -> dict[str, Any]:
    (row,) = _query(url, "SELECT * FROM case_summary WHERE case_id = %s", case_id)
    return dict(opened(url, case_id, row))


def test_a_correction_s_name_phone_and_reason_are_sealed_in_the_stored_event(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _flagged(app)

    _correct(app, case_id)

    rows = _query(url, "SELECT topic, state FROM cases_events WHERE originator_id = %s", case_id)
    corrections = [bytes(r["state"]) for r in rows if r["topic"].endswith("Corrected")]
    assert len(corrections) == 2
    for text in (NAME, GUARDIAN, PHONE, REASON):
        assert all(text.encode() not in state for state in corrections)
    assert all(b'"pii:' in state for state in corrections)


def test_case_summary_follows_the_corrections_and_a_rebuild_gives_the_same_rows(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id = _flagged(app)
    app.change_case(case_id, lambda case: case.close(reason=CloseReason.MOVED, note="", actor="cw"))

    _correct(app, case_id)
    app.change_case(
        case_id, lambda case: case.correct_household(reason=REASON, actor="cw", mahalla="Qatortol")
    )
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    assert (row["full_name"], row["guardian_name"], row["guardian_phone"], row["mahalla"]) == (
        NAME,
        GUARDIAN,
        PHONE,
        "Qatortol",
    )
    assert (row["status"], row["version"]) == (CaseStatus.CLOSED.value, 5)
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_the_partner_s_rows_follow_the_child_s_and_guardian_s_corrections(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, referral_id = _referred(app)

    _correct(app, case_id)
    catch_up_case_summary(event_store_env(url))

    (row,) = _query(url, "SELECT * FROM partner_referral WHERE referral_id = %s", referral_id)
    row = opened(url, case_id, row)
    assert (row["organisation_id"], row["full_name"]) == (SOS, NAME)
    assert (row["guardian_name"], row["guardian_phone"]) == (GUARDIAN, PHONE)


def test_an_erasure_removes_the_corrected_data_from_the_read_models_as_a_rebuild_would(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, _ = _referred(app)
    _correct(app, case_id)
    catch_up_case_summary(event_store_env(url))

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    case: Any = app.repository.get(case_id)
    assert (row["full_name"], row["guardian_name"], row["guardian_phone"]) == (ERASED,) * 3
    assert _query(url, "SELECT 1 FROM partner_referral WHERE case_id = %s", case_id) == []
    assert (case.child.full_name, case.household.guardian_phone) == (ERASED, ERASED)
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_the_history_shows_each_correction_before_and_after(
    events_db: tuple[str, CaseApplication],
) -> None:
    _, app = events_db
    case_id = _flagged(app)
    since = hours_ago(1)

    _correct(app, case_id)

    changes = case_changes(app, case_id, since, hours_ago(-1))
    child_change, household_change = changes[-2:]
    assert child_change.type == Case.ChildCorrected.__name__
    assert [f.field for f in child_change.fields] == ["child"]
    (named,) = child_change.fields
    assert (named.before["full_name"], named.after["full_name"]) == ("Shaxzoda Raximova", NAME)
    assert household_change.type == Case.HouseholdCorrected.__name__
    (home,) = [f for f in household_change.fields if f.field == "household"]
    assert (home.before["guardian_phone"], home.after["guardian_phone"]) == (
        "+998901234567",
        PHONE,
    )
