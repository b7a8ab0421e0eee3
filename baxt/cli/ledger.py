"""The ledger's commands: verify, seal, checkpoint(s), public-key, prove, prove-consistency."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import click

from baxt import bootstrap
from baxt.application.audit.proofs import EventInclusion, LogConsistency
from baxt.application.audit.signing import CheckpointSigner
from baxt.application.audit.verify import AuditReport
from baxt.cli.common import connect, load_config, progress
from baxt.domain.errors import DomainError


def _runtime() -> bootstrap.Runtime:
    """The database, with the checkpoint key checked up front: a bad key is a one-line error."""
    runtime = connect(load_config())
    _signer(runtime)
    return runtime


@click.command()
def seal() -> None:
    """Seal the events the audit ledger does not hold yet (the projections do this live)."""
    sealed = bootstrap.ledger(_runtime()).seal(progress=progress("sealing"))
    click.echo(f"sealed {sealed} events")


@click.command()
def checkpoint() -> None:
    """Seal, then sign a checkpoint of the ledger if it grew since the last one."""
    runtime = _runtime()
    bootstrap.ledger(runtime).seal(progress=progress("sealing"))
    taken = _signer(runtime).sign()
    if taken is None:
        click.echo("nothing sealed since the last checkpoint; none taken")
    else:
        click.echo(taken.note, nl=False)


@click.command()
def verify() -> None:
    """Recompute every case's chain and the log's tree; exit 1 when anything is wrong."""
    runtime = _runtime()
    bootstrap.ledger(runtime).seal(progress=progress("sealing"))
    report = bootstrap.verifier(runtime).verify()
    _print_report(report)
    if not report.ok:
        raise SystemExit(1)


def _print_report(report: AuditReport) -> None:
    click.echo(
        f"checked {report.cases} cases, {report.events} events, {report.sealed.leaves} sealed"
        f" leaves and {report.checkpoints} checkpoints"
    )
    for found in report.case_findings:
        problem = found.problem
        moved = f" (its content was recorded at version {problem.recorded_at})"
        click.echo(
            f"case {found.case_id}: first {problem.kind.value} event at version"
            f" {problem.version}{moved if problem.recorded_at is not None else ''}"
        )
    for log in report.log_findings:
        where = [
            f"{label} {value}"
            for label, value in (
                ("notification", log.notification_id),
                ("leaf", log.leaf_index),
                ("checkpoint of size", log.tree_size),
            )
            if value is not None
        ]
        click.echo(f"log: {log.kind.value} at {', '.join(where)}")
    click.echo("OK: nothing was changed" if report.ok else "FAILED: the history was tampered with")


@click.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write each checkpoint as <size>.checkpoint, and the log's keys, into this folder.",
)
def checkpoints(output: Path | None) -> None:
    """List the signed checkpoints, or export them for publishing."""
    runtime = _runtime()
    identity = _signer(runtime).identity
    taken = bootstrap.prover(runtime).checkpoints()
    if output is None:
        for stored in taken:
            click.echo(
                f"{stored.tree_size}\t{stored.signed_at.isoformat()}\t{_b64(stored.root_hash)}"
            )
        return
    output.mkdir(parents=True, exist_ok=True)
    for stored in taken:
        (output / f"{stored.tree_size}.checkpoint").write_text(stored.note, encoding="utf-8")
    (output / "log.vkey").write_text(identity.verifier_key + "\n", encoding="utf-8")
    raw = identity.public_key.public_bytes_raw()
    (output / "log.pub").write_text(raw.hex() + "\n", encoding="utf-8")
    click.echo(f"wrote {len(taken)} checkpoints and the log's public key to {output}")


@click.command("public-key")
def public_key() -> None:
    """Print the log's public key: the verifier key, then its 32 raw bytes in hex."""
    identity = _signer(_runtime()).identity
    click.echo(identity.verifier_key)
    click.echo(identity.public_key.public_bytes_raw().hex())


@click.command()
@click.argument("case_id", type=click.UUID)
@click.argument("version", type=click.IntRange(min=1))
@click.option("--checkpoint", "tree_size", type=click.IntRange(min=1), help="Its tree size.")
def prove(case_id: UUID, version: int, tree_size: int | None) -> None:
    """Prove that event VERSION of case CASE_ID is in a checkpoint (the latest by default)."""
    runtime = _runtime()
    bootstrap.ledger(runtime).seal()
    try:
        inclusion = bootstrap.prover(runtime).inclusion(case_id, version, tree_size)
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    click.echo(json.dumps(inclusion_json(inclusion), indent=2))


@click.command("prove-consistency")
@click.argument("first", type=click.IntRange(min=0))
@click.argument("second", type=click.IntRange(min=0))
def prove_consistency(first: int, second: int) -> None:
    """Prove that the checkpoint of size SECOND extends the one of size FIRST."""
    try:
        consistency = bootstrap.prover(_runtime()).consistency(first, second)
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    click.echo(json.dumps(consistency_json(consistency), indent=2))


def inclusion_json(inclusion: EventInclusion) -> dict[str, Any]:
    return {
        "case_id": str(inclusion.case_id),
        "version": inclusion.version,
        "entry": _b64(inclusion.entry),
        "leaf_index": inclusion.proof.leaf_index,
        "tree_size": inclusion.proof.tree_size,
        "path": [p.hex() for p in inclusion.proof.path],
        "checkpoint": inclusion.checkpoint.note,
        "holds": inclusion.holds(),
    }


def consistency_json(consistency: LogConsistency) -> dict[str, Any]:
    return {
        "first_size": consistency.proof.first_size,
        "second_size": consistency.proof.second_size,
        "path": [p.hex() for p in consistency.proof.path],
        "first_checkpoint": consistency.first.note,
        "second_checkpoint": consistency.second.note,
        "holds": consistency.holds(),
    }


def _signer(runtime: bootstrap.Runtime) -> CheckpointSigner:
    try:
        return bootstrap.checkpoint_signer(runtime)
    except (OSError, ValueError) as error:
        raise click.ClickException(f"cannot load the checkpoint key: {error}") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
