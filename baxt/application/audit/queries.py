"""The ledger's checks and proofs for the API: each runs in a worker thread."""

from __future__ import annotations

from uuid import UUID

import anyio.to_thread

from baxt.application.audit.proofs import EventInclusion, LogConsistency, Prover
from baxt.application.audit.signing import LogIdentity, StoredCheckpoint
from baxt.application.audit.verify import CaseVerdict, Verifier


class AuditQueries:
    def __init__(self, verifier: Verifier, prover: Prover) -> None:
        self._verifier = verifier
        self._prover = prover

    @property
    def identity(self) -> LogIdentity:
        return self._prover.identity

    async def verify_case(self, case_id: UUID) -> CaseVerdict:
        return await anyio.to_thread.run_sync(self._verifier.verify_case, case_id)

    async def checkpoints(self) -> list[StoredCheckpoint]:
        return await anyio.to_thread.run_sync(self._prover.checkpoints)

    async def inclusion(self, case_id: UUID, version: int, tree_size: int | None) -> EventInclusion:
        return await anyio.to_thread.run_sync(self._prover.inclusion, case_id, version, tree_size)

    async def consistency(self, first_size: int, second_size: int) -> LogConsistency:
        return await anyio.to_thread.run_sync(self._prover.consistency, first_size, second_size)
