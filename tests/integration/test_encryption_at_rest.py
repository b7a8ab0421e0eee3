"""Personal data at rest, against the real PostgreSQL: sealed in the raw events, each child's
key destroyed on erasure, the case still replaying and verifying, and master keys rotating."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from click.testing import CliRunner, Result

from baxt.application.audit.as_of import case_as_of
from baxt.application.audit.ledger import Ledger
from baxt.application.audit.signing import CheckpointSigner
from baxt.application.audit.verify import Verifier
from baxt.application.cases.application import CaseApplication, utc_now
from baxt.application.checkpoints import generate_signing_key
from baxt.application.pii.keyring import MASTER_KEY, PREVIOUS_MASTER_KEYS
from baxt.application.pii.master_keys import new_master_key
from baxt.application.pii.postgres_keys import PostgresChildKeys
from baxt.bootstrap import event_store_env
from baxt.cli import main
from baxt.devtools.demo import load_demo
from baxt.domain.case import Case
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus, CloseReason
from baxt.migrations import apply_migrations
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.rebuild import check
from baxt.projections.refill import bring_case_summary_forward
from tests.database import scratch_database
from tests.integration.conftest import CASE_KEY
from tests.sealed import opened

PERSONAL_COLUMNS = ("personal_id", "full_name", "guardian_name", "guardian_phone")


@dataclass
class Store:
    url: str
    app: CaseApplication


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[Store]:
    apply_migrations(fresh_database_url)
    app = CaseApplication(event_store_env(fresh_database_url), case_key=CASE_KEY)
    load_demo(app, report=lambda _: None)
    catch_up_case_summary(event_store_env(fresh_database_url))
    yield Store(fresh_database_url, app)
    app.close()


def _query(url: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(statement, params).fetchall()


def _personal_texts(url: str) -> set[str]:
    """Every name, PINFL, phone and visit observation the read model shows in clear."""
    columns = ", ".join(PERSONAL_COLUMNS)
    sealed = _query(url, f"SELECT case_id, {columns}, visits FROM case_summary")
    rows = [opened(url, row[0], row[1:]) for row in sealed]
    texts = {str(value) for row in rows for value in row[:4]}
    texts |= {v["observations"] for row in rows for v in row[4] if v["observations"]}
    return texts


def _raw_events(url: str) -> bytes:
    return b"".join(bytes(row[0]) for row in _query(url, "SELECT state FROM cases_events"))


def test_a_raw_dump_of_the_stored_events_reveals_no_name_pinfl_or_phone(store: Store) -> None:
    texts = _personal_texts(store.url)
    raw = _raw_events(store.url)

    assert len(texts) >= 15  # the five stories' children, guardians, phones and PINFLs
    leaked = {text for text in texts if text.encode() in raw}
    assert leaked == set()
    assert b"pii:" in raw


def _erase_one(store: Store) -> UUID:
    row = _query(store.url, "SELECT case_id FROM case_summary ORDER BY version DESC LIMIT 1")
    case_id = UUID(str(row[0][0]))
    store.app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(store.url))
    return case_id


def test_an_erased_child_s_case_replays_with_statuses_dates_and_counts_but_no_pii(
    store: Store,
) -> None:
    before: Any = store.app.repository.get(_any_case(store))
    case_id = _erase_one(store)

    other_process = CaseApplication(event_store_env(store.url), case_key=CASE_KEY)
    case: Any = other_process.repository.get(case_id)
    earlier = case_as_of(other_process, case_id, version=case.version - 1)
    other_process.close()

    assert case.erased
    assert case.status is CaseStatus.CLOSED
    assert case.close_reason is CloseReason.DATA_ERASED
    assert (case.child.full_name, case.child.personal_id) == (ERASED, ERASED)
    assert case.household.guardian_phone == ERASED
    assert case.child.birth_date.year > 2000
    assert earlier is not None
    assert earlier.status is not CaseStatus.CLOSED or earlier.close_reason is not None
    assert earlier.child.full_name == ERASED
    assert before.child.full_name != ERASED  # the others are untouched


def _any_case(store: Store) -> UUID:
    row = _query(store.url, "SELECT case_id FROM case_summary ORDER BY version ASC LIMIT 1")
    return UUID(str(row[0][0]))


def test_erasure_blanks_the_read_model_as_a_rebuild_would_and_destroys_the_key(
    store: Store,
) -> None:
    case_id = _erase_one(store)

    columns = ", ".join(PERSONAL_COLUMNS)
    row = _query(
        store.url, f"SELECT {columns}, status FROM case_summary WHERE case_id = %s", (case_id,)
    )
    key = _query(
        store.url, "SELECT wrapped, erased_at FROM child_key WHERE case_id = %s", (case_id,)
    )
    rebuilt = check(event_store_env(store.url), "case_summary")

    assert row == [(ERASED, ERASED, ERASED, ERASED, "CLOSED")]
    assert key[0][0] is None
    assert key[0][1] is not None
    assert rebuilt.matches, rebuilt.describe()


def test_the_audit_chain_and_tree_still_verify_after_an_erasure(store: Store) -> None:
    signer = CheckpointSigner(store.url, "baxt.test/cases", generate_signing_key(), utc_now)
    Ledger(store.url).seal()
    signer.sign()
    case_id = _erase_one(store)
    Ledger(store.url).seal()
    signer.sign()

    report = Verifier(store.url, signer.identity).verify()
    verdict = Verifier(store.url, signer.identity).verify_case(case_id)

    assert report.ok, report
    assert verdict.problem is None
    assert verdict.versions == store.app.repository.get(case_id).version


def test_a_rotated_master_key_rewraps_every_child_key_and_the_events_stay_as_they_were(
    store: Store,
) -> None:
    raw_before = _raw_events(store.url)
    names_before = _full_names(store.url)
    new_key = new_master_key()
    rotating = CaseApplication(
        event_store_env(store.url)
        | {MASTER_KEY: new_key, PREVIOUS_MASTER_KEYS: os.environ[MASTER_KEY]},
        case_key=CASE_KEY,
    )
    keys = rotating.child_keys
    assert isinstance(keys, PostgresChildKeys)

    rewrapped = keys.rewrap(batch=2)
    rotating.close()
    rotated = CaseApplication(event_store_env(store.url) | {MASTER_KEY: new_key})
    names = {_case(rotated, case_id).child.full_name for case_id in names_before}
    rotated.close()

    assert rewrapped == len(names_before) + 2, (
        "every child's key, the demo household's and the blind index's"
    )
    master_keys = _query(store.url, "SELECT DISTINCT master_key_id FROM child_key")
    assert master_keys == [(keys.master.current_id,)]
    assert _raw_events(store.url) == raw_before
    assert names == set(names_before.values())


def test_after_a_rotation_the_first_start_rebuilds_the_match_keys_and_keeps_search_terms(
    store: Store,
) -> None:
    """The blind index's key (search terms, sealed birth dates) is rewrapped like a child's,
    never replaced; the match keys derive from the master key itself, so the first start
    after a rotation rebuilds `case_summary` once and none of the old keys is left."""
    search = "SELECT case_id, kind, term FROM case_search"
    matching = "SELECT case_id, kind, key FROM case_match_key"
    bring_case_summary_forward(event_store_env(store.url))  # a start, which notes the key
    terms_before = sorted(_query(store.url, search))
    keys_before = set(_query(store.url, matching))
    new_key = new_master_key()
    rotating = CaseApplication(
        event_store_env(store.url)
        | {MASTER_KEY: new_key, PREVIOUS_MASTER_KEYS: os.environ[MASTER_KEY]},
        case_key=CASE_KEY,
    )
    keys = rotating.child_keys
    assert isinstance(keys, PostgresChildKeys)
    keys.rewrap(batch=50)
    rotating.close()
    rotated = event_store_env(store.url) | {MASTER_KEY: new_key}

    bring_case_summary_forward(rotated)
    rebuilt = check(rotated, "case_summary")
    keys_after = set(_query(store.url, matching))

    assert len(terms_before) > 100
    assert len(keys_after) == len(keys_before) > 100
    assert rebuilt.matches, rebuilt.describe()
    assert sorted(_query(store.url, search)) == terms_before
    assert keys_after.isdisjoint(keys_before)
    assert _query(store.url, "SELECT count(*) FROM read_model_refill") == [(0,)]


def _case(app: CaseApplication, case_id: UUID) -> Case:
    case: object = app.repository.get(case_id)
    assert isinstance(case, Case)
    return case


def _full_names(url: str) -> dict[UUID, str]:
    rows = _query(url, "SELECT case_id, full_name FROM case_summary")
    return {UUID(str(case_id)): str(opened(url, case_id, name)) for case_id, name in rows}


def test_events_sealed_at_one_time_open_at_another(store: Store) -> None:
    later = datetime.now(UTC) + timedelta(seconds=1)
    row = _query(store.url, "SELECT case_id FROM case_summary LIMIT 1")
    case_id = UUID(str(row[0][0]))

    replayed = case_as_of(store.app, case_id, at=later)

    assert replayed is not None
    assert replayed.child.full_name not in {ERASED, ""}
    assert not replayed.child.full_name.startswith("pii:")


def _baxt(url: str, data_dir: Path, *args: str) -> Result:
    env = {"BAXT_DATABASE_URL": url, "BAXT_DATA_DIR": str(data_dir)}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_a_store_moves_with_its_child_keys_and_opens_elsewhere(
    store: Store, admin_url: str, tmp_path: Path
) -> None:
    history, keys = tmp_path / "history.jsonl", tmp_path / "keys.jsonl"
    _baxt(store.url, tmp_path, "audit", "export", "-o", str(history))
    exported = _baxt(store.url, tmp_path, "keys", "export", "-o", str(keys))

    with scratch_database(admin_url) as other:
        imported = _baxt(other, tmp_path, "audit", "import", str(history), "--keys", str(keys))
        names = _full_names(other)

    assert exported.exit_code == 0, exported.output
    assert imported.exit_code == 0, imported.output
    assert names == _full_names(store.url)
    assert not any(name.encode() in history.read_bytes() for name in names.values())


def test_a_malformed_key_file_is_refused_by_line_with_a_stable_code(
    store: Store, tmp_path: Path
) -> None:
    keys = tmp_path / "keys.jsonl"
    keys.write_text(
        '{"case_id": "0b0d", "master_key_id": "x", "wrapped": "%%%", "erased_at": null}\n'
    )

    refused = _baxt(store.url, tmp_path, "keys", "import", str(keys))

    assert refused.exit_code == 1
    assert "MALFORMED_KEY_LINE: line 1" in refused.output
