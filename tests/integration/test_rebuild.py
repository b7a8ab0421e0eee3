from __future__ import annotations

import asyncio
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from click.testing import CliRunner
from eventsourcing.persistence import Tracking

from baxt import bootstrap
from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseFilter, CaseReadModel
from baxt.application.concern.desk import ConcernDesk
from baxt.application.teams.store import save_record
from baxt.cli import main
from baxt.config import Settings
from baxt.devtools.demo import load_demo
from baxt.domain.case import Case
from baxt.domain.concern import (
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReporterKind,
    ReportPlace,
)
from baxt.domain.quarter import Quarter
from baxt.domain.teams import AgencyKind, Gathering, GatheringKind, InteragencyTeam, Place
from baxt.domain.teams.gathering import GatheringFacts
from baxt.domain.values import CloseReason, ContactOutcome, FlagSource, Visit
from baxt.projections.case_summary import TABLES, statements_for
from baxt.projections.catch_up import case_summary_view, catch_up_case_summary
from baxt.projections.rebuild import REBUILDABLE, NotRebuildable, check, rebuild
from baxt.projections.shadow import SHADOW_SCHEMA, build_indexes, create_shadow, index_names
from tests.factories import child, household

# reads as an auditor: every case, nothing masked
READER = case_view(Principal("tests", Role.AUDITOR))

KEYS = {
    "case_summary": "case_id",
    "quarter_visit": "case_id, quarter",
    "survey_child": "case_id, year",
    "partner_referral": "referral_id",
    "household": "household_id",
    "monitoring_facts": "case_id, quarter",
    "monitoring_episode": "case_id",
    "concern_report": "report_id",
    "interagency_team": "team_id",
    "gathering": "gathering_id",
    "case_match_key": "case_id, kind, key",
    "case_search": "case_id, kind, term",
}
Snapshot = dict[str, list[tuple[Any, ...]]]


def _case(app: CaseApplication, n: int, now: datetime) -> Case:
    """A case whose history depends on `n`: survey flags, calls, plans, visits, closing."""
    kid = child(years=3 if n % 5 == 0 else 7)
    case = Case.flag(
        case_id=app.case_id_for(kid.personal_id),
        child=kid,
        household=household(mahalla=f"Mahalla {n % 7}"),
        source=FlagSource.RISK_SCREENING,
        indicators=["WATER_CUTOFF"],
        note="",
        actor="bulk",
        now=now - timedelta(days=100),
        round="AGE3_SURVEY:2026" if n % 5 == 0 else None,
    )
    case.plan_visit(quarter=Quarter.containing(now - timedelta(days=100)), actor="planner")
    case.assign(caseworker=f"worker.{n % 4}", reason="", actor="planner")
    for _ in range(n % 4):
        case.record_contact_attempt(
            outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor="bulk"
        )
    if n % 3:
        case.remind_overdue(today=now.date(), supervisor_after_days=30, actor="reminders")
    if n % 4 < 3 and n % 2:
        seen_at = now - timedelta(days=n % 90)
        case.record_contact_attempt(
            outcome=ContactOutcome.REACHED, visit_scheduled_at=seen_at, note="", actor="bulk"
        )
        case.record_visit(visit=Visit(seen_at, n % 3 != 1, True, "", False), actor="bulk", now=now)
    if n % 11 == 0:
        case.close(reason=CloseReason.MOVED, note="", actor="bulk")
        if n % 22 == 0:
            case.reopen(reason="came back", actor="bulk", now=now)
    return case


def _add_cases(app: CaseApplication, start: int, count: int) -> None:
    now = datetime.now(UTC)
    for first in range(start, start + count, 100):
        app.save(*(_case(app, n, now) for n in range(first, min(first + 100, start + count))))


def _add_reports(app: CaseApplication, count: int) -> None:
    """Reports of concern: some waiting, some closed, some opening a case."""
    desk = ConcernDesk(app)
    for n in range(count):
        place = ReportPlace("Toshkent shahri", "Chilonzor", "Bunyodkor", f"house {n}")
        reporter = Reporter(ReporterKind.NEIGHBOUR, f"Neighbour {n}", "+998901234567", n % 2 == 0)
        seen = ReportedChild(f"Child {n}", n % 17, "alone at night")
        received = desk.receive(reporter=reporter, child=seen, place=place, actor="hotline")
        report_id = received.row.report_id
        if n % 3 == 1:
            desk.close(report_id, reason=ReportCloseReason.DUPLICATE, note="", actor="cw",
                       guard=lambda _: None)  # fmt: skip
        elif n % 3 == 2:
            desk.open_case(report_id, child=child(), household=household(), indicators=(),
                           note="", actor="cw", guard=lambda _: None)  # fmt: skip


