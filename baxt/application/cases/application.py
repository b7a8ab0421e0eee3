from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import numpy as np
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import EnvType, get_topic
from numpy.typing import NDArray

from baxt.application.cases.merges import kept_case
from baxt.application.cases.replaying import replayed
from baxt.application.cases.saving import GROUP_MOST, Saved, SavingCases
from baxt.application.command_spans import CASE_ID, CASES, command_span
from baxt.application.pii.child_keys import ChildKeys
from baxt.application.pii.keyring import child_keys
from baxt.application.pii.mapper import SealingMapper
from baxt.application.pii.sealing import Sealer
from baxt.application.plain import plain
from baxt.application.transcodings import register_domain_transcodings
from baxt.domain.case import Case, events
from baxt.domain.case_id import case_id_bytes, case_id_for
from baxt.domain.errors import CaseNotFound, Conflict
from baxt.domain.household import Household as HouseholdRecord
from baxt.domain.household.members import positions_of
from baxt.domain.inputs import checked_personal_id
from baxt.domain.values import (
    NO_TAGS,
    Child,
    FlagSource,
    FlagTags,
    Household,
)

CASE_EVENT_TOPICS = tuple(get_topic(cls) for cls in events.CASE_EVENTS)
"""The topic of every event a case stores: what the case projections follow."""
_EVENT_BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "actor"})
_SHOWN_WHEN_SET = frozenset({"registry_category", "mahalla_role", "household_members"})
"""Attributes events gained after stores were written (a flag's, an erasure's): a history
shows them only when they hold a value, so the events stored before read back exactly as
they did."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def case_not_found() -> CaseNotFound:
    """The refusal for a case that does not exist, and for one the caller may not know of."""
    return CaseNotFound("no such case", ("case_id",))


CaseCommand = Callable[[Case], object]
"""A command on one case: it calls the aggregate's methods on the case as loaded."""

