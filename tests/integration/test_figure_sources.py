"""`baxt figures explain`: the cases behind a published count, and the versions of their
events that wrote the child's row, checked against the stored events by hand."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from click.testing import CliRunner, Result

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.bootstrap import event_store_env
from baxt.cli import main
from baxt.devtools.demo import load_demo
from baxt.migrations import apply_migrations
from tests.clock import Clock, events_stamped_by
from tests.integration.conftest import CASE_KEY
from tests.integration.test_published_quarters import PLAYED, QUARTER, _flag_one_more

_COUNT_FOR_NOTHING = {"Assigned", "ReviewRecorded", "TransferRequested", "TransferAccepted"}
_LINE = re.compile(r"^([0-9a-f-]{36})  (.*)$")


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    with events_stamped_by(Clock(PLAYED, tick=timedelta(seconds=1))):
        load_demo(app, clock=lambda: PLAYED, report=lambda _: None)
    app.close()
    return {"BAXT_DATABASE_URL": fresh_database_url, "BAXT_DATA_DIR": str(tmp_path / "data")}


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["figures", *args], env=env, catch_exceptions=False)


def _sources(output: str) -> dict[UUID, list[tuple[int, int]]]:
    found: dict[UUID, list[tuple[int, int]]] = {}
    for line in output.splitlines():
        match = _LINE.match(line)
        if match:
            pairs = [p.removeprefix("v").split("@") for p in match[2].split(", ") if p]
            found[UUID(match[1])] = [(int(v), int(n)) for v, n in pairs]
    return found


def _events(url: str) -> dict[tuple[UUID, int], tuple[int, str]]:
    """Every stored case event: (case, version) -> (notification, topic)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            f"SELECT originator_id, originator_version, notification_id, topic FROM {EVENTS_TABLE}"
        ).fetchall()
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def _published_count(env: dict[str, str], tmp_path: Path, measure: str) -> int:
    out = tmp_path / "exact.csv"
    assert _run(env, "export", QUARTER, "--exact", "-o", str(out)).exit_code == 0
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    return next(int(r["count"]) for r in rows if r["region"] == "TOTAL" and r["measure"] == measure)


def test_the_flagged_children_of_a_published_quarter_are_explained_by_their_events(
    env: dict[str, str], tmp_path: Path
) -> None:
    url = env["BAXT_DATABASE_URL"]
    assert _run(env, "publish", QUARTER).exit_code == 0
    _flag_one_more(url)  # after the publication: not behind its numbers

    explained = _run(env, "explain", QUARTER, "--measure", "FLAGGED")

    assert explained.exit_code == 0, explained.output
    sources = _sources(explained.output)
    events = _events(url)
    published_at = max(n for case in sources.values() for _, n in case)
    flagged_by_hand = {
        case
        for (case, _), (n, topic) in events.items()
        if topic.endswith("Case.Flagged") and n <= published_at
    }
    assert set(sources) == flagged_by_hand
    assert len(sources) == _published_count(env, tmp_path, "FLAGGED")
    for case, pairs in sources.items():
        assert (1, events[(case, 1)][0]) in pairs  # the flag that opened the case
        for version, position in pairs:
            assert events[(case, version)][0] == position
            # who works the case, its reviews and transfers count for nothing
            assert events[(case, version)][1].rpartition(".")[2] not in _COUNT_FOR_NOTHING
    assert explained.output.splitlines()[-1].startswith(f"OK: {len(sources)} cases count")


def test_a_breakdown_cell_is_explained_by_the_children_in_its_category(
    env: dict[str, str],
) -> None:
    assert _run(env, "publish", QUARTER).exit_code == 0

    everyone = _sources(_run(env, "explain", QUARTER, "--measure", "FLAGGED").output)
    girls = _run(
        env,
        "explain",
        QUARTER,
        "--measure",
        "FLAGGED",
        "--breakdown",
        "SEX",
        "--category",
        "FEMALE",
    )
    boys = _run(
        env, "explain", QUARTER, "--measure", "FLAGGED", "--breakdown", "SEX", "--category", "MALE"
    )

    assert girls.exit_code == boys.exit_code == 0
    assert set(_sources(girls.output)) | set(_sources(boys.output)) == set(everyone)
    assert not set(_sources(girls.output)) & set(_sources(boys.output))


def test_a_place_that_names_no_place_at_its_level_is_a_clear_error(env: dict[str, str]) -> None:
    assert _run(env, "publish", QUARTER).exit_code == 0

    found = CliRunner().invoke(
        main,
        ["figures", "explain", QUARTER, "--measure", "FLAGGED", "--level", "DISTRICT",
         "--region", "Toshkent shahri"],
        env=env,
    )  # fmt: skip

    assert found.exit_code == 1
    assert "INVALID_INPUT" in found.output
    assert "Traceback" not in found.output