def _add_teams(app: CaseApplication, count: int) -> None:
    """Teams, each with members (one removed again), and a parenting training of each."""
    held_on = date(2026, 10, 7)
    for n in range(count):
        place = Place("Xorazm viloyati", "Urganch tumani", f"Mahalla {n}")
        team = InteragencyTeam.form(
            team_id=uuid4(), name=f"Team {n}", place=place, coordination_group="CG", actor="cw"
        )
        for agency in (AgencyKind.SCHOOL, AgencyKind.CLINIC, AgencyKind.NGO)[: 1 + n % 3]:
            name = f"Member {agency.value}"
            team.add_member(member_id=uuid4(), full_name=name, agency=agency, role="", actor="cw")
        if n % 2:
            team.remove_member(member_id=team.members[0].member_id, actor="cw")
        facts = GatheringFacts(
            GatheringKind.PARENTING_TRAINING,
            held_on,
            place,
            team_id=team.id,
            parents_attending=n,
            certificates_issued=n // 2,
        )
        save_record(app, team)
        save_record(
            app, Gathering.record(gathering_id=uuid4(), facts=facts, today=held_on, actor="cw")
        )


def _varied_history(app: CaseApplication, cases: int = 600) -> int:
    load_demo(app, report=lambda _: None)
    _add_cases(app, 0, cases)
    _add_reports(app, 9)
    _add_teams(app, 5)
    return app.recorder.max_notification_id() or 0


def _snapshot(url: str) -> Snapshot:
    with psycopg.connect(url) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY {KEYS[table]}").fetchall()
            for table in TABLES
        }


def _table_shapes(url: str) -> list[tuple[Any, ...]]:
    """Columns with their defaults, constraints, and indexes by name, of the three tables."""
    with psycopg.connect(url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, ordinal_position, data_type, is_nullable,"
            " column_default FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = ANY(%s) ORDER BY 1, 3",
            [list(TABLES)],
        ).fetchall()
        constraints = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            [list(TABLES)],
        ).fetchall()
        indexes = conn.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = 'public' AND tablename = ANY(%s) ORDER BY 1, 2",
            [list(TABLES)],
        ).fetchall()
    return columns + constraints + indexes


def _tracked(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT notification_id FROM case_summary_tracking WHERE application_name = 'Cases'"
        ).fetchone()
    return int(row[0]) if row else 0


