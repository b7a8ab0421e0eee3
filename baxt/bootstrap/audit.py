"""The audit ledger's parts: the sealer, the checkpoint signer, the verifier and the prover,
and the loader of exported histories."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from baxt.application.audit.ledger import Ledger
from baxt.application.audit.load import HistoryLoad
from baxt.application.audit.proofs import Prover
from baxt.application.audit.signing import CheckpointSigner
from baxt.application.audit.verify import Verifier
from baxt.application.cases.application import CaseApplication, utc_now
from baxt.bootstrap.common import Runtime
from baxt.keys import checkpoint_key
from baxt.workers.notifier import SILENCE_ON_LOAD
from baxt.workers.webhooks import SILENCE_ON_LOAD as WEBHOOKS_SILENCED_ON_LOAD


def ledger(runtime: Runtime) -> Ledger:
    """The ledger that seals the event store's history."""
    return Ledger(runtime.database_url)


def checkpoint_signer(runtime: Runtime) -> CheckpointSigner:
    """Signs checkpoints with the settings' key; earlier keys still verify old ones."""
    settings = runtime.settings
    key = checkpoint_key(settings.checkpoint_key_file, settings.data_dir)
    previous = tuple(
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))
        for hex_key in settings.checkpoint_previous_keys.split(",")
        if hex_key
    )
    return CheckpointSigner(runtime.database_url, settings.log_origin, key, utc_now, previous)


def take_checkpoint(runtime: Runtime) -> object:
    """Seals what is not sealed yet, then signs a checkpoint if the ledger grew."""
    ledger(runtime).seal()
    return checkpoint_signer(runtime).sign()


def verifier(runtime: Runtime) -> Verifier:
    """Checks the ledger against its signed checkpoints."""
    return Verifier(runtime.database_url, checkpoint_signer(runtime).identity)


def prover(runtime: Runtime) -> Prover:
    """Proves an event's inclusion in, and the consistency of, signed checkpoints."""
    return Prover(runtime.database_url, checkpoint_signer(runtime).identity)


def history_load(runtime: Runtime, app: CaseApplication) -> HistoryLoad:
    """Loads an exported history; the notifier and the webhook follower count it as seen, so
    nothing is sent again."""
    silenced = (*SILENCE_ON_LOAD, *WEBHOOKS_SILENCED_ON_LOAD)
    return HistoryLoad(app, runtime.database_url, silenced=silenced)
