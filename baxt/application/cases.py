from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import EnvType, get_topic

from baxt.application.pii.child_keys import ChildKeys
from baxt.application.pii.keyring import child_keys
from baxt.application.pii.mapper import SealingMapper
from baxt.application.pii.sealing import Sealer
from baxt.application.plain import plain
from baxt.application.saving import Saved as Saved
from baxt.application.saving import SavingCases
from baxt.application.transcodings import register_domain_transcodings
from baxt.domain.case import Case
from baxt.domain.case_id import case_id_for
from baxt.domain.errors import CaseNotFound, Conflict
from baxt.domain.pinfl import validate_pinfl
from baxt.domain.values import (
    Child,
    CloseReason,
    ContactOutcome,
    FlagSource,
    Household,
    Need,
    PlanItem,
    Visit,
)

REFERRAL_EVENTS: tuple[type, ...] = (
    Case.ConsentGiven,
    Case.ConsentRevoked,
    Case.ReferralAccepted,
    Case.ReferralDeclined,
    Case.ReferralProgressRecorded,
    Case.ReferralCompleted,
    Case.ReferralCancelled,
    Case.ReferralReminded,
)
CASE_EVENT_TOPICS = tuple(
    get_topic(cls)
    for cls in (
        Case.Flagged,
        Case.FlagAdded,
        Case.ContactAttempted,
        Case.Visited,
        Case.Consulted,
        Case.Referred,
        Case.Closed,
        Case.Reopened,
        Case.Assigned,
        Case.VisitPlanned,
        Case.Escalated,
        Case.VisitOverdue,
        Case.ChildDataErased,
        *REFERRAL_EVENTS,
    )
)
_EVENT_BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "actor"})


def utc_now() -> datetime:
    return datetime.now(UTC)


def case_not_found() -> CaseNotFound:
    """The refusal for a case that does not exist, and for one the caller may not know of."""
    return CaseNotFound("no such case", ("case_id",))


CaseGuard = Callable[[Case], None]
"""A check on a case a command is about to change, run on the case as loaded from the event
store before the command touches it; it raises to refuse (for instance, out of reach)."""

_guard: ContextVar[CaseGuard | None] = ContextVar("case_guard", default=None)


@dataclass(frozen=True)
class HistoryEntry:
    sequence: int
    type: str
    occurred_at: datetime
    actor: str
    data: dict[str, Any]


