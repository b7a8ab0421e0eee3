"""The commands on reports of concern, run on the cases' event store (in a worker thread):
a report and the case it is linked to are saved together, in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from baxt.application.cases.application import CaseApplication, CaseGuard
from baxt.application.cases.rows import CaseSummary, case_summary_of
from baxt.application.concern.rows import ConcernReportRow, row_of
from baxt.domain.case import Case
from baxt.domain.concern import (
    ConcernReport,
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReportPlace,
)
from baxt.domain.errors import CaseNotFound, Conflict, ReportNotFound
from baxt.domain.inputs import checked_personal_id
from baxt.domain.values import Child, Household

ReportGuard = Callable[[ConcernReport], None]
"""A check on a report a command is about to change, run on the report as loaded; it raises
to refuse (for instance, out of reach)."""


@dataclass(frozen=True)
class SavedReport:
    """What a command on a report wrote: the report as saved, the case it was linked to as
    saved (if it touched one), and the notification ID of its last event (0 if none)."""

    row: ConcernReportRow
    notification_id: int
    case: CaseSummary | None = None


def report_not_found() -> ReportNotFound:
    """The refusal for a report that does not exist, and for one the caller may not know of."""
    return ReportNotFound("no such report", ("report_id",))


class ConcernDesk:
    """Receives reports of concern, and links them to cases or closes them."""

    def __init__(self, app: CaseApplication) -> None:
        self.app = app

    def receive(
        self, *, reporter: Reporter, child: ReportedChild, place: ReportPlace, actor: str
    ) -> SavedReport:
        """Receives a report into its district's queue; its reference is in the answer."""
        report = ConcernReport.receive(
            report_id=uuid4(), reporter=reporter, child=child, place=place, actor=actor
        )
        return self._save(report)

    def link(
        self,
        report_id: UUID,
        case_id: UUID,
        *,
        actor: str,
        guard: ReportGuard,
        case_guard: CaseGuard,
    ) -> SavedReport:
        """Links a waiting report to an existing case; both record it."""
        report = self._get(report_id, guard)
        case = self._case_or_none(case_id)
        if case is None:
            raise CaseNotFound("no such case", ("case_id",))
        case_guard(case)
        report.link_to_case(case_id=case.id, opened_case=False, actor=actor)
        case.link_concern_report(report_id=report.id, reference=report.reference, actor=actor)
        return self._save(report, case)

    def open_case(
        self,
        report_id: UUID,
        *,
        child: Child,
        household: Household,
        indicators: Sequence[str],
        note: str,
        actor: str,
        guard: ReportGuard,
    ) -> SavedReport:
        """Flags the child the report was about, once identified (opening their case, adding
        the flag to the open one, or reopening a closed one; the kept case when theirs was
        merged away), and links the report to it."""
        report = self._get(report_id, guard)
        case_id = self.app.case_id_for(checked_personal_id(child, self.app.verify_check_digit))
        existing = self.app.flagged_case(case_id)
        case, _ = Case.flag_or_reopen(
            existing,
            case_id=case_id,
            child=child,
            household=household,
            source=report.reporter.kind.flag_source,
            indicators=indicators,
            note=note,
            actor=actor,
            now=self.app.now(),
            verify_check_digit=self.app.verify_check_digit,
        )
        report.link_to_case(case_id=case.id, opened_case=existing is None, actor=actor)
        case.link_concern_report(report_id=report.id, reference=report.reference, actor=actor)
        return self._save(report, case)

    def close(
        self,
        report_id: UUID,
        *,
        reason: ReportCloseReason,
        note: str,
        actor: str,
        guard: ReportGuard,
    ) -> SavedReport:
        """Closes a waiting report without a case, for a reason."""
        report = self._get(report_id, guard)
        report.close(reason=reason, note=note, actor=actor)
        return self._save(report)

    def get(self, report_id: UUID) -> ConcernReport:
        """The report from the event store; NOT_FOUND when there is none."""
        try:
            report: object = self.app.repository.get(report_id)
        except AggregateNotFoundError:
            raise report_not_found() from None
        if not isinstance(report, ConcernReport):
            raise report_not_found()
        return report

    def _get(self, report_id: UUID, guard: ReportGuard) -> ConcernReport:
        report = self.get(report_id)
        guard(report)
        return report

    def _case_or_none(self, case_id: UUID) -> Case | None:
        try:
            case: object = self.app.repository.get(case_id)
        except AggregateNotFoundError:
            return None
        return case if isinstance(case, Case) else None

    def _save(self, report: ConcernReport, case: Case | None = None) -> SavedReport:
        try:
            recordings = self.app.save(*([case] if case is not None else []), report)
        except IntegrityError:
            raise Conflict(
                "another change to this report or case was saved first; read it and retry"
            ) from None
        position = recordings[-1].notification.id if recordings else 0
        summary = case_summary_of(case) if case is not None else None
        return SavedReport(row_of(report), position, summary)
