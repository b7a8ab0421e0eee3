"""The history leaves as JSON Lines of CloudEvents and loads back into an empty store as it was."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from click.testing import CliRunner
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from baxt.application.audit.export import ExportScope, HistoryExport
from baxt.application.audit.load import (
    EventStoreNotEmpty,
    HistoryLoad,
    Loaded,
    MalformedHistoryLine,
)
from baxt.application.cases.application import CaseApplication, utc_now
from baxt.application.pii.transfer import read_keys, write_keys
from baxt.application.planning import QuarterPlanner
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.cli import main
from baxt.devtools.demo import load_demo
from baxt.domain.case import Case
from baxt.domain.quarter import Quarter
from baxt.domain.values import ContactOutcome, FlagSource, Visit
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.workers.notifier import SILENCE_ON_LOAD, Notifier, notifier_runner
from tests.database import scratch_database
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY

ROSTER = Path(__file__).with_name("roster.csv")
READ_MODELS = {
    "case_summary": "case_id",
    "quarter_visit": "case_id, quarter",
    "survey_child": "case_id, year",
    "notifier_case_place": "case_id",
}
Rows = list[tuple[Any, ...]]


@dataclass
class History:
    """A database holding a varied history, its read models caught up, and its export."""

    url: str
    app: CaseApplication
    file: Path
    middle: datetime
    unreachable: UUID


@pytest.fixture(scope="module")
def history(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    with scratch_database(admin_url) as url:
        apply_migrations(url)
        _save_roster(url)
        app = CaseApplication(event_store_env(url), case_key=CASE_KEY)
        load_demo(app, report=lambda _: None)
        middle = utc_now()
        unreachable = _unreachable_family(app)
        _safety_concern(app)
        _survey_child(app)
        catch_up_case_summary(event_store_env(url))
        QuarterPlanner(app, url).plan(Quarter.containing(utc_now()))
        catch_up_case_summary(event_store_env(url))
        _run_notifier(url)
        file = tmp_path_factory.mktemp("audit") / "history.jsonl"
        with file.open("wb") as out:
            HistoryExport(app, url).write(ExportScope(), out)
        with _keys_beside(file).open("wb") as out:
            write_keys(url, out)
        yield History(url, app, file, middle, unreachable)
        app.close()


@pytest.fixture
def target(fresh_database_url: str) -> Iterator[tuple[str, CaseApplication]]:
    apply_migrations(fresh_database_url)
    _save_roster(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    yield fresh_database_url, app
    app.close()


def test_the_history_is_varied_and_has_messages_to_send(history: History) -> None:
    topics = {row[2] for row in _events(history.url)}
    assert {"Case.Escalated", "Case.VisitPlanned", "Case.Assigned", "Case.Closed"} <= {
        t.rpartition(":")[2] for t in topics
    }
    assert _rows(history.url, "notification", "id")
    assert all(_rows(history.url, table, key) for table, key in READ_MODELS.items())


def test_a_whole_history_loads_into_an_empty_store_exactly_as_it_was(
    history: History, target: tuple[str, CaseApplication]
) -> None:
    url, app = target
    loaded = _load(app, url, history.file)
    catch_up_case_summary(event_store_env(url))
    _run_notifier(url)

    assert _events(url) == _events(history.url)
    assert loaded.events == len(_events(url))
    for table, key in READ_MODELS.items():
        assert _rows(url, table, key) == _rows(history.url, table, key), table
    assert _rows(url, "notification", "id") == []


def test_a_loaded_case_still_notifies_its_supervisor_of_what_happens_next(
    history: History, target: tuple[str, CaseApplication]
) -> None:
    url, app = target
    _load(app, url, history.file)
    app.change_case(
        history.unreachable,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=hours_ago(1),
            note="",
            actor="aziza",
            now=app.now(),
        ),
    )
    app.change_case(
        history.unreachable,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(1), True, True, "", True), actor="aziza", now=app.now()
        ),
    )
    _run_notifier(url)

    kinds = {row[0] for row in _query(url, "SELECT DISTINCT kind FROM notification")}
    recipients = {row[0] for row in _query(url, "SELECT DISTINCT recipient FROM notification")}
    assert kinds == {"SAFETY_CONCERN"}
    assert recipients == {"sup.chilonzor"}


def test_every_line_is_a_cloud_event_with_a_unique_source_and_id(history: History) -> None:
    events = [
        JSONFormat().read(CloudEvent, line) for line in history.file.read_bytes().splitlines()
    ]
    stored = {(row[0], row[1]): row for row in _events(history.url)}

    assert len(events) == len(stored)
    assert len({(e.get_source(), e.get_id()) for e in events}) == len(events)
    sequences = [int(e.get_extension("sequence")) for e in events]
    assert sequences == sorted(sequences)
    for event in events:
        case_id = UUID(event.get_subject())
        row = stored[(case_id, int(event.get_id()))]
        data = event.get_data()
        assert isinstance(data, dict)
        assert event.get_specversion() == "1.0"
        assert event.get_source() == f"urn:baxt:cases:{case_id}"
        assert event.get_type() == "uz.baxt.case." + row[2].rpartition(".")[2]
        assert event.get_datacontenttype() == "application/json"
        assert event.get_time() == datetime.fromisoformat(data["timestamp"]["_data_"])
        assert event.get_extension("actor") == data["actor"]
        assert event.get_extension("topic") == row[2]
        assert data == json.loads(row[3])


def test_one_case_exports_all_its_versions_and_nothing_else(history: History) -> None:
    lines = _export(history, ExportScope(case_id=history.unreachable))

    versions = [int(json.loads(line)["id"]) for line in lines]
    subjects = {json.loads(line)["subject"] for line in lines}
    expected = [row[1] for row in _events(history.url) if row[0] == history.unreachable]
    assert versions == expected
    assert len(versions) >= 5
    assert subjects == {str(history.unreachable)}


def test_a_time_range_exports_the_events_whose_own_time_falls_in_it(history: History) -> None:
    later = _export(history, ExportScope(since=history.middle))
    earlier = _export(history, ExportScope(until=history.middle))

    times = _event_times(history.app)
    assert [_sequence(line) for line in later] == [n for n, at in times if at >= history.middle]
    assert [_sequence(line) for line in earlier] == [n for n, at in times if at < history.middle]
    assert later
    assert earlier


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda line: line[:-9], "not a CloudEvent"),
        (lambda line: line.replace(b'"topic"', b'"tpoic"'), "topic"),
        (lambda line: line.replace(b'"specversion": "1.0"', b'"specversion": "0.3"'), "spec"),
        (lambda line: line.replace(b'"id": "', b'"id": "-'), "'id'"),
    ],
)
def test_a_malformed_line_is_refused_by_its_number_and_nothing_is_written(
    history: History,
    target: tuple[str, CaseApplication],
    tmp_path: Path,
    damage: Any,
    reason: str,
) -> None:
    url, app = target
    lines = history.file.read_bytes().splitlines(keepends=True)
    lines[11] = damage(lines[11].rstrip(b"\n")) + b"\n"
    file = tmp_path / "damaged.jsonl"
    file.write_bytes(b"".join(lines))

    with pytest.raises(MalformedHistoryLine) as refused:
        _load(app, url, file)

    assert refused.value.line == 12
    assert refused.value.code == "MALFORMED_HISTORY_LINE"
    assert reason in refused.value.message
    assert _events(url) == []
    assert _query(url, "SELECT * FROM notifier_case_place") == []


def test_events_out_of_order_are_refused(
    history: History, target: tuple[str, CaseApplication], tmp_path: Path
) -> None:
    url, app = target
    lines = history.file.read_bytes().splitlines(keepends=True)
    lines[3], lines[4] = lines[4], lines[3]
    file = tmp_path / "shuffled.jsonl"
    file.write_bytes(b"".join(lines))

    with pytest.raises(MalformedHistoryLine) as refused:
        _load(app, url, file)

    assert refused.value.line == 5
    assert _events(url) == []


def test_a_store_that_already_holds_case_events_is_refused(
    history: History, target: tuple[str, CaseApplication]
) -> None:
    url, app = target
    app.flag_child(
        child=child(), household=household(), source=FlagSource.COMMUNITY_REPORT,
        indicators=[], note="", actor="aziza",
    )  # fmt: skip

    with pytest.raises(EventStoreNotEmpty) as refused:
        _load(app, url, history.file)

    assert refused.value.code == "EVENT_STORE_NOT_EMPTY"
    assert len(_events(url)) == 1


def test_the_cli_exports_a_case_and_loads_it_into_another_database(
    history: History, target: tuple[str, CaseApplication], tmp_path: Path
) -> None:
    url, _ = target
    file = tmp_path / "case.jsonl"
    exported = CliRunner().invoke(
        main,
        ["audit", "export", "--case", str(history.unreachable), "--output", str(file)],
        env=_settings(history.url, tmp_path),
    )
    assert exported.exit_code == 0, exported.output
    keys = _keys_beside(history.file)
    loaded = CliRunner().invoke(
        main, ["audit", "import", str(file), "--keys", str(keys)], env=_settings(url, tmp_path)
    )
    assert loaded.exit_code == 0, loaded.output

    assert _events(url) == [row for row in _events(history.url) if row[0] == history.unreachable]
    assert _rows(url, "case_summary", "case_id") == [
        row
        for row in _rows(history.url, "case_summary", "case_id")
        if row[0] == history.unreachable
    ]


def test_a_history_loaded_without_its_keys_says_how_to_add_them(
    history: History, target: tuple[str, CaseApplication], tmp_path: Path
) -> None:
    url, _ = target
    loaded = CliRunner().invoke(
        main, ["audit", "import", str(history.file)], env=_settings(url, tmp_path)
    )
    added = CliRunner().invoke(
        main, ["keys", "import", str(_keys_beside(history.file))], env=_settings(url, tmp_path)
    )
    projected = CliRunner().invoke(
        main, ["project", "--check", "case_summary"], env=_settings(url, tmp_path)
    )

    assert loaded.exit_code == 1
    assert "CHILD_KEY_MISSING" in loaded.output
    assert "baxt keys import" in loaded.output
    assert added.exit_code == 0, added.output
    assert projected.exit_code == 0, projected.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--case", "not-a-case"], "give a case UUID or a 14-digit PINFL"),
        (["--case", "00000000-0000-0000-0000-000000000001"], "NOT_FOUND"),
        (["--from", "yesterday"], "not an ISO 8601 time"),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "INVALID_INPUT"),
    ],
)
def test_a_bad_argument_is_a_one_line_error(
    history: History, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(
        main, ["audit", "export", *arguments], env=_settings(history.url, tmp_path)
    )

    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _settings(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "BAXT_DATABASE_URL": url,
        "BAXT_CASE_KEY": CASE_KEY.decode(),
        "BAXT_DATA_DIR": str(tmp_path / "data"),
        "BAXT_LOG_LEVEL": "WARNING",
    }


def _load(app: CaseApplication, url: str, file: Path) -> Loaded:
    """Loads the history, then the children's keys exported beside it, as an operator would."""
    loaded = HistoryLoad(app, url, silenced=SILENCE_ON_LOAD).load(file)
    if _keys_beside(file).exists():
        read_keys(url, _keys_beside(file))
    return loaded


