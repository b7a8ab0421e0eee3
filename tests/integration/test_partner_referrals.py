"""The partner_referral read model on real PostgreSQL: written with case_summary, hidden on
revocation, rebuilt the same, and the daily reminders of unanswered referrals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.referral_reminders import ReferralReminders
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.quarter import local_date
from baxt.domain.referrals import ConsentPurpose, ProgressKind, ReferralOutcome
from baxt.domain.values import FlagSource, Need, NeedDomain, NeedLevel, PlanItem, Visit
from baxt.migrations import apply_migrations
from baxt.projections import rebuild
from baxt.projections.case_summary import case_summary_runner
from baxt.workers.notifier import notifier_runner
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY

SOS = "org-sos"
PARTNER = "partner.sos"


@pytest.fixture
def events_db(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def _referred(app: CaseApplication, *, category: str = "FAMILY_STRENGTHENING") -> tuple[UUID, str]:
    kid = child()
    case = Case.flag(
        case_id=app.case_id_for(kid.personal_id),
        child=kid,
        household=household(),
        source=FlagSource.MAHALLA_TEAM,
        indicators=[],
        note="",
        actor="cw",
        now=hours_ago(3),
    )
    case.record_visit(
        visit=Visit(hours_ago(2), True, True, "", False), actor="cw", now=hours_ago(1)
    )
    needs = [
        Need(NeedDomain.CARE, NeedLevel.HIGH, "no day care"),
        Need(NeedDomain.LEGAL, NeedLevel.LOW, "papers"),
    ]
    plan = [PlanItem("support", category, local_date(hours_ago(0)) + timedelta(days=30))]
    case.record_consultation(needs=needs, plan=plan, note="", actor="cw")
    case.give_consent(organisation_id=SOS, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor="cw")
    referral_id = case.refer(
        service_category=category,
        provider="SOS",
        reason="family in crisis",
        consent_given=True,
        actor="cw",
        organisation_id=SOS,
        service_id="service-sos",
    )
    app.save(case)
    return case.id, referral_id


def _change(app: CaseApplication, case_id: UUID, command: Any) -> None:
    app.change_case(case_id, command)


def _decline(referral_id: str) -> Any:
    return lambda case: case.decline_referral(
        referral_id=referral_id, organisation_id=SOS, reason="no places", actor=PARTNER
    )


def _project(url: str, app: CaseApplication) -> None:
    last = app.recorder.max_notification_id() or 0
    with case_summary_runner(event_store_env(url)) as runner:
        runner.wait(last, timeout=60)


def _row(url: str, referral_id: str) -> dict[str, Any]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as conn:
        row = conn.execute(
            "SELECT * FROM partner_referral WHERE referral_id = %s", [referral_id]
        ).fetchone()
    assert row is not None
    return row


def test_a_referral_to_a_partner_gets_its_row_with_only_the_needs_its_service_works_on(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, referral_id = _referred(app, category="DAY_CARE")

    _project(url, app)

    row = _row(url, referral_id)
    assert (row["case_id"], row["organisation_id"], row["status"]) == (case_id, SOS, "PENDING")
    assert [n["domain"] for n in row["needs"]] == ["CARE"]
    assert "personal_id" not in row
    assert row["visible"] is True


def test_each_partner_step_shows_in_its_row_and_in_the_case_s_referrals(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, referral_id = _referred(app)
    _change(
        app,
        case_id,
        lambda c: c.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER),
    )
    _change(
        app,
        case_id,
        lambda c: c.record_referral_progress(
            referral_id=referral_id,
            organisation_id=SOS,
            kind=ProgressKind.TRAINING_COMPLETED,
            note="parenting course",
            certificate_number="C-97",
            actor=PARTNER,
        ),
    )
    _change(app, case_id, lambda c: c.complete_referral(
        referral_id=referral_id, organisation_id=SOS, outcome=ReferralOutcome.GOALS_MET,
        note="stable", actor=PARTNER))  # fmt: skip

    _project(url, app)

    row = _row(url, referral_id)
    assert (row["status"], row["outcome"]) == ("COMPLETED", "GOALS_MET")
    assert [(s["kind"], s["certificate_number"]) for s in row["progress"]] == [
        ("TRAINING_COMPLETED", "C-97")
    ]
    with psycopg.connect(url) as conn:
        summary = conn.execute(
            "SELECT referrals->0->>'status', version FROM case_summary WHERE case_id = %s",
            [case_id],
        ).fetchone()
    assert summary == ("COMPLETED", app.repository.get(case_id).version)


def test_revoking_consent_hides_the_row_from_that_moment(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, referral_id = _referred(app)
    _project(url, app)
    assert _row(url, referral_id)["visible"] is True

    _change(app, case_id, lambda c: c.revoke_consent(organisation_id=SOS, reason="", actor="cw"))
    _project(url, app)

    assert _row(url, referral_id)["visible"] is False


def test_a_rebuild_gives_the_same_partner_rows_as_live_processing(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, referral_id = _referred(app)
    _change(
        app,
        case_id,
        lambda c: c.accept_referral(referral_id=referral_id, organisation_id=SOS, actor=PARTNER),
    )
    _change(app, case_id, lambda c: c.revoke_consent(
        organisation_id=SOS, reason="", actor="cw"))  # fmt: skip
    _referred(app)
    _project(url, app)

    result = rebuild.check(event_store_env(url), "case_summary")

    assert result.matches, result.describe()
    assert "partner_referral" in {table.table for table in result.tables}


def test_an_unanswered_referral_is_reminded_then_escalated_once_each(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, _ = _referred(app)
    _project(url, app)
    reminders = ReferralReminders(app, url, answer_days=5, escalate_days=10)
    today = local_date(hours_ago(0))

    runs = [reminders.run(today + timedelta(days=days)).reminded for days in (4, 5, 5, 10, 10)]

    assert runs == [0, 1, 0, 1, 0]
    levels = [
        e.level.value for e in app.events.get(case_id) if isinstance(e, Case.ReferralReminded)
    ]
    assert levels == ["PARTNER", "SUPERVISOR"]


def _notified(url: str, app: CaseApplication) -> list[tuple[str, str, str]]:
    last = app.recorder.max_notification_id() or 0
    with notifier_runner(event_store_env(url)) as runner:
        runner.wait(last, timeout=60)
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT kind, recipient, channel FROM notification"
            " WHERE kind LIKE 'REFERRAL_%' ORDER BY kind, recipient, channel"
        ).fetchall()
    return [(kind, recipient, channel) for kind, recipient, channel in rows]


def _staff(url: str, user_id: str, role: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO staff (user_id, full_name, role, email, region, district)"
            " VALUES (%s, %s, %s, %s, 'Toshkent shahri', 'Chilonzor')",
            [user_id, user_id, role, f"{user_id}@example.org"],
        )


def test_a_decline_tells_the_caseworker_so_the_case_can_be_referred_elsewhere(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _staff(url, "cw.decline", "CASEWORKER")
    case_id, referral_id = _referred(app)
    _change(app, case_id, lambda c: c.assign(caseworker="cw.decline", reason="", actor="sup"))
    _change(app, case_id, _decline(referral_id))

    notified = _notified(url, app)

    assert notified == [
        ("REFERRAL_DECLINED", "cw.decline", "EMAIL"),
        ("REFERRAL_DECLINED", "cw.decline", "IN_APP"),
    ]


def test_a_decline_on_an_unassigned_case_and_an_escalation_tell_the_supervisors(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _staff(url, "sup.district", "SUPERVISOR")
    declined_case, declined = _referred(app)
    _change(app, declined_case, _decline(declined))
    _referred(app)
    _project(url, app)
    ReferralReminders(app, url, answer_days=5, escalate_days=10).run(
        local_date(hours_ago(0)) + timedelta(days=10)
    )

    notified = _notified(url, app)

    assert [(kind, who) for kind, who, channel in notified if channel == "IN_APP"] == [
        ("REFERRAL_DECLINED", "sup.district"),
        ("REFERRAL_UNANSWERED", "sup.district"),
    ]
