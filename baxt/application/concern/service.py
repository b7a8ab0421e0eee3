"""What the API calls for reports of concern: commands run in a worker thread on the event
store, reads go to `concern_report`; a report out of the caller's reach answers exactly as
one that does not exist."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from baxt.application.access.principal import Forbidden, Principal
from baxt.application.access.reports import ReportReach, report_reach
from baxt.application.access.rules import Operation
from baxt.application.access.scope import CaseFacts
from baxt.application.access.view import CaseView
from baxt.application.cases.application import CaseApplication, case_not_found
from baxt.application.cases.read_your_writes import AfterCommit, ReadYourWrites
from baxt.application.cases.rows import case_row_of
from baxt.application.concern.desk import ConcernDesk, ReportGuard, SavedReport, report_not_found
from baxt.application.concern.reads import (
    ConcernReportReads,
    ReportFilter,
    ReportPage,
    ReportPosition,
)
from baxt.application.concern.rows import ConcernReportRow, masked_report
from baxt.application.transient import command_in_thread
from baxt.domain.case import Case
from baxt.domain.concern import (
    ConcernReport,
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReportPlace,
)
from baxt.domain.concern.aggregate import checked_place
from baxt.domain.inputs import checked_household
from baxt.domain.values import Child, Household


@dataclass(frozen=True)
class ReportAnswer:
    """What a command on a report answers: the report as saved, as the caller sees it; the
    case it was linked to, if any; and what the steps after the commit found."""

    row: ConcernReportRow
    case_id: UUID | None
    after: AfterCommit


class ConcernService:
    """Receives reports of concern into their district's triage queue, lists the queue, and
    links a report to a case, opens one from it, or closes it."""

    def __init__(
        self, app: CaseApplication, reads: ConcernReportReads, read_your_writes: ReadYourWrites
    ) -> None:
        self.desk = ConcernDesk(app)
        self.reads = reads
        self._read_your_writes = read_your_writes

    async def receive(
        self, view: CaseView, *, reporter: Reporter, child: ReportedChild, place: ReportPlace
    ) -> ReportAnswer:
        """Receives a report for a place in the caller's reach; FORBIDDEN elsewhere."""
        place = checked_place(place)
        if not report_reach(view).covers(place.region, place.district, place.mahalla):
            view.refuse(Operation.FLAG_CHILDREN, "report place out of scope")
            raise Forbidden("you may receive reports only for the places you work")
        actor = view.principal.actor
        return await self._run(
            view,
            lambda: self.desk.receive(reporter=reporter, child=child, place=place, actor=actor),
        )

    async def receive_from_partner(
        self, principal: Principal, *, reporter: Reporter, child: ReportedChild, place: ReportPlace
    ) -> SavedReport:
        """Receives a partner's report about a child anywhere; answers with what it saved."""
        saved = await command_in_thread(
            lambda: self.desk.receive(
                reporter=reporter, child=child, place=place, actor=principal.actor
            )
        )
        await self._read_your_writes.after(saved.notification_id)
        return saved

    async def link(self, view: CaseView, report_id: UUID, case_id: UUID) -> ReportAnswer:
        """Links a waiting report in reach to a case in reach."""
        actor = view.principal.actor
        return await self._run(
            view,
            lambda: self.desk.link(
                report_id,
                case_id,
                actor=actor,
                guard=_in_reach_of(view),
                case_guard=_case_in_reach_of(view),
            ),
        )

    async def open_case(
        self,
        view: CaseView,
        report_id: UUID,
        *,
        child: Child,
        household: Household,
        indicators: Sequence[str],
        note: str,
    ) -> ReportAnswer:
        """Flags the identified child at a household in the caller's places and links the
        report to their case; FORBIDDEN for a household elsewhere."""
        household = checked_household(household)
        place = CaseFacts(household.region, household.district, household.mahalla)
        if not view.scope.covers_place(place):
            view.refuse(Operation.FLAG_CHILDREN, "household out of scope")
            raise Forbidden("you may flag children only in the places you work")
        actor = view.principal.actor
        return await self._run(
            view,
            lambda: self.desk.open_case(
                report_id,
                child=child,
                household=household,
                indicators=indicators,
                note=note,
                actor=actor,
                guard=_in_reach_of(view),
            ),
        )

    async def close(
        self, view: CaseView, report_id: UUID, *, reason: ReportCloseReason, note: str
    ) -> ReportAnswer:
        """Closes a waiting report in reach without a case."""
        actor = view.principal.actor
        return await self._run(
            view,
            lambda: self.desk.close(
                report_id, reason=reason, note=note, actor=actor, guard=_in_reach_of(view)
            ),
        )

    async def report(self, view: CaseView, report_id: UUID) -> ConcernReportRow:
        """The report as the caller sees it; NOT_FOUND when there is none in reach."""
        row = await self.reads.get(report_id, report_reach(view))
        if row is None:
            raise report_not_found()
        return masked_report(row, view.masks)

    async def page(
        self,
        view: CaseView,
        chosen: ReportFilter,
        *,
        limit: int,
        after: ReportPosition | None,
    ) -> ReportPage:
        """A page of the triage queue in the caller's reach, fields masked for their role."""
        page = await self.reads.page(report_reach(view), chosen, limit=limit, after=after)
        rows = [masked_report(row, view.masks) for row in page.rows]
        return ReportPage(rows, page.has_next)

    async def count(self, view: CaseView, chosen: ReportFilter) -> int:
        return await self.reads.count(report_reach(view), chosen)

    async def _run(self, view: CaseView, command: Callable[[], SavedReport]) -> ReportAnswer:
        saved = await command_in_thread(command)
        after = await self._read_your_writes.after(saved.notification_id)
        row = masked_report(saved.row, view.masks)
        return ReportAnswer(row, saved.case.case_id if saved.case else None, after)


def _in_reach_of(view: CaseView) -> ReportGuard:
    """Refuses a report out of the view's reach exactly as a report that does not exist."""
    reach: ReportReach = report_reach(view)

    def guard(report: ConcernReport) -> None:
        place = report.place
        if not reach.covers(place.region, place.district, place.mahalla):
            view.refuse(Operation.CHANGE_CASES, "report out of scope")
            raise report_not_found()

    return guard


def _case_in_reach_of(view: CaseView) -> Callable[[Case], None]:
    def guard(case: Case) -> None:
        if not view.scope.covers(case_row_of(case).facts):
            view.refuse(Operation.CHANGE_CASES, "out of scope")
            raise case_not_found()

    return guard