def _keys_beside(file: Path) -> Path:
    return file.with_name("keys.jsonl")


def _export(history: History, scope: ExportScope) -> list[bytes]:
    file = history.file.with_name("part.jsonl")
    with file.open("wb") as out:
        HistoryExport(history.app, history.url).write(scope, out)
    return file.read_bytes().splitlines()


def _sequence(line: bytes) -> int:
    return int(json.loads(line)["sequence"])


def _event_times(app: CaseApplication) -> list[tuple[int, datetime]]:
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    return [(n.id, app.mapper.to_domain_event(n).timestamp) for n in notifications]  # type: ignore[attr-defined]


def _events(url: str) -> Rows:
    return _query(
        url,
        "SELECT originator_id, originator_version, topic, state, notification_id"
        " FROM cases_events ORDER BY notification_id",
    )


def _rows(url: str, table: str, key: str) -> Rows:
    return _query(url, f"SELECT * FROM {table} ORDER BY {key}")


def _query(url: str, statement: str, params: dict[str, Any] | None = None) -> Rows:
    with psycopg.connect(url) as conn:
        return conn.execute(statement.encode(), params).fetchall()


def _save_roster(url: str) -> None:
    with ROSTER.open(encoding="utf-8") as roster:
        members, rejected = parse_roster(roster)
    assert rejected == []
    save_roster(url, members)


