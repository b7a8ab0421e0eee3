"""`baxt audit verify | checkpoint | checkpoints | prove | prove-consistency` as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.cli import main
from baxt.devtools.demo import load_demo
from baxt.migrations import apply_migrations
from tests.integration.conftest import CASE_KEY


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    load_demo(app, report=lambda _: None)
    app.close()
    return {"BAXT_DATABASE_URL": fresh_database_url, "BAXT_DATA_DIR": str(tmp_path / "data")}


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["audit", *args], env=env, catch_exceptions=False)


def _second_event(url: str) -> tuple[str, int]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT originator_id FROM cases_events WHERE originator_version = 2"
            " ORDER BY originator_id LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0]), 2


def test_verify_passes_then_fails_naming_the_case_and_version(env: dict[str, str]) -> None:
    ok = _run(env, "verify")
    assert ok.exit_code == 0, ok.output
    assert "OK: nothing was changed" in ok.output
    case_id, version = _second_event(env["BAXT_DATABASE_URL"])
    with psycopg.connect(env["BAXT_DATABASE_URL"], autocommit=True) as conn:
        conn.execute(
            "UPDATE cases_events SET state = set_byte(state, 30, get_byte(state, 30) # 8)"
            " WHERE originator_id = %s AND originator_version = %s",
            (case_id, version),
        )
    failed = _run(env, "verify")
    assert failed.exit_code == 1
    assert f"case {case_id}: first ALTERED event at version 2" in failed.output
    assert "log: LEAF_ALTERED at notification" in failed.output
    assert "FAILED" in failed.output


def test_checkpoints_are_signed_exported_and_proofs_hold(
    env: dict[str, str], tmp_path: Path
) -> None:
    signed = _run(env, "checkpoint")
    assert signed.exit_code == 0, signed.output
    assert "\u2014 baxt.local/cases " in signed.output
    assert "none taken" in _run(env, "checkpoint").output
    case_id, version = _second_event(env["BAXT_DATABASE_URL"])
    proof = json.loads(_run(env, "prove", case_id, str(version)).stdout)
    assert proof["holds"] is True
    assert proof["checkpoint"] == signed.stdout
    size = proof["tree_size"]
    consistency = json.loads(_run(env, "prove-consistency", str(size), str(size)).stdout)
    assert consistency["holds"] is True
    published = tmp_path / "published"
    assert _run(env, "checkpoints", "--output", str(published)).exit_code == 0
    assert (published / f"{size}.checkpoint").read_text(encoding="utf-8") == signed.stdout
    assert (published / "log.vkey").read_text(encoding="utf-8").startswith("baxt.local/cases+")
    listed = _run(env, "checkpoints").stdout
    assert listed.startswith(f"{size}\t")


def test_bad_requests_are_one_line_errors(env: dict[str, str], tmp_path: Path) -> None:
    case_id, _ = _second_event(env["BAXT_DATABASE_URL"])
    not_yet = _run(env, "prove", case_id, "1")
    assert not_yet.exit_code == 1
    assert "NOT_IN_CHECKPOINT" in not_yet.output
    bad_key = tmp_path / "bad.key"
    bad_key.write_bytes(b"not a key")
    refused = _run({**env, "BAXT_CHECKPOINT_KEY_FILE": str(bad_key)}, "verify")
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: cannot load the checkpoint key")
    assert "Traceback" not in refused.output