CaseGuard = Callable[[Case], None]
"""A check on a case a command is about to change, run on the case as loaded from the event
store before the command touches it; it raises to refuse (for instance, out of reach)."""


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
        group_most: int | None = GROUP_MOST,
    ) -> None:
        super().__init__(env, group_most=group_most)
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

    @property
    def verify_check_digit(self) -> bool:
        """Whether a PINFL's check digit is verified when a child is flagged."""
        return self._verify_check_digit

    def now(self) -> datetime:
        """The time by this application's clock, which commands that need `now` are given."""
        return self._clock()

    def case_id_for(self, personal_id: str) -> UUID:
        if not self._case_key:
            raise RuntimeError("this application was built without a case key")
        return case_id_for(personal_id, self._case_key)

    def case_id_bytes(self, personal_ids: Sequence[str]) -> NDArray[np.uint8]:
        """The case IDs of many children at once, n x 16 bytes, as `case_id_for` gives each."""
        if not self._case_key:
            raise RuntimeError("this application was built without a case key")
        return case_id_bytes(personal_ids, self._case_key)

    def flag_child(
        self,
        *,
        child: Child,
        household: Household,
        source: FlagSource,
        indicators: Sequence[str],
        note: str,
        actor: str,
        tags: FlagTags = NO_TAGS,
    ) -> Saved:
        """Opens a child's case, adds the flag to the open case, or reopens a closed one; for
        a child whose case was merged away, the flag lands on the kept case."""
        with command_span("flag_child") as span:
            case_id = self.case_id_for(checked_personal_id(child, self._verify_check_digit))
            span.set_attribute(CASE_ID, str(case_id))
            flag = _Flag(child, household, source, indicators, note, actor, tags)
            try:
                return self._flag_once(case_id, flag)
            except Conflict:
                # Another flag for the same child won the race; record this one on its case.
                return self._flag_once(case_id, flag)

    def flagged_case(self, case_id: UUID) -> Case | None:
        """The case a new flag of the child of `case_id` lands on: that case, or the kept
        case when it was merged away; None while the child has no case."""
        try:
            return kept_case(self._get(case_id), self._get)
        except CaseNotFound:
            return None

    def _flag_once(self, case_id: UUID, flag: _Flag) -> Saved:
        case = self.flagged_case(case_id)
        flagged, _ = Case.flag_or_reopen(
            case,
            case_id=case_id,
            child=flag.child,
            household=flag.household,
            source=flag.source,
            indicators=flag.indicators,
            note=flag.note,
            actor=flag.actor,
            now=self._clock(),
            verify_check_digit=self._verify_check_digit,
            tags=flag.tags,
        )
        return self._save(flagged)

    def change_case(
        self,
        case_id: UUID,
        command: CaseCommand,
        *,
        expected_version: int | None = None,
        guard: CaseGuard | None = None,
        name: str = "change_case",
    ) -> Saved:
        """Runs `command` on the case loaded from the event store and saves what it recorded,
        in the span of the command `name`.

        `guard` checks the case first, on that same load (it raises to refuse); then a case not
        at `expected_version` is CONFLICT. CaseNotFound when there is no such case.
        """
        with command_span(name, case_id):
            return self._change_case(case_id, command, expected_version, guard)

    def _change_case(
        self,
        case_id: UUID,
        command: CaseCommand,
        expected_version: int | None,
        guard: CaseGuard | None,
    ) -> Saved:
        case = self._get(case_id)
        if guard is not None:
            guard(case)
        if expected_version is not None and case.version != expected_version:
            raise Conflict(
                f"the case is at version {case.version}, not {expected_version}",
                ("expected_version",),
            )
        command(case)
        return self._save(case)

    def change_both(
        self,
        first_id: UUID,
        second_id: UUID,
        command: Callable[[Case, Case], object],
        *,
        guard: CaseGuard | None = None,
        name: str = "change_cases",
    ) -> tuple[Saved, Saved]:
        """Runs `command` on two cases loaded from the event store, `guard` checking each
        load first, and saves what it recorded on both in one transaction."""
        with command_span(name, first_id):
            first, second = self._get(first_id), self._get(second_id)
            if guard is not None:
                guard(first)
                guard(second)
            command(first, second)
            return self._save_both(first, second)

    def erase_child_data(self, case_id: UUID, *, legal_reason: str, actor: str) -> Saved:
        """Records on the case that the child's personal data is erased, with the child's own
        entries in its household's members list, then destroys the child's key and the keys
        of the reports of concern linked to the case. Run again
        after a crash between the two, it finishes the job."""
        with command_span("erase_child_data", case_id):
            case = self._get(case_id)
            if not case.erased:
                case.erase_child_data(
                    legal_reason=legal_reason,
                    actor=actor,
                    household_members=self._household_entries(case),
                )
            saved = self._save(case)
            self.child_keys.erase(case_id)
            for report_id in case.concern_reports:
                self.child_keys.erase(report_id)
            return saved

    def _household_entries(self, case: Case) -> tuple[int, ...]:
        """The child's own entries in the members list of the household the case is linked
        to; none without a household, or once the household's data is erased."""
        if case.household_id is None:
            return ()
        try:
            found: object = self.repository.get(case.household_id)
        except AggregateNotFoundError:
            return ()
        if not isinstance(found, HouseholdRecord) or found.erased:
            return ()
        return positions_of(found.members, case.child)

    def save_batch(self, cases: Sequence[Case], *, during: str) -> None:
        """Saves many cases in one transaction; a case changed meanwhile fails them all."""
        if not cases:
            return
        with command_span("save_batch") as span:
            span.set_attribute(CASES, len(cases))
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

    def _get(self, case_id: UUID) -> Case:
        try:
            case: object = self.repository.get(case_id, projector_func=replayed)
        except AggregateNotFoundError:
            raise case_not_found() from None
        if not isinstance(case, Case):  # another aggregate of the store: a household, a report
            raise case_not_found()
        return case


def history_entry(event: Any) -> HistoryEntry:
    """One stored case event as a history shows it: its fields in plain values."""
    data = {
        f.name: plain(getattr(event, f.name))
        for f in dataclasses.fields(event)
        if f.name not in _EVENT_BASE_FIELDS and f.name != "originator_topic"
        if f.name not in _SHOWN_WHEN_SET or getattr(event, f.name) is not None
    }
    return HistoryEntry(
        sequence=event.originator_version,
        type=type(event).__name__,
        occurred_at=event.timestamp,
        actor=plain(event.actor),
        data=data,
    )


@dataclass(frozen=True)
class _Flag:
    child: Child
    household: Household
    source: FlagSource
    indicators: Sequence[str]
    note: str
    actor: str
    tags: FlagTags
