"""`baxt audit verify`: the stored events checked against the ledger and the signed checkpoints.

Two checks, both streaming, so memory stays flat however long the history:

- each case's chain, recomputed from its stored events against the chain hashes the ledger
  recorded, names the first altered, missing or reordered version of every case;
- the whole log's Merkle tree, recomputed from the stored events in notification order, must
  have each signed checkpoint's root at its size; each leaf is also compared with the ledger's,
  which locates a change the roots only reveal.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

import psycopg

from baxt.application.audit.ledger import Sealed, sealed_position
from baxt.application.audit.signing import LogIdentity, StoredCheckpoint, stored_checkpoints
from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.domain.chain import ChainProblem, ChainRow, event_bytes, verify_chain
from baxt.domain.merkle import CompactRange, leaf_hash

_CHAINS = f"""
SELECT coalesce(e.originator_id, l.originator_id), coalesce(e.originator_version,
       l.originator_version), e.topic, e.state, l.chain_hash
FROM (SELECT * FROM {EVENTS_TABLE} WHERE notification_id <= %(sealed)s {{case}}) e
FULL JOIN (SELECT * FROM audit_ledger WHERE true {{case}}) l
  ON l.originator_id = e.originator_id AND l.originator_version = e.originator_version
ORDER BY 1, 2"""  # noqa: S608
_ONE_CASE = "AND originator_id = %(case_id)s"
_LOG = f"""
SELECT l.leaf_index, coalesce(l.notification_id, e.notification_id), l.leaf_hash,
       e.originator_id, e.topic, e.state
FROM (SELECT * FROM {EVENTS_TABLE} WHERE notification_id <= %(sealed)s) e
FULL JOIN audit_ledger l ON l.notification_id = e.notification_id
ORDER BY 2"""  # noqa: S608


@dataclass(frozen=True)
class CaseFinding:
    """The first version of a case that does not check out."""

    case_id: UUID
    problem: ChainProblem


class LogProblemKind(Enum):
    LEAF_ALTERED = "LEAF_ALTERED"
    """The stored event no longer hashes to the leaf the ledger sealed."""
    LEAF_MISSING = "LEAF_MISSING"
    """The ledger sealed an event the store no longer holds."""
    LEAF_UNRECORDED = "LEAF_UNRECORDED"
    """The store holds an event, within what was sealed, that the ledger never sealed."""
    ROOT_MISMATCH = "ROOT_MISMATCH"
    """The stored events' tree at a checkpoint's size does not have the signed root, or the
    stored events are too few to reach that size."""
    LEDGER_ROOT_MISMATCH = "LEDGER_ROOT_MISMATCH"
    """The ledger's own leaves do not have a signed root: the ledger was rewritten."""
    BAD_CHECKPOINT = "BAD_CHECKPOINT"
    """A stored checkpoint does not carry a valid signature of the log's key."""


@dataclass(frozen=True)
class LogFinding:
    kind: LogProblemKind
    notification_id: int | None = None
    leaf_index: int | None = None
    tree_size: int | None = None