class CaseApplication(SavingCases):
    """Runs the commands on children's cases and reads their histories from the event store."""

    name = "Cases"

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        case_key: bytes = b"",
        clock: Callable[[], datetime] = utc_now,
        verify_check_digit: bool = False,
    ) -> None:
        super().__init__(env)
        self._case_key = case_key
        self._clock = clock
        self._verify_check_digit = verify_check_digit

    def construct_mapper(self) -> Mapper[UUID]:
        """A mapper that seals each event's personal fields with the child's own key."""
        self.child_keys: ChildKeys = child_keys(self.env, getattr(self.factory, "datastore", None))
        return SealingMapper(
            self.construct_transcoder(),
            Sealer(self.child_keys),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def guarded(self, guard: CaseGuard, command: Callable[[CaseApplication], Saved]) -> Saved:
        """Runs `command`, with `guard` checking each existing case it changes first, on the
        same load the command works on."""
        with self._guarded_by(guard):
            return command(self)

    @staticmethod
    @contextmanager
    def _guarded_by(guard: CaseGuard) -> Iterator[None]:
        token = _guard.set(guard)
        try:
            yield
        finally:
            _guard.reset(token)

    def case_id_for(self, personal_id: str) -> UUID:
        if not self._case_key:
            raise RuntimeError("this application was built without a case key")
        return case_id_for(personal_id, self._case_key)

    def flag_child(
        self,
        *,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
    ) -> Saved:
        """Opens a child's case, adds the flag to the open case, or reopens a closed one."""
        personal_id = validate_pinfl(
            child.personal_id.strip(),
            child.birth_date,
            child.sex,
            verify_check_digit=self._verify_check_digit,
        )
        case_id = self.case_id_for(personal_id)
        try:
            return self._flag_once(case_id, child, household, source, indicators, note, actor)
        except Conflict:
            # Another flag for the same child won the race; record this one on its case.
            return self._flag_once(case_id, child, household, source, indicators, note, actor)

    def _flag_once(
        self,
        case_id: UUID,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
    ) -> Saved:
        now = self._clock()
        try:
            case = self._get(case_id)
        except CaseNotFound:
            case = Case.flag(
                case_id=case_id,
                child=child,
                household=household,
                source=source,
                indicators=indicators,
                note=note,
                actor=actor,
                now=now,
                verify_check_digit=self._verify_check_digit,
            )
            return self._save(case)
        if case.is_open:
            case.add_flag(source=source, indicators=indicators, note=note, actor=actor)
        else:
            case.reopen(
                reason=f"flagged again ({source.value})",
                actor=actor,
                now=now,
                source=source,
                indicators=indicators,
            )
        return self._save(case)

    def record_contact_attempt(
        self,
        case_id: UUID,
        *,
        outcome: ContactOutcome,
        visit_scheduled_at: datetime | None,
        note: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.record_contact_attempt(
                outcome=outcome,
                visit_scheduled_at=visit_scheduled_at,
                note=note,
                actor=actor,
                now=self._clock(),
            ),
        )

    def record_visit(
        self, case_id: UUID, *, visit: Visit, actor: str, expected_version: int | None = None
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.record_visit(visit=visit, actor=actor, now=self._clock()),
        )

    def record_consultation(
        self,
        case_id: UUID,
        *,
        needs: Sequence[Need],
        plan: Sequence[PlanItem],
        note: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.record_consultation(needs=needs, plan=plan, note=note, actor=actor),
        )

    def refer_case(
        self,
        case_id: UUID,
        *,
        service_category: str,
        provider: str,
        reason: str,
        consent_given: bool,
        actor: str,
        expected_version: int | None = None,
        organisation_id: str | None = None,
        service_id: str | None = None,
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.refer(
                service_category=service_category,
                provider=provider,
                reason=reason,
                consent_given=consent_given,
                actor=actor,
                organisation_id=organisation_id,
                service_id=service_id,
            ),
        )

    def change_case(
        self,
        case_id: UUID,
        command: Callable[[Case], object],
        *,
        expected_version: int | None = None,
    ) -> Saved:
        """Runs one command on a case and saves what it recorded (for services built on this)."""
        return self._change(case_id, expected_version, command)

    def close_case(
        self,
        case_id: UUID,
        *,
        reason: CloseReason,
        note: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.close(reason=reason, note=note, actor=actor),
        )

    def reopen_case(
        self, case_id: UUID, *, reason: str, actor: str, expected_version: int | None = None
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.reopen(reason=reason, actor=actor, now=self._clock()),
        )

    def erase_child_data(self, case_id: UUID, *, legal_reason: str, actor: str) -> Saved:
        """Records on the case that the child's personal data is erased, then destroys the
        child's key. Run again after a crash between the two, it finishes the job."""
        case = self._get(case_id)
        if not case.erased:
            case.erase_child_data(legal_reason=legal_reason, actor=actor)
        saved = self._save(case)
        self.child_keys.erase(case_id)
        return saved

    def assign_case(
        self,
        case_id: UUID,
        *,
        caseworker: str,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> Saved:
        return self._change(
            case_id,
            expected_version,
            lambda case: case.assign(caseworker=caseworker, reason=reason, actor=actor),
        )

    def save_batch(self, cases: Sequence[Case], *, during: str) -> None:
        """Saves many cases in one transaction; a case changed meanwhile fails them all."""
        if not cases:
            return
        self.child_keys.prepare(case.id for case in cases)
        try:
            self.save(*cases)
        except IntegrityError:
            raise Conflict(f"a case changed {during}; run it again") from None

    def history(self, case_id: UUID, *, after: int = 0, limit: int = 50) -> list[HistoryEntry]:
        """The case's events in order, from the event store itself; empty for an unknown case."""
        return [
            history_entry(event)
            for event in self.events.get(case_id, gt=after or None, limit=limit)
        ]

    def _change(
        self, case_id: UUID, expected_version: int | None, command: Callable[[Case], object]
    ) -> Saved:
        case = self._get(case_id)
        guard = _guard.get()
        if guard is not None:
            guard(case)
        if expected_version is not None and case.version != expected_version:
            raise Conflict(
                f"the case is at version {case.version}, not {expected_version}",
                ("expected_version",),
            )
        command(case)
        return self._save(case)

    def _get(self, case_id: UUID) -> Case:
        try:
            case: object = self.repository.get(case_id)
        except AggregateNotFoundError:
            raise case_not_found() from None
        assert isinstance(case, Case)
        return case


def history_entry(event: Any) -> HistoryEntry:
    """One stored case event as a history shows it: its fields in plain values."""
    data = {
        f.name: plain(getattr(event, f.name))
        for f in dataclasses.fields(event)
        if f.name not in _EVENT_BASE_FIELDS and f.name != "originator_topic"
    }
    return HistoryEntry(
        sequence=event.originator_version,
        type=type(event).__name__,
        occurred_at=event.timestamp,
        actor=plain(event.actor),
        data=data,
    )
