"""No personal data in clear anywhere in the database: the five stories and a report of
concern are loaded and projected, the whole database is dumped with `pg_dump`, and none of
their names, PINFLs, phones, addresses or notes is found in it; erasing a child then leaves
nothing of them in any read model or in the blind index."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseFilter, CaseReadModel
from baxt.application.concern.desk import ConcernDesk
from baxt.application.pii.sealing import transformed
from baxt.bootstrap import event_store_env
from baxt.devtools.demo import load_demo
from baxt.domain.concern import (
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReporterKind,
    ReportPlace,
)
from baxt.domain.personal_data import ERASED, personal_event_fields
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from tests.integration.conftest import CASE_KEY

_ROW_AS_JSON = "SELECT to_jsonb(c) FROM case_summary c WHERE case_id = %s"
READER = Principal("sup", Role.SUPERVISOR, regions=("Toshkent shahri",))
CALLER = Reporter(ReporterKind.NEIGHBOUR, "Rustam Qodirov", "+998901112233", may_contact=True)
SEEN = ReportedChild("Madina Yusupova", 7, "a small girl alone at the bazaar at night")
PLACE = ReportPlace("Toshkent shahri", "Chilonzor", "Bunyodkor", "the bazaar's east gate")


def _allow(_: object) -> None:
    """Reach is checked by the service; these tests drive the desk below it."""


@dataclass
class Store:
    url: str
    app: CaseApplication


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[Store]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    load_demo(app, report=lambda _: None)
    desk = ConcernDesk(app)
    desk.receive(reporter=CALLER, child=SEEN, place=PLACE, actor="cw")
    closed = desk.receive(reporter=CALLER, child=SEEN, place=PLACE, actor="cw")
    desk.close(
        closed.row.report_id,
        reason=ReportCloseReason.OUT_OF_AREA,
        note="the neighbour says the family has moved to Nukus",
        actor="cw",
        guard=_allow,
    )
    catch_up_case_summary(event_store_env(fresh_database_url))
    yield Store(fresh_database_url, app)
    app.close()


def _personal_texts(app: CaseApplication, owner: UUID | None = None) -> set[str]:
    """Every personal text of the stored events (of one owner's), opened: names, PINFLs,
    phones, addresses, notes."""
    found: set[str] = set()

    def keep(text: str) -> str:
        found.add(text)
        return text

    for notification in app.recorder.select_notifications(start=1, limit=100_000):
        if owner is not None and notification.originator_id != owner:
            continue
        event = app.mapper.to_domain_event(notification)
        transformed(vars(event), personal_event_fields(type(event)), keep)
    return {text for text in found if len(text) >= 5 and text != ERASED}


def _dump(url: str) -> str:
    settings = conninfo_to_dict(url)
    pg_dump = _pg_dump()
    command = [pg_dump, "--no-owner", "--dbname", str(settings["dbname"])]
    for option, name in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if settings.get(name):
            command += [option, str(settings[name])]
    done = subprocess.run(command, capture_output=True, check=True, text=True)  # noqa: S603
    return done.stdout


def _pg_dump() -> str:
    found = shutil.which("pg_config")
    if found is not None:
        bindir = subprocess.run([found, "--bindir"], capture_output=True, text=True)  # noqa: S603
        candidate = Path(bindir.stdout.strip()) / "pg_dump"
        if candidate.exists():
            return str(candidate)
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    return pg_dump


def _in_clear(texts: set[str], dump: str) -> set[str]:
    """The texts the dump shows, as text or as the hex of a bytea."""
    return {text for text in texts if text in dump or text.encode().hex() in dump}


def _rows(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, list(params)).fetchall()


def test_a_dump_of_the_whole_database_shows_no_personal_data_of_the_stories(
    store: Store,
) -> None:
    texts = _personal_texts(store.app)
    dump = _dump(store.url)

    assert {"Rustam Qodirov", "+998901112233", "Madina Yusupova"} <= texts
    assert len(texts) >= 30  # the children, guardians, phones, PINFLs and notes
    assert _in_clear(texts, dump) == set()
    assert "pii:" in dump


def test_no_read_model_in_the_dump_shows_a_birth_date_of_the_stories(store: Store) -> None:
    """The events keep dates readable, so an erased child's case still replays; the read
    models hold them sealed under the key all cases share."""
    born = _birth_dates(store.app)
    sections = _copied_tables(_dump(store.url))
    events = sections.pop(EVENTS_TABLE)

    assert len(born) >= 8
    assert {"case_summary", "partner_referral", "household"} <= sections.keys()
    assert {table for table, rows in sections.items() if _in_clear(born, rows)} == set()
    assert _in_clear(born, events) == born  # the events keep them, as designed
    assert "pii-date:" in sections["case_summary"]


EVENTS_TABLE = "cases_events"


def _birth_dates(app: CaseApplication) -> set[str]:
    found: set[str] = set()
    for notification in app.recorder.select_notifications(start=1, limit=100_000):
        event = app.mapper.to_domain_event(notification)
        child = getattr(event, "child", None)
        if child is not None and hasattr(child, "birth_date"):
            found.add(child.birth_date.isoformat())
        for member in getattr(event, "members", ()):
            if member.birth_date is not None:
                found.add(member.birth_date.isoformat())
    return found


def _copied_tables(dump: str) -> dict[str, str]:
    """The rows `pg_dump` copies, by table (without its schema)."""
    tables: dict[str, str] = {}
    current: list[str] | None = None
    for line in dump.splitlines():
        if line.startswith("COPY "):
            name = line.split()[1].split(".")[-1].strip('"')
            current = []
            tables[name] = ""
        elif line == "\\." and current is not None:
            tables[name] = "\n".join(current)
            current = None
        elif current is not None:
            current.append(line)
    return tables


def test_the_sealed_rows_open_for_a_reader_and_search_finds_by_name_and_pinfl(
    store: Store,
) -> None:
    case_id, name, pinfl = _a_child(store)

    async def read() -> tuple[Any, list[Any], list[Any]]:
        async with AsyncConnectionPool(store.url, open=False) as pool:
            model = CaseReadModel(pool)
            view = case_view(READER)
            one = await model.get(case_id, view)
            token = name.split()[-1][:3].upper()
            by_name = (await model.page(CaseFilter(search=token), view, limit=50)).rows
            by_pinfl = (await model.page(CaseFilter(search=pinfl), view, limit=50)).rows
            return one, by_name, by_pinfl

    one, by_name, by_pinfl = _run(read())

    assert one is not None
    assert one.child.full_name == name
    assert case_id in {row.case_id for row in by_name}
    assert [row.case_id for row in by_pinfl] == [case_id]


def _a_child(store: Store) -> tuple[UUID, str, str]:
    (case_id,) = _rows(
        store.url,
        "SELECT case_id FROM case_summary WHERE region = 'Toshkent shahri'"
        " ORDER BY case_id LIMIT 1",
    )[0]
    case: Any = store.app.repository.get(case_id)
    return case_id, case.child.full_name, case.child.personal_id


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_erasing_a_child_leaves_nothing_of_them_in_any_read_model_or_the_index(
    store: Store,
) -> None:
    case_id, _, _ = _a_child(store)
    texts = _personal_texts(store.app, case_id)
    sealed_before = {
        value
        for row in _rows(
            store.url, "SELECT to_jsonb(c) FROM case_summary c WHERE case_id = %s", case_id
        )
        for value in _strings(row[0])
        if value.startswith("pii:")
    }

    store.app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(store.url))
    dump = _dump(store.url)
    terms = _rows(store.url, "SELECT count(*) FROM case_search WHERE case_id = %s", case_id)
    rebuilt = check(event_store_env(store.url), "case_summary")

    assert texts
    assert sealed_before
    assert _in_clear(texts, dump) == set()
    assert {value for value in sealed_before if value in dump} == set()
    assert terms == [(0,)]
    assert rebuilt.matches, rebuilt.describe()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_a_rebuild_gives_the_same_sealed_rows_as_live_projection(store: Store) -> None:
    result = check(event_store_env(store.url), "case_summary")

    assert result.matches, result.describe()
