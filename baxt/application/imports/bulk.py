"""Flags many children at once: events for many cases written by COPY in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.merges import kept_case
from baxt.application.imports.flag_events import FLAGGED_TOPIC, Checked, FlaggedEncoder, Opening
from baxt.domain.case import Case, FlagOutcome, events
from baxt.domain.errors import CaseErased, DomainError
from baxt.domain.values import NO_TAGS, Child, FlagReason, FlagSource, FlagTags, Household

_ERASED = "this child's personal data was erased; the case takes no changes"
_DONE = "SELECT case_id FROM import_flag WHERE round = %s AND case_id = ANY(%s)"


@dataclass(frozen=True)
class FlagRequest:
    """A child a round flags, where they live, the row they came from, why, and what the
    row tells of the family (its Social Registry category)."""

    line: int
    child: Child
    household: Household
    reason: FlagReason | None = None
    tags: FlagTags = NO_TAGS


@dataclass
class FlagCounts:
    """What flagging did: new cases, flags on open cases, reopened cases, children the round
    had flagged already, and requests the case refused (with the line and why)."""

    opened: int = 0
    added_to_open: int = 0
    reopened: int = 0
    already: int = 0
    refused: list[tuple[int, str, str]] = field(default_factory=list)

    def count(self, outcome: FlagOutcome) -> None:
        """Counts what flagging one child did."""
        if outcome is FlagOutcome.OPENED:
            self.opened += 1
        elif outcome is FlagOutcome.ADDED:
            self.added_to_open += 1
        elif outcome is FlagOutcome.REOPENED:
            self.reopened += 1
        else:
            self.already += 1

    def add(self, other: FlagCounts) -> None:
        self.opened += other.opened
        self.added_to_open += other.added_to_open
        self.reopened += other.reopened
        self.already += other.already
        self.refused += other.refused


@dataclass(frozen=True)
class Round:
    """One import round: which, its source, the run doing it, who, and the time it runs at."""

    name: str
    source: FlagSource
    run_id: UUID
    actor: str
    now: datetime


class BulkFlagger:
    """Writes a round's flags straight into the event store, many cases per transaction.

    It takes the event store's own table lock, so notification IDs follow commit order as
    with any other save, and records each flagged case in `import_flag` in the same
    transaction: a round flags a child once, even across re-imports and restarts.
    """

    def __init__(self, app: CaseApplication, conninfo: str) -> None:
        self._app = app
        self._conninfo = conninfo
        recorder: Any = app.recorder
        self._table = sql.Identifier(recorder.datastore.schema, recorder.events_table_name)
        self._channel = sql.Identifier(recorder.channel_name)

    def flag(self, requests: Sequence[FlagRequest], round: Round) -> FlagCounts:
        try:
            return self._flag_once(requests, round)
        except psycopg.errors.UniqueViolation:
            # Someone saved one of these cases meanwhile: read them again and redo the batch.
            return self._flag_once(requests, round)

    def _flag_once(self, requests: Sequence[FlagRequest], round: Round) -> FlagCounts:
        ids = self._app.case_id_bytes([r.child.personal_id for r in requests])
        by_id = {UUID(bytes=row.tobytes()): r for row, r in zip(ids, requests, strict=True)}
        done, existing = self._known(list(by_id), round.name)
        counts = FlagCounts(already=len(done))
        self._app.child_keys.load(existing)
        encoder = FlaggedEncoder(self._app.mapper.transcoder, _opening(round))
        loaded: dict[UUID, Case] = {}
        cases: list[Case] = []
        new: dict[UUID, tuple[FlagRequest, Checked]] = {}
        for case_id, request in by_id.items():
            if case_id in done:
                continue
            try:
                if case_id in existing:
                    case = self._flagged(case_id, request, round, counts, loaded)
                    cases += [case] if case is not None else []
                else:
                    checked = encoder.check(
                        request.child, request.household, request.reason, request.tags
                    )
                    new[case_id] = (request, checked)
            except DomainError as error:
                counts.refused.append((request.line, error.code, error.message))
        self._write(self._opened(encoder, new, counts), cases, round)
        return counts

    def _opened(
        self,
        encoder: FlaggedEncoder,
        new: dict[UUID, tuple[FlagRequest, Checked]],
        counts: FlagCounts,
    ) -> list[tuple[UUID, bytes]]:
        """The first event of each new case, sealed under keys made for them all at once."""
        keys = self._app.child_keys.make(new)
        opened: list[tuple[UUID, bytes]] = []
        for case_id, (request, checked) in new.items():
            key = keys[case_id]
            if key is None:
                counts.refused.append((request.line, CaseErased.code, _ERASED))
                continue
            opened.append((case_id, encoder.encode(case_id, key, checked)))
            counts.opened += 1
        return opened

    def _flagged(
        self,
        case_id: UUID,
        request: FlagRequest,
        round: Round,
        counts: FlagCounts,
        loaded: dict[UUID, Case],
    ) -> Case | None:
        """A case the round flags again, through the aggregate: its flag, or reopening. A
        child whose case was merged away is flagged on the kept case; `loaded` holds the
        cases this batch loaded, so a kept case flagged twice in it is ALREADY the second
        time."""
        reason = request.reason

        def load(any_id: UUID) -> Case:
            if any_id not in loaded:
                case: object = self._app.repository.get(any_id)
                assert isinstance(case, Case)
                loaded[any_id] = case
            return loaded[any_id]

        kept = kept_case(load(case_id), load)
        case, outcome = Case.flag_or_reopen(
            kept,
            case_id=kept.id,
            child=request.child,
            household=request.household,
            source=round.source,
            indicators=reason.indicators if reason else (),
            note="",
            actor=round.actor,
            now=round.now,
            round=round.name,
            reason=reason,
            tags=request.tags,
        )
        counts.count(outcome)
        return None if outcome is FlagOutcome.ALREADY else case

    def _known(self, case_ids: list[UUID], round: str) -> tuple[set[UUID], set[UUID]]:
        with psycopg.connect(self._conninfo) as conn:
            done = {r[0] for r in conn.execute(_DONE, (round, case_ids)).fetchall()}
            query = sql.SQL(
                "SELECT originator_id FROM {} WHERE originator_id = ANY(%s)"
                " AND originator_version = 1"
            ).format(self._table)
            existing = {r[0] for r in conn.execute(query, (case_ids,)).fetchall()}
        return done, existing

    def _write(self, opened: list[tuple[UUID, bytes]], cases: list[Case], round: Round) -> None:
        if not opened and not cases:
            return
        stored = [self._app.mapper.to_stored_event(e) for c in cases for e in c.collect_events()]
        copy_events = sql.SQL(
            "COPY {} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
        ).format(self._table)
        with psycopg.connect(self._conninfo) as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SET LOCAL lock_timeout = '30s'")
            cur.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(self._table))
            cur.execute(sql.SQL("NOTIFY {}").format(self._channel))
            with cur.copy(copy_events) as copy:
                copy.set_types(["uuid", "int8", "text", "bytea"])
                for case_id, state in opened:
                    copy.write_row((case_id, 1, FLAGGED_TOPIC, state))
                for event in stored:
                    copy.write_row(
                        (event.originator_id, event.originator_version, event.topic, event.state)
                    )
            with cur.copy("COPY import_flag (round, case_id, run_id) FROM STDIN") as copy:
                for case_id, _ in opened:
                    copy.write_row((round.name, case_id, round.run_id))
                for case in cases:
                    copy.write_row((round.name, case.id, round.run_id))


def _opening(round: Round) -> Opening:
    return Opening(
        source=round.source,
        actor=round.actor,
        round=round.name,
        now=round.now,
        timestamp=events.Flagged.create_timestamp(),
    )