def _run_notifier(url: str) -> None:
    """Until the notifier has tracked the last event it listens to."""
    last = _query(
        url,
        "SELECT max(notification_id) FROM cases_events WHERE topic = ANY(%(topics)s)",
        {"topics": list(Notifier.topics)},
    )[0][0]
    with notifier_runner(event_store_env(url)) as runner:
        runner.wait(last, timeout=60)


def _unreachable_family(app: CaseApplication) -> UUID:
    """Three calls nobody answers escalate the case to the supervisor."""
    case_id = app.flag_child(
        child=child(), household=household(), source=FlagSource.MAHALLA_TEAM,
        indicators=["WATER_CUTOFF"], note="", actor="aziza",
    ).case_id  # fmt: skip
    for _ in range(3):
        app.change_case(
            case_id,
            lambda case: case.record_contact_attempt(
                outcome=ContactOutcome.NO_ANSWER,
                visit_scheduled_at=None,
                note="",
                actor="aziza",
                now=app.now(),
            ),
        )
    return case_id


def _safety_concern(app: CaseApplication) -> None:
    case_id = app.flag_child(
        child=child(), household=household(mahalla="Qatortol"),
        source=FlagSource.COMMUNITY_REPORT, indicators=[], note="", actor="aziza",
    ).case_id  # fmt: skip
    app.change_case(
        case_id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(1), True, False, "bruises", True), actor="aziza", now=app.now()
        ),
    )


def _survey_child(app: CaseApplication) -> None:
    """A 3-year-old raised at home, flagged by this year's October survey and then seen."""
    kid = child(years=3)
    case = Case.flag(
        case_id=app.case_id_for(kid.personal_id), child=kid, household=household(),
        source=FlagSource.AGE3_SURVEY, indicators=[], note="", actor="survey",
        now=utc_now(), round=f"AGE3_SURVEY:{utc_now().year}",
    )  # fmt: skip
    app.save(case)
    app.change_case(
        case.id,
        lambda case: case.record_visit(
            visit=Visit(hours_ago(1), True, True, "", False), actor="aziza", now=app.now()
        ),
    )
