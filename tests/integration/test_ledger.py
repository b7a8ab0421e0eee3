"""The audit ledger on the real PostgreSQL: sealing, verifying, tampering, proofs, checkpoints."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from baxt import bootstrap
from baxt.application.audit.ledger import Ledger
from baxt.application.audit.proofs import NotInCheckpoint, Prover, UnknownCheckpoint
from baxt.application.audit.signing import CheckpointSigner
from baxt.application.audit.verify import LogProblemKind, Verifier
from baxt.application.cases.application import CaseApplication
from baxt.application.checkpoints import generate_signing_key
from baxt.bootstrap import event_store_env
from baxt.config import Settings
from baxt.devtools.demo import load_demo
from baxt.domain.chain import GENESIS, ChainProblemKind, event_bytes, next_chain_hash
from baxt.domain.merkle import leaf_hash
from baxt.migrations import apply_migrations
from baxt.projections.ledger import LedgerFollower
from tests.clock import Clock
from tests.integration.conftest import CASE_KEY

ORIGIN = "audit.baxt.test/log"
_DOCS = Path(__file__).parents[2] / "docs" / "audit-proofs.md"


def _ticking() -> Clock:
    """A clock a minute on at each reading, so each checkpoint and event has a time of its own."""
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=timedelta(minutes=1))


@pytest.fixture
def url(fresh_database_url: str) -> str:
    apply_migrations(fresh_database_url)
    return fresh_database_url


@pytest.fixture
def app(url: str) -> Iterator[CaseApplication]:
    application = CaseApplication(event_store_env(url), case_key=CASE_KEY, clock=_ticking())
    load_demo(application, clock=application._clock, report=lambda _: None)
    yield application
    application.close()


@pytest.fixture
def signer(url: str) -> CheckpointSigner:
    return CheckpointSigner(url, ORIGIN, generate_signing_key(), _ticking())


def _sealed_and_signed(url: str, signer: CheckpointSigner) -> None:
    Ledger(url, batch_size=7).seal()
    assert signer.sign() is not None


def _execute(url: str, statement: str, params: Any = ()) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement, params)


def _a_case_with_versions(url: str, at_least: int) -> UUID:
    """An open case (one that takes more commands, not a household record) of at least
    `at_least` events."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT originator_id FROM cases_events GROUP BY originator_id"
            " HAVING max(originator_version) >= %s AND NOT bool_or(topic LIKE '%%.Closed')"
            " AND bool_and(topic LIKE 'baxt.domain.case:%%')"
            " ORDER BY originator_id LIMIT 1",
            (at_least,),
        ).fetchone()
    assert row is not None
    return UUID(str(row[0]))


