"""One composition root per process: the API (`api`), the projector (`projector`), the worker
(`worker`) and the scheduler (`scheduler`), on the pieces every process shares (`common`).

The names below are the ones the commands and the tests reach for."""

from __future__ import annotations

from baxt.bootstrap.api import (
    api,
    case_service,
    hardening,
    partner_service,
    persisted_documents,
    read_pool,
)
from baxt.bootstrap.audit import (
    checkpoint_signer,
    history_load,
    ledger,
    prover,
    take_checkpoint,
    verifier,
)
from baxt.bootstrap.common import (
    Runtime,
    case_application,
    event_store_env,
    make_event_store_tables,
    pii_env,
    prepare,
)
from baxt.bootstrap.projector import (
    following_ledger,
    start_notifier,
    start_projections,
    start_webhook_follower,
)
from baxt.bootstrap.tokens import token_issuer, token_verifier
from baxt.bootstrap.work import import_settings, planner, remind_all
from baxt.bootstrap.worker import delivery, webhook_sender

__all__ = [
    "Runtime",
    "api",
    "case_application",
    "case_service",
    "checkpoint_signer",
    "delivery",
    "event_store_env",
    "following_ledger",
    "hardening",
    "history_load",
    "import_settings",
    "ledger",
    "make_event_store_tables",
    "partner_service",
    "persisted_documents",
    "pii_env",
    "planner",
    "prepare",
    "prover",
    "read_pool",
    "remind_all",
    "start_notifier",
    "start_projections",
    "start_webhook_follower",
    "take_checkpoint",
    "token_issuer",
    "token_verifier",
    "verifier",
    "webhook_sender",
]
