"""Tamper evidence over the API: a case's chain checked, the log's checkpoints, its proofs."""

from __future__ import annotations

import base64
import datetime as dt

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.audit.proofs import EventInclusion, LogConsistency
from baxt.application.audit.signing import StoredCheckpoint
from baxt.domain.chain import ChainProblemKind
from baxt.domain.errors import CaseNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs

strawberry.enum(ChainProblemKind, name="ChainProblemKind")

_MAX_CHECKPOINTS = 100


@strawberry.type(description="The first version of a case whose stored event does not check out.")
class ChainProblem:
    kind: ChainProblemKind
    version: int
    recorded_at: int | None = strawberry.field(
        description="For REORDERED: the version whose recorded hash the event's bytes match."
    )


@strawberry.type(description="A case's events checked against the chain hashes sealed for them.")
class CaseVerification:
    versions_checked: int
    problem: ChainProblem | None

    @strawberry.field(description="True when every sealed version checks out.")
    def ok(self) -> bool:
        return self.problem is None


@strawberry.type(description="A signed tree head of the audit log (a C2SP signed note).")
class LogCheckpoint:
    tree_size: int
    root_hash: str = strawberry.field(description="SHA-256 Merkle root, hex.")
    signed_at: dt.datetime
    note: str = strawberry.field(description="The signed note to publish and verify.")

    @classmethod
    def of(cls, stored: StoredCheckpoint) -> LogCheckpoint:
        return cls(
            tree_size=stored.tree_size,
            root_hash=stored.root_hash.hex(),
            signed_at=stored.signed_at,
            note=stored.note,
        )


@strawberry.type(description="The log's signing key, to check checkpoints with.")
class LogKey:
    origin: str
    verifier_key: str = strawberry.field(description="name+keyid+base64(0x01 || key).")
    public_key: str = strawberry.field(description="The raw 32-byte Ed25519 key, hex.")


@strawberry.type(description="RFC 9162 inclusion proof of one event in a checkpoint's tree.")
class EventInclusionProof:
    version: int
    entry: str = strawberry.field(
        description="The event's canonical bytes, base64: case UUID (16 bytes), topic, 0x0A, state."
    )
    leaf_index: int
    tree_size: int
    path: list[str] = strawberry.field(description="The audit path, hex hashes in order.")
    checkpoint: LogCheckpoint
    holds: bool = strawberry.field(description="Whether the proof checks out, as Baxt computes it.")

    @classmethod
    def of(cls, inclusion: EventInclusion) -> EventInclusionProof:
        return cls(
            version=inclusion.version,
            entry=base64.b64encode(inclusion.entry).decode("ascii"),
            leaf_index=inclusion.proof.leaf_index,
            tree_size=inclusion.proof.tree_size,
            path=[p.hex() for p in inclusion.proof.path],
            checkpoint=LogCheckpoint.of(inclusion.checkpoint),
            holds=inclusion.holds(),
        )


@strawberry.type(description="RFC 9162 consistency proof: the later tree extends the earlier.")
class LogConsistencyProof:
    first: LogCheckpoint
    second: LogCheckpoint
    path: list[str] = strawberry.field(description="The consistency path, hex hashes in order.")
    holds: bool

    @classmethod
    def of(cls, consistency: LogConsistency) -> LogConsistencyProof:
        return cls(
            first=LogCheckpoint.of(consistency.first),
            second=LogCheckpoint.of(consistency.second),
            path=[p.hex() for p in consistency.proof.path],
            holds=consistency.holds(),
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="A case's events checked against their sealed chain hashes; null when there"
        " is no such case in your reach.",
        permission_classes=[Needs(Operation.VERIFY_LEDGER)],
    )
    async def verify_case(self, info: Info, id: strawberry.ID) -> CaseVerification | None:
        case_id = case_uuid(id)
        try:
            await info.context.cases.require_case(case_id, info.context.view)
        except CaseNotFound:
            return None
        verdict = await info.context.services.audit.verify_case(case_id)
        if verdict.versions == 0:
            return None
        await record_case_reads(info, [verdict.case_id])
        problem = verdict.problem
        found = (
            ChainProblem(
                kind=problem.kind, version=problem.version, recorded_at=problem.recorded_at
            )
            if problem
            else None
        )
        return CaseVerification(versions_checked=verdict.versions, problem=found)

    @strawberry.field(
        description="The latest signed checkpoints of the audit log, newest first.",
        permission_classes=[Needs(Operation.VERIFY_LEDGER)],
    )
    async def log_checkpoints(self, info: Info, last: int = 20) -> list[LogCheckpoint]:
        taken = await info.context.services.audit.checkpoints()
        newest = taken[::-1][: max(0, min(last, _MAX_CHECKPOINTS))]
        return [LogCheckpoint.of(c) for c in newest]

    @strawberry.field(
        description="The key that signs the audit log's checkpoints.",
        permission_classes=[Needs(Operation.VERIFY_LEDGER)],
    )
    def log_key(self, info: Info) -> LogKey:
        identity = info.context.services.audit.identity
        raw = identity.public_key.public_bytes_raw()
        return LogKey(
            origin=identity.origin, verifier_key=identity.verifier_key, public_key=raw.hex()
        )

    @strawberry.field(
        description="Proves one event of a case is in a checkpoint (the latest); auditors only,"
        " since the entry is the event as stored.",
        permission_classes=[Needs(Operation.INCLUSION_PROOFS)],
    )
    async def inclusion_proof(
        self, info: Info, case_id: strawberry.ID, version: int, tree_size: int | None = None
    ) -> EventInclusionProof:
        found = await info.context.services.audit.inclusion(case_uuid(case_id), version, tree_size)
        await record_case_reads(info, [found.case_id])
        return EventInclusionProof.of(found)

    @strawberry.field(
        description="Proves the checkpoint of secondSize extends that of firstSize.",
        permission_classes=[Needs(Operation.VERIFY_LEDGER)],
    )
    async def consistency_proof(
        self, info: Info, first_size: int, second_size: int
    ) -> LogConsistencyProof:
        found = await info.context.services.audit.consistency(first_size, second_size)
        return LogConsistencyProof.of(found)
