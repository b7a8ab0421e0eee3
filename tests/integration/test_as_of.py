"""A case replayed from PostgreSQL's event store equals the case_summary row of that version."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.audit.as_of import case_summary_as_of
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.rows import CaseSummary
from baxt.bootstrap import event_store_env
from baxt.devtools.demo import load_demo, stories
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import (
    CloseReason,
    ContactOutcome,
    FlagReason,
    FlagSource,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Visit,
)
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import CaseSummaryProjection, CaseSummaryView
from baxt.projections.catch_up import catch_up
from tests.factories import child, household
from tests.integration.conftest import CASE_KEY

# reads as an auditor: every case, nothing masked
READER = case_view(Principal("tests", Role.AUDITOR))

ACTOR = "as-of.caseworker"
EPISODES = 8

Command = Callable[[], object]


@dataclass
class Store:
    """The event store and the case_summary read model of one fresh database."""

    app: CaseApplication
    view: CaseSummaryView
    read_model: CaseReadModel

    async def live_row(self, case_id: UUID) -> CaseSummary:
        catch_up(self.app, self.view)
        row = await self.read_model.get(case_id, READER)
        assert row is not None
        return row


@pytest.fixture
def projection_view(fresh_database_url: str) -> Iterator[CaseSummaryView]:
    apply_migrations(fresh_database_url)
    env = Environment(CaseSummaryProjection.name, event_store_env(fresh_database_url))
    factory = InfrastructureFactory[CaseSummaryView].construct(env=env)
    yield factory.tracking_recorder(CaseSummaryView)
    factory.close()


@pytest.fixture
async def store(fresh_database_url: str, projection_view: CaseSummaryView) -> AsyncIterator[Store]:
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(fresh_database_url, open=False)
    await pool.open()
    yield Store(app, projection_view, CaseReadModel(pool))
    await pool.close()
    app.close()


def _flag(app: CaseApplication, kid: Any, source: FlagSource, indicators: list[str]) -> UUID:
    return app.flag_child(
        child=kid,
        household=household(),
        source=source,
        indicators=indicators,
        note="",
        actor=ACTOR,
    ).case_id


def _on_case(app: CaseApplication, case_id: UUID, change: Callable[[Case], object]) -> None:
    case: Any = app.repository.get(case_id)
    change(case)
    app.save(case)


def _episode(app: CaseApplication, case_id: UUID, n: int, kid: Any) -> list[Command]:
    """About twenty events: misses and an escalation, visits, a plan, follow-up calls and
    visits, referrals, a close."""
    now = datetime.now(UTC)
    reason = FlagReason("ANY_3_OF_44@1", 3.0 + n, ("WATER_CUTOFF", "GAS_CUTOFF", f"EXTRA_{n}"))

    def contact(outcome: ContactOutcome, agrees: bool = True) -> Command:
        at = now + timedelta(days=1) if outcome is ContactOutcome.REACHED and agrees else None
        return lambda: app.change_case(
            case_id,
            lambda case: case.record_contact_attempt(
                outcome=outcome, visit_scheduled_at=at, note="", actor=ACTOR, now=app.now()
            ),
        )

    def visit(seen: bool) -> Command:
        seen_visit = Visit(now - timedelta(hours=2), seen, True, f"visit of episode {n}", False)
        return lambda: app.change_case(
            case_id, lambda case: case.record_visit(visit=seen_visit, actor=ACTOR, now=app.now())
        )

    misses = [contact(ContactOutcome.NO_ANSWER)] * 3
    unseen = [visit(False)] * (3 if n % 2 else 1)
    needs = [Need(NeedDomain.HEALTH, NeedLevel.HIGH, f"episode {n}")]
    plan = [PlanItem("Checkups", "HEALTH_CLINIC", local_date(now) + timedelta(days=30))]
    return [
        *misses,
        contact(ContactOutcome.REACHED),
        *unseen,
        visit(True),
        lambda: app.change_case(
            case_id,
            lambda case: case.record_consultation(needs=needs, plan=plan, note="", actor=ACTOR),
        ),
        visit(n % 2 == 0),
        contact(ContactOutcome.REACHED, agrees=n % 3 == 0),
        contact(ContactOutcome.NO_ANSWER),
        *[_referral(app, case_id, provider) for provider in ("Polyclinic 12", "Speech centre")],
        visit(True),
        lambda: app.change_case(
            case_id, lambda case: case.assign(caseworker=f"worker-{n % 3}", reason="", actor=ACTOR)
        ),
        lambda: _on_case(
            app, case_id, lambda c: c.plan_visit(quarter=Quarter(2020 + n, 1), actor="s")
        ),
        lambda: _on_case(
            app,
            case_id,
            lambda c: c.remind_overdue(today=local_date(now), supervisor_after_days=14, actor="r"),
        ),
        lambda: _on_case(
            app,
            case_id,
            lambda c: c.flag_in_round(
                round=f"round-{n}",
                source=FlagSource.RISK_SCREENING,
                reason=reason,
                actor=ACTOR,
                now=now,
            ),
        ),
        lambda: app.change_case(
            case_id,
            lambda case: case.close(reason=CloseReason.SERVICES_LINKED, note="", actor=ACTOR),
        ),
        lambda: _flag(
            app,
            kid,
            FlagSource.COMMUNITY_REPORT if n % 2 else FlagSource.MAHALLA_TEAM,
            [f"AGAIN_{n}"],
        ),
    ]


def _referral(app: CaseApplication, case_id: UUID, provider: str) -> Command:
    return lambda: app.change_case(
        case_id,
        lambda case: case.refer(
            service_category="HEALTH_CLINIC",
            provider=provider,
            reason="needs care",
            consent_given=True,
            actor=ACTOR,
        ),
    )


async def test_as_of_every_version_of_a_long_history_is_the_live_row_of_that_version(
    store: Store,
) -> None:
    kid = child()
    case_id = _flag(store.app, kid, FlagSource.RISK_SCREENING, ["NO_BIRTH_REGISTRATION"])
    live = {1: await store.live_row(case_id)}
    for n in range(EPISODES):
        for command in _episode(store.app, case_id, n, kid):
            command()
            row = await store.live_row(case_id)
            live[row.version] = row

    assert max(live) > 100
    for version, row in live.items():
        assert case_summary_as_of(store.app, case_id, version=version) == row
        assert case_summary_as_of(store.app, case_id, at=row.updated_at) == row


async def test_as_of_now_is_the_read_model_row_for_every_demo_case(store: Store) -> None:
    assert load_demo(store.app, report=lambda _: None) == 5
    catch_up(store.app, store.view)
    now = datetime.now(UTC)

    for story in stories(now.date()):
        case_id = store.app.case_id_for(story.child.personal_id)
        row = await store.read_model.get(case_id, READER)
        assert row is not None
        assert case_summary_as_of(store.app, case_id, at=now) == row
        assert case_summary_as_of(store.app, case_id, version=row.version) == row
