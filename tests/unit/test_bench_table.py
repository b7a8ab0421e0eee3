"""`python -m bench` reads what each bench wrote and builds one table beside the goals."""

from __future__ import annotations

import json
from pathlib import Path

from bench._db import Timing, print_table
from bench._figures import Figure, recorded, write_figures
from bench._runner import collect
from bench._table import Outcome, table

FLAGS = Timing("baxt flag_child", 400, 1.0)
COMMITS = Timing("raw INSERT+COMMIT", 1000, 1.0)


def _rows(shown: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in shown.splitlines()]


def test_a_benchs_printed_rows_come_back_from_its_json_by_the_names_it_printed(
    tmp_path: Path,
) -> None:
    before = len(recorded())
    print_table([FLAGS, COMMITS], [COMMITS])
    path = tmp_path / "write_path.json"
    write_figures(path)

    outcome = collect("write_path", 0, path)

    assert not outcome.failed
    mine = list(outcome.figures)[before:]
    assert [figure.figure for figure in mine] == ["baxt flag_child", "raw INSERT+COMMIT"]
    assert mine[0].ratio == 0.4
    assert mine[0].baseline == "raw INSERT+COMMIT"
    assert mine[1].baseline is None


def test_the_table_shows_each_figure_beside_its_baseline_ratio_and_goal() -> None:
    flags = Figure("baxt flag_child", 400, "rows/s", 400, "raw INSERT+COMMIT", 1000, 0.4)
    copy = Figure("baxt flag_child", 400, "rows/s", 400, "raw COPY 1 txn", 8000, 0.05)

    rows = _rows(table([Outcome("write_path", 0, [flags, copy])]))

    assert rows[0] == ["figure", "ours", "baseline", "ratio", "goal", "met?"]
    assert rows[2] == ["**write_path**", "", "", "", "", ""]
    assert rows[3] == [
        "baxt flag_child", "400 rows/s", "raw INSERT+COMMIT: 1,000 rows/s", "0.400", ">= 0.5x",
        "**no**",
    ]  # fmt: skip
    assert rows[4][4:] == ["—", ""]


def test_a_goal_met_says_yes_and_a_bench_without_goals_shows_a_dash() -> None:
    delivery = Figure("baxt Delivery (4 threads)", 900, "rows/s", 300)
    delivery = Figure(**{**delivery.as_json(), "baseline": "raw httpx.Client (4 threads)",
                         "baseline_ours": 1000, "ratio": 0.9})  # fmt: skip
    sealed = Figure("sealed replay (keys cached)", 11_200, "rows/s", 500)

    rows = _rows(table([Outcome("notifications", 0, [delivery]), Outcome("sealing", 0, [sealed])]))

    assert rows[3][4:] == [">= 0.5x", "yes"]
    assert rows[5][4:] == ["—", ""]


def test_a_failed_bench_shows_as_failed_with_its_exit_status(tmp_path: Path) -> None:
    outcome = collect("api", 2, tmp_path / "api.json")

    rows = _rows(table([outcome]))

    assert outcome.failed
    assert rows[3][:2] == ["bench.api", "FAILED (exit status 2)"]


def test_a_bench_that_exits_without_figures_counts_as_failed(tmp_path: Path) -> None:
    empty = tmp_path / "ledger.json"
    empty.write_text(json.dumps({"rows": []}))

    assert collect("ledger", 0, tmp_path / "missing.json").failed
    assert collect("ledger", 0, empty).failed


def test_the_whole_import_is_extrapolated_to_a_national_extract() -> None:
    whole = Figure("import, file to flags", 100_000, "rows/s", 1_000_000)

    rows = _rows(table([Outcome("screening", 0, [whole])]))

    assert rows[4][0] == "import, file to flags, 13,000,000 rows"
    assert rows[4][1] == "130 s (extrapolated)"
    assert rows[4][4:] == ["< 120 s", "**no**"]


def test_a_latency_measured_over_no_requests_does_not_meet_its_goal() -> None:
    idle = Figure("baxt cases(first: 50, filter) p99", 0.0, "ms", 0)

    rows = _rows(table([Outcome("api", 0, [idle])]))

    assert rows[3][4:] == ["< 100 ms", "**no**"]