def test_an_untouched_history_verifies(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    report = Verifier(url, signer.identity).verify()
    assert report.ok, report
    with psycopg.connect(url) as conn:
        events, cases = conn.execute(
            "SELECT count(*), count(DISTINCT originator_id) FROM cases_events"
        ).fetchone() or (0, 0)
    assert (report.events, report.cases, report.sealed.leaves) == (events, cases, events)
    assert report.checkpoints == 1


def test_sealing_twice_seals_nothing_twice(url: str, app: CaseApplication) -> None:
    ledger = Ledger(url, batch_size=5)
    first = ledger.seal()
    assert first > 0
    assert ledger.seal() == 0


def test_one_flipped_byte_is_found_and_named(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    case_id = _a_case_with_versions(url, 3)
    _execute(
        url,
        "UPDATE cases_events SET state = set_byte(state, 20, get_byte(state, 20) # 1)"
        " WHERE originator_id = %s AND originator_version = 2",
        (case_id,),
    )
    report = Verifier(url, signer.identity).verify()
    assert not report.ok
    [finding] = report.case_findings
    assert (finding.case_id, finding.problem.kind, finding.problem.version) == (
        case_id,
        ChainProblemKind.ALTERED,
        2,
    )
    kinds = {f.kind for f in report.log_findings}
    assert kinds == {LogProblemKind.LEAF_ALTERED, LogProblemKind.ROOT_MISMATCH}
    verdict = Verifier(url, signer.identity).verify_case(case_id)
    assert verdict.problem == finding.problem


def test_a_deleted_event_is_found_and_named(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    case_id = _a_case_with_versions(url, 4)
    _execute(
        url,
        "DELETE FROM cases_events WHERE originator_id = %s AND originator_version = 3",
        (case_id,),
    )
    report = Verifier(url, signer.identity).verify()
    [finding] = report.case_findings
    assert (finding.problem.kind, finding.problem.version) == (ChainProblemKind.MISSING, 3)
    assert LogProblemKind.LEAF_MISSING in {f.kind for f in report.log_findings}
    assert LogProblemKind.ROOT_MISMATCH in {f.kind for f in report.log_findings}


def test_two_swapped_events_are_found_and_named(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    case_id = _a_case_with_versions(url, 4)
    _execute(
        url,
        "UPDATE cases_events AS e SET topic = o.topic, state = o.state FROM cases_events AS o"
        " WHERE e.originator_id = %(case)s AND o.originator_id = %(case)s"
        " AND e.originator_version IN (2, 3) AND o.originator_version = 5 - e.originator_version",
        {"case": case_id},
    )
    verdict = Verifier(url, signer.identity).verify_case(case_id)
    assert verdict.problem is not None
    assert (verdict.problem.kind, verdict.problem.version, verdict.problem.recorded_at) == (
        ChainProblemKind.REORDERED,
        2,
        3,
    )
    assert not Verifier(url, signer.identity).verify().ok


def test_the_ledger_refuses_changes_and_a_consistent_rewrite_breaks_the_signed_root(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _execute(url, "UPDATE audit_ledger SET chain_hash = leaf_hash")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _execute(url, "DELETE FROM audit_checkpoint")
    case_id = _a_case_with_versions(url, 1)
    _rewrite_last_event_and_its_ledger_row(url, case_id)
    report = Verifier(url, signer.identity).verify()
    assert report.case_findings == []  # the chain was rewritten to match...
    assert {f.kind for f in report.log_findings} == {  # ...but not the signed roots
        LogProblemKind.ROOT_MISMATCH,
        LogProblemKind.LEDGER_ROOT_MISMATCH,
    }


def _rewrite_last_event_and_its_ledger_row(url: str, case_id: UUID) -> None:
    """What an attacker with the database's superuser could do: change an event and re-seal it."""
    with psycopg.connect(url, autocommit=True) as conn:
        version, topic, state = conn.execute(
            "SELECT originator_version, topic, state FROM cases_events WHERE originator_id = %s"
            " ORDER BY originator_version DESC LIMIT 1",
            (case_id,),
        ).fetchone() or (0, "", b"")
        forged = bytes(state).replace(b'"', b"'", 1)
        previous = conn.execute(
            "SELECT chain_hash FROM audit_ledger WHERE originator_id = %s"
            " AND originator_version = %s",
            (case_id, version - 1),
        ).fetchone()
        entry = event_bytes(case_id, topic, forged)
        chain = next_chain_hash(bytes(previous[0]) if previous else GENESIS, entry)
        conn.execute("ALTER TABLE audit_ledger DISABLE TRIGGER audit_ledger_append_only")
        conn.execute(
            "UPDATE cases_events SET state = %s WHERE originator_id = %s"
            " AND originator_version = %s",
            (forged, case_id, version),
        )
        conn.execute(
            "UPDATE audit_ledger SET leaf_hash = %s, chain_hash = %s WHERE originator_id = %s"
            " AND originator_version = %s",
            (leaf_hash(entry), chain, case_id, version),
        )
        conn.execute("ALTER TABLE audit_ledger ENABLE TRIGGER audit_ledger_append_only")


def test_inclusion_and_consistency_proofs_hold_and_break_when_the_data_changes(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    first = signer.sign()  # nothing new: no second checkpoint of the same size
    assert first is None
    load_demo(app, clock=app._clock, report=lambda _: None)  # already played: nothing new
    case_id = _a_case_with_versions(url, 2)
    app.change_case(
        case_id,
        lambda case: case.assign(
            caseworker="cw.aziza", reason="quarter plan", actor="sup.chilonzor"
        ),
    )
    _sealed_and_signed(url, signer)
    prover = Prover(url, signer.identity)
    small, large = (c.tree_size for c in prover.checkpoints())
    inclusion = prover.inclusion(case_id, 2, small)
    assert inclusion.holds()
    assert prover.inclusion(case_id, 2).checkpoint.tree_size == large
    assert prover.consistency(small, large).holds()
    last = _last_version(url, case_id)
    with pytest.raises(NotInCheckpoint):
        prover.inclusion(case_id, last, small)
    with pytest.raises(UnknownCheckpoint):
        prover.inclusion(case_id, 2, large + 5)
    _execute(
        url,
        "UPDATE cases_events SET state = set_byte(state, 9, get_byte(state, 9) # 4)"
        " WHERE originator_id = %s AND originator_version = 2",
        (case_id,),
    )
    assert not prover.inclusion(case_id, 2, small).holds()


def _last_version(url: str, case_id: UUID) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT max(originator_version) FROM cases_events WHERE originator_id = %s",
            (case_id,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_the_documented_procedure_checks_real_checkpoints_and_proofs(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    """The reference verifier printed in docs/audit-proofs.md, run on Baxt's real output."""
    _sealed_and_signed(url, signer)
    case_id = _a_case_with_versions(url, 3)
    app.change_case(
        case_id,
        lambda case: case.assign(
            caseworker="cw.aziza", reason="quarter plan", actor="sup.chilonzor"
        ),
    )
    _sealed_and_signed(url, signer)
    reference = _reference_verifier()
    prover = Prover(url, signer.identity)
    small, large = prover.checkpoints()
    key = signer.identity.public_key.public_bytes_raw()
    head_small = reference["verify_checkpoint"](small.note, ORIGIN, key)
    head_large = reference["verify_checkpoint"](large.note, ORIGIN, key)
    inclusion = prover.inclusion(case_id, 3)
    leaf = reference["leaf_hash"](inclusion.entry)
    assert reference["verify_inclusion"](
        inclusion.proof.leaf_index,
        head_large["tree_size"],
        leaf,
        list(inclusion.proof.path),
        head_large["root_hash"],
    )
    consistency = prover.consistency(small.tree_size, large.tree_size)
    assert reference["verify_consistency"](
        head_small["tree_size"],
        head_large["tree_size"],
        list(consistency.proof.path),
        head_small["root_hash"],
        head_large["root_hash"],
    )
    tampered = bytes([inclusion.entry[0] ^ 1]) + inclusion.entry[1:]
    assert not reference["verify_inclusion"](
        inclusion.proof.leaf_index,
        head_large["tree_size"],
        reference["leaf_hash"](tampered),
        list(inclusion.proof.path),
        head_large["root_hash"],
    )


def _reference_verifier() -> dict[str, Any]:
    blocks = re.findall(r"```python\n(.*?)```", _DOCS.read_text(encoding="utf-8"), re.DOTALL)
    namespace: dict[str, Any] = {}
    exec(blocks[0], namespace)  # noqa: S102 - our own documentation's program
    return namespace


def test_the_follower_seals_events_as_they_are_stored(url: str, app: CaseApplication) -> None:
    stop = threading.Event()
    follower = LedgerFollower(Ledger(url), url)
    thread = threading.Thread(target=follower.run, args=(stop,), daemon=True)
    thread.start()
    try:
        case_id = _a_case_with_versions(url, 1)
        app.change_case(
            case_id,
            lambda case: case.assign(
                caseworker="cw.bobur", reason="quarter plan", actor="sup.chilonzor"
            ),
        )
        last = _last_version(url, case_id)
        assert _eventually_sealed(url, case_id, last)
    finally:
        stop.set()
        thread.join(timeout=10)


def _eventually_sealed(url: str, case_id: UUID, version: int) -> bool:
    done = threading.Event()
    for _ in range(300):
        with psycopg.connect(url) as conn:
            if conn.execute(
                "SELECT 1 FROM audit_ledger WHERE originator_id = %s AND originator_version = %s",
                (case_id, version),
            ).fetchone():
                return True
        done.wait(0.1)
    return False


def test_take_checkpoint_seals_then_signs_with_a_key_made_in_the_data_directory(
    url: str, app: CaseApplication, tmp_path: Path
) -> None:
    runtime = bootstrap.Runtime(Settings(database_url=url, data_dir=tmp_path), url)
    taken = bootstrap.take_checkpoint(runtime)
    assert taken is not None
    assert (tmp_path / "keys" / "checkpoint-ed25519.pem").stat().st_mode & 0o077 == 0
    assert bootstrap.verifier(runtime).verify().ok
    assert bootstrap.take_checkpoint(runtime) is None


def test_after_a_key_rotation_the_old_checkpoints_stay_trusted_when_their_key_is_kept(
    url: str, app: CaseApplication, signer: CheckpointSigner
) -> None:
    _sealed_and_signed(url, signer)
    case_id = _a_case_with_versions(url, 1)
    app.change_case(
        case_id,
        lambda case: case.assign(caseworker="cw.bobur", reason="rotation", actor="sup.chilonzor"),
    )
    old_key = signer.identity.public_key
    rotated = CheckpointSigner(url, ORIGIN, generate_signing_key(), _ticking(), (old_key,))
    _sealed_and_signed(url, rotated)
    assert Verifier(url, rotated.identity).verify().ok
    forgetful = CheckpointSigner(url, ORIGIN, generate_signing_key(), _ticking())
    report = Verifier(url, forgetful.identity).verify()
    assert {f.kind for f in report.log_findings} == {LogProblemKind.BAD_CHECKPOINT}