@dataclass
class AuditReport:
    """What `verify` checked, and everything it found wrong."""

    sealed: Sealed
    cases: int = 0
    events: int = 0
    checkpoints: int = 0
    case_findings: list[CaseFinding] = field(default_factory=list)
    log_findings: list[LogFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.case_findings and not self.log_findings


@dataclass(frozen=True)
class CaseVerdict:
    """One case's chain: its first problem, if any, and how many versions were checked."""

    case_id: UUID
    versions: int
    problem: ChainProblem | None


class Verifier:
    """Checks the event store against the ledger and the checkpoints the log's key signed."""

    def __init__(self, conninfo: str, identity: LogIdentity) -> None:
        self._conninfo = conninfo
        self._identity = identity

    def verify(self) -> AuditReport:
        with psycopg.connect(self._conninfo) as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            report = AuditReport(sealed_position(conn))
            checkpoints = stored_checkpoints(conn, self._identity)
            report.checkpoints = len(checkpoints)
            for verdict in _case_verdicts(conn, report.sealed, None):
                report.cases += 1
                report.events += verdict.versions
                if verdict.problem is not None:
                    report.case_findings.append(CaseFinding(verdict.case_id, verdict.problem))
            report.log_findings = _check_log(conn, report.sealed, checkpoints)
        return report

    def verify_case(self, case_id: UUID) -> CaseVerdict:
        with psycopg.connect(self._conninfo) as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            verdicts = list(_case_verdicts(conn, sealed_position(conn), case_id))
        return verdicts[0] if verdicts else CaseVerdict(case_id, 0, None)


def _case_verdicts(
    conn: psycopg.Connection[Any], sealed: Sealed, case_id: UUID | None
) -> Iterator[CaseVerdict]:
    query = _CHAINS.format(case=_ONE_CASE if case_id else "")
    params = {"sealed": sealed.notification_id, "case_id": case_id}
    rows: list[ChainRow] = []
    current: UUID | None = None
    with conn.cursor(name="chains") as cursor:
        cursor.itersize = 5000
        for row_case, version, topic, state, chain in cursor.execute(query, params):
            if row_case != current and current is not None:
                yield _verdict(current, rows)
                rows = []
            current = row_case
            entry = event_bytes(row_case, topic, bytes(state)) if state is not None else None
            rows.append(ChainRow(version, entry, bytes(chain) if chain is not None else None))
    if current is not None:
        yield _verdict(current, rows)


def _verdict(case_id: UUID, rows: list[ChainRow]) -> CaseVerdict:
    recorded = [row.version for row in rows if row.recorded_hash is not None]
    last = max(recorded, default=0)
    return CaseVerdict(case_id, len(rows), verify_chain(rows, last).problem)


def _check_log(
    conn: psycopg.Connection[Any], sealed: Sealed, checkpoints: Sequence[StoredCheckpoint]
) -> list[LogFinding]:
    findings = [
        LogFinding(LogProblemKind.BAD_CHECKPOINT, tree_size=c.tree_size)
        for c in checkpoints
        if not c.verified
    ]
    trusted = sorted((c for c in checkpoints if c.verified), key=lambda c: c.tree_size)
    stored, ledger = (
        _TreeCheck(trusted, LogProblemKind.ROOT_MISMATCH),
        _TreeCheck(trusted, LogProblemKind.LEDGER_ROOT_MISMATCH),
    )
    params = {"sealed": sealed.notification_id}
    with conn.cursor(name="log") as cursor:
        cursor.itersize = 5000
        for leaf_index, notification_id, sealed_leaf, case_id, topic, state in cursor.execute(
            _LOG, params
        ):
            entry = event_bytes(case_id, topic, bytes(state)) if state is not None else None
            finding = _leaf_finding(leaf_index, notification_id, sealed_leaf, entry)
            if finding is not None:
                findings.append(finding)
            if entry is not None:
                stored.append(leaf_hash(entry))
            if sealed_leaf is not None:
                ledger.append(bytes(sealed_leaf))
    return findings + stored.finish() + ledger.finish()


def _leaf_finding(
    leaf_index: int | None, notification_id: int, sealed_leaf: bytes | None, entry: bytes | None
) -> LogFinding | None:
    if sealed_leaf is None:
        return LogFinding(LogProblemKind.LEAF_UNRECORDED, notification_id)
    if entry is None:
        return LogFinding(LogProblemKind.LEAF_MISSING, notification_id, leaf_index)
    if not hmac.compare_digest(leaf_hash(entry), bytes(sealed_leaf)):
        return LogFinding(LogProblemKind.LEAF_ALTERED, notification_id, leaf_index)
    return None


class _TreeCheck:
    """Grows a tree leaf by leaf and compares its root with each checkpoint at that size."""

    def __init__(self, checkpoints: Sequence[StoredCheckpoint], kind: LogProblemKind) -> None:
        self._pending = list(checkpoints)
        self._kind = kind
        self._tree = CompactRange()
        self.findings: list[LogFinding] = []
        self._compare()

    def append(self, leaf: bytes) -> None:
        self._tree.append(leaf)
        self._compare()

    def finish(self) -> list[LogFinding]:
        self.findings += [LogFinding(self._kind, tree_size=c.tree_size) for c in self._pending]
        self._pending = []
        return self.findings

    def _compare(self) -> None:
        while self._pending and self._pending[0].tree_size == self._tree.size:
            checkpoint = self._pending.pop(0)
            if not hmac.compare_digest(self._tree.root(), checkpoint.root_hash):
                self.findings.append(LogFinding(self._kind, tree_size=checkpoint.tree_size))