def _last_event(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT max(notification_id) FROM cases_events").fetchone()
    return int(row[0]) if row and row[0] else 0


def test_a_rebuild_swaps_in_the_same_rows_under_the_same_indexes_and_constraints(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    last = _varied_history(app)
    env = bootstrap.event_store_env(url)
    catch_up_case_summary(env)
    before, shapes_before = _snapshot(url), _table_shapes(url)
    assert all(before.values()), "the history must fill all three tables"
    seen: list[tuple[int, int]] = []

    rebuilt = rebuild(env, "case_summary", batch_size=250, progress=lambda *p: seen.append(p))

    assert rebuilt.position == last == _tracked(url)
    assert rebuilt.events > 3000
    assert len(seen) > 10
    assert seen[-1] == (last, last)
    assert _snapshot(url) == before
    assert _table_shapes(url) == shapes_before
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regnamespace('baxt_rebuild')").fetchone() == (None,)


def test_a_shadow_keeps_only_the_indexes_its_writes_use_until_the_rest_are_built(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, _ = events_db
    tables = REBUILDABLE["case_summary"]
    with psycopg.connect(url, autocommit=True) as conn:
        live = {t.name: index_names(conn, "public", t.name) for t in tables.tables}
        create_shadow(conn, tables)
        loading = {
            t.name: set(index_names(conn, SHADOW_SCHEMA, t.name).values()) for t in tables.tables
        }
        build_indexes(conn, tables)
        built = {t.name: index_names(conn, SHADOW_SCHEMA, t.name) for t in tables.tables}

    assert loading["case_summary"] == {"case_summary_pkey"}
    assert loading["partner_referral"] == {"partner_referral_pkey", "partner_referral_case"}
    assert built == live


def test_a_statement_prepared_before_the_swap_reads_the_swapped_in_table(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _varied_history(app, cases=50)
    env = bootstrap.event_store_env(url)
    catch_up_case_summary(env)
    query = "SELECT full_name FROM case_summary WHERE case_id = %s"
    with psycopg.connect(url, prepare_threshold=0, autocommit=True) as reader:
        case_id, name = _first_case(reader)
        assert reader.execute(query, [case_id], prepare=True).fetchone() == (name,)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute(
                "UPDATE case_summary SET full_name = 'Stale' WHERE case_id = %s", [case_id]
            )

        rebuild(env, "case_summary")

        assert reader.execute(query, [case_id], prepare=True).fetchone() == (name,)
        prepared = reader.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()
        assert prepared
        assert prepared[0] >= 1


def test_a_live_write_of_an_event_the_swapped_in_rebuild_covers_changes_nothing(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _varied_history(app, cases=30)
    env = bootstrap.event_store_env(url)
    catch_up_case_summary(env)
    contact = next(
        n
        for n in app.recorder.select_notifications(start=1, limit=10_000)
        if n.topic.endswith("ContactAttempted")
    )
    rebuild(env, "case_summary")
    before = _snapshot(url)

    with case_summary_view(env) as view:
        event = app.mapper.to_domain_event(contact)
        statements = statements_for(event, view.sealer, view.match_keys)
        view.write(statements, Tracking(app.name, contact.id))

    assert statements
    assert _snapshot(url) == before


def _wait_until_blocked(url: str, pid: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(2000):
            waiting = conn.execute(
                "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()
            if waiting and waiting[0]:
                return
            threading.Event().wait(0.01)
    raise AssertionError(f"backend {pid} never waited for a lock")


def test_a_read_queued_behind_the_swap_is_answered_from_the_swapped_in_table(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _varied_history(app, cases=30)
    env = bootstrap.event_store_env(url)
    catch_up_case_summary(env)
    query = "SELECT full_name FROM case_summary WHERE case_id = %s"
    with (
        psycopg.connect(url) as holder,
        psycopg.connect(url, prepare_threshold=0, autocommit=True) as reader,
    ):
        case_id, name = _first_case(reader)
        reader.execute("UPDATE case_summary SET full_name = 'Stale' WHERE case_id = %s", [case_id])
        assert reader.execute(query, [case_id], prepare=True).fetchone() == ("Stale",)
        holder.execute("SELECT count(*) FROM case_summary")  # holds a share lock until commit
        swap = threading.Thread(target=rebuild, args=(env, "case_summary"))
        swap.start()
        _wait_until_blocked(url, _pid_waiting_for_access_exclusive(url))
        answers: list[tuple[Any, ...] | None] = []
        read = threading.Thread(
            target=lambda: answers.append(reader.execute(query, [case_id]).fetchone())
        )
        read.start()
        _wait_until_blocked(url, reader.info.backend_pid)
        holder.commit()
        swap.join(timeout=60)
        read.join(timeout=60)

    assert answers == [(name,)]


def _first_case(conn: psycopg.Connection[Any]) -> tuple[Any, str]:
    row = conn.execute("SELECT case_id, full_name FROM case_summary ORDER BY case_id").fetchone()
    assert row is not None
    return row[0], row[1]


def _pid_waiting_for_access_exclusive(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(2000):
            row = conn.execute(
                "SELECT pid FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock'"
                " AND relation = 'case_summary'::regclass"
            ).fetchone()
            if row:
                return int(row[0])
            threading.Event().wait(0.01)
    raise AssertionError("the swap never asked for its lock")


class Writer(threading.Thread):
    """Keeps saving new cases, two a transaction with a pause between, until told to stop."""

    def __init__(self, app: CaseApplication) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.saved = 0

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                _add_cases(self.app, 10_000 + self.saved, 2)
                self.saved += 2
                self.stop.wait(0.01)
        except BaseException as error:
            self.error = error


class Reader(threading.Thread):
    """Keeps reading case pages and cases through the API's own async pool."""

    def __init__(self, runtime: bootstrap.Runtime) -> None:
        super().__init__(daemon=True)
        self.runtime = runtime
        self.stop = threading.Event()
        self.errors: list[Exception] = []
        self.reads = 0
        self.prepared = 0

    def run(self) -> None:
        asyncio.run(self._read())

    async def _read(self) -> None:
        pool = bootstrap.read_pool(self.runtime)
        async with pool:
            model = CaseReadModel(pool)
            while not self.stop.is_set():
                try:
                    page = await model.page(CaseFilter(), READER, limit=20)
                    if page.rows:
                        await model.get(page.rows[-1].case_id, READER)
                    self.reads += 1
                except Exception as error:
                    self.errors.append(error)
            async with pool.connection() as conn:
                cursor = await conn.execute("SELECT count(*) FROM pg_prepared_statements")
                row = await cursor.fetchone()
                self.prepared = int(row[0]) if row else 0


def test_a_rebuild_under_writes_live_projection_and_reads_serves_every_read_and_loses_nothing(
    events_db: tuple[str, CaseApplication], tmp_path: Path
) -> None:
    url, app = events_db
    _varied_history(app, cases=800)
    runtime = bootstrap.prepare(Settings(database_url=url, data_dir=tmp_path))
    env = runtime.event_store_env
    writer, reader = Writer(app), Reader(runtime)

    with bootstrap.start_projections(runtime) as runner:
        writer.start()
        reader.start()
        rebuilt = rebuild(env, "case_summary", batch_size=200)
        while _last_event(url) <= rebuilt.position + 50 and writer.is_alive():
            threading.Event().wait(0.05)
        writer.stop.set()
        writer.join(timeout=60)
        last = _last_event(url)
        runner.wait(last, timeout=120)
        reader.stop.set()
        reader.join(timeout=60)

    assert writer.error is None
    assert reader.errors == []
    assert reader.reads > 0
    assert reader.prepared > 0
    assert _tracked(url) == last
    result = check(env, "case_summary", batch_size=500)
    assert result.matches, result.describe()
    assert result.position == last
    live = _snapshot(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE case_summary, quarter_visit, survey_child, partner_referral, household,"
            " interagency_team, gathering"
        )
        conn.execute("DELETE FROM case_summary_tracking WHERE application_name = 'Cases'")
    catch_up_case_summary(env)
    assert _snapshot(url) == live


def test_check_names_the_table_and_key_of_each_row_altered_behind_the_projection(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _varied_history(app, cases=40)
    env = bootstrap.event_store_env(url)
    catch_up_case_summary(env)
    with psycopg.connect(url, autocommit=True) as conn:
        tampered = conn.execute(
            "UPDATE case_summary SET contact_attempts = contact_attempts + 1"
            " WHERE case_id = (SELECT min(case_id::text)::uuid FROM case_summary) RETURNING case_id"
        ).fetchone()
        lost = conn.execute(
            "DELETE FROM quarter_visit WHERE (case_id, quarter) ="
            " (SELECT case_id, quarter FROM quarter_visit ORDER BY 1, 2 LIMIT 1)"
            " RETURNING case_id, quarter"
        ).fetchone()
    assert tampered
    assert lost
    before = _snapshot(url)

    result = check(env, "case_summary")

    assert not result.matches
    diffs = {diff.table: diff for diff in result.tables}
    assert diffs["case_summary"].keys == ((str(tampered[0]),),)
    assert (diffs["case_summary"].live_only, diffs["case_summary"].rebuilt_only) == (1, 1)
    assert diffs["quarter_visit"].keys == ((str(lost[0]), lost[1]),)
    assert (diffs["quarter_visit"].live_only, diffs["quarter_visit"].rebuilt_only) == (0, 1)
    assert diffs["survey_child"].matches
    assert _snapshot(url) == before, "a check leaves the live tables as they are"


@pytest.mark.parametrize("name", ["notifier", "case_sumary"])
def test_a_name_that_is_not_a_rebuildable_projection_is_refused_with_the_ones_that_are(
    events_db: tuple[str, CaseApplication], name: str
) -> None:
    url, _ = events_db
    env = bootstrap.event_store_env(url)

    with pytest.raises(NotRebuildable, match="the projections that can be: case_summary") as error:
        rebuild(env, name)
    with pytest.raises(NotRebuildable):
        check(env, name)

    assert error.value.code == "NOT_REBUILDABLE"


def test_the_project_command_checks_rebuilds_and_refuses(
    events_db: tuple[str, CaseApplication], tmp_path: Path
) -> None:
    url, app = events_db
    _varied_history(app, cases=30)
    catch_up_case_summary(bootstrap.event_store_env(url))
    cli = CliRunner()
    env = {"BAXT_DATABASE_URL": url, "BAXT_DATA_DIR": str(tmp_path)}

    matching = cli.invoke(main, ["project", "--check", "case_summary"], env=env)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE survey_child SET seen_on = '2001-01-01'")
    differing = cli.invoke(main, ["project", "--check", "case_summary"], env=env)
    rebuilt = cli.invoke(main, ["project", "--rebuild", "case_summary"], env=env)
    after = cli.invoke(main, ["project", "--check", "case_summary"], env=env)
    refused = cli.invoke(main, ["project", "--rebuild", "notifier"], env=env)

    assert matching.exit_code == 0, matching.output
    assert "matches the live one" in matching.output
    assert differing.exit_code == 1
    assert "survey_child:" in differing.output
    assert "rows differ" in differing.output
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "swapped in" in rebuilt.output
    assert after.exit_code == 0, after.output
    assert refused.exit_code == 1
    assert "'notifier' cannot be rebuilt" in refused.output
    assert "case_summary" in refused.output
