"""`baxt audit`: the ledger's checks, checkpoints and proofs, and exports of the history."""

from __future__ import annotations

import click

from baxt.cli import ledger
from baxt.cli.audit_export import export_history, import_history


@click.group()
def audit() -> None:
    """Verify the history, sign checkpoints, prove entries, export and load events."""


for _command in (
    ledger.verify,
    ledger.seal,
    ledger.checkpoint,
    ledger.checkpoints,
    ledger.public_key,
    ledger.prove,
    ledger.prove_consistency,
    export_history,
    import_history,
):
    audit.add_command(_command)
