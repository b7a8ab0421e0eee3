"""Reports of concern on real PostgreSQL: the triage queue is written with case_summary and
rebuilt the same, it lists only the reports in the caller's reach, erasing a linked child
erases the report, and the reporter who may be told gets a notice with no child data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.reports import report_reach
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.read_your_writes import ReadYourWrites
from baxt.application.concern.desk import ConcernDesk, SavedReport
from baxt.application.concern.reads import ConcernReportReads, ReportFilter
from baxt.application.concern.service import ConcernService
from baxt.bootstrap import event_store_env
from baxt.domain.concern import (
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReporterKind,
    ReportPlace,
    ReportStatus,
)
from baxt.domain.errors import ReportNotFound
from baxt.domain.personal_data import ERASED
from baxt.projections import rebuild
from baxt.projections.case_summary import case_summary_runner
from baxt.projections.notifier import notifier_runner
from tests.factories import child, household

CALLER = Reporter(ReporterKind.NEIGHBOUR, "Rustam aka", "+998901112233", may_contact=True)
SEEN = ReportedChild("Madina", 7, "a small girl alone at the bazaar at night")
CHILONZOR = ReportPlace("Toshkent shahri", "Chilonzor", "Bunyodkor", "the bazaar gate")
YUNUSOBOD = ReportPlace("Toshkent shahri", "Yunusobod", "", "")


def _allow(_: object) -> None:
    """Reach is checked by the service; these tests drive the desk below it."""


def _project(url: str, app: CaseApplication, *, notifier: bool = False) -> None:
    last = app.recorder.max_notification_id() or 0
    with case_summary_runner(event_store_env(url)) as runner:
        runner.wait(last, timeout=60)
    if notifier:
        with notifier_runner(event_store_env(url)) as runner:
            runner.wait(last, timeout=60)


def _rows(url: str, query: str, *params: Any) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as conn:
        return conn.execute(query, list(params)).fetchall()


def _opened(desk: ConcernDesk, reporter: Reporter = CALLER) -> tuple[SavedReport, SavedReport]:
    received = desk.receive(reporter=reporter, child=SEEN, place=CHILONZOR, actor="cw")
    opened = desk.open_case(
        received.row.report_id,
        child=child(),
        household=household(),
        indicators=(),
        note="found her at home",
        actor="cw",
        guard=_allow,
    )
    return received, opened


def test_a_report_waits_open_in_the_queue_then_shows_the_case_it_opened(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    desk = ConcernDesk(app)
    received = desk.receive(reporter=CALLER, child=SEEN, place=CHILONZOR, actor="cw")
    _project(url, app)
    [waiting] = _rows(url, "SELECT * FROM concern_report")
    assert (waiting["status"], waiting["reference"]) == ("OPEN", received.row.reference)

    _, opened = _opened(desk)
    _project(url, app)

    assert opened.case is not None
    row = _rows(url, "SELECT * FROM concern_report WHERE report_id = %s", opened.row.report_id)[0]
    assert (row["status"], row["case_id"], row["opened_case"]) == (
        "LINKED",
        opened.case.case_id,
        True,
    )
    [case] = _rows(url, "SELECT source, version FROM case_summary")
    assert case == {"source": "COMMUNITY_REPORT", "version": 2}


def test_a_rebuild_gives_the_same_queue_as_live_processing(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    desk = ConcernDesk(app)
    _opened(desk)
    closed = desk.receive(reporter=CALLER, child=SEEN, place=YUNUSOBOD, actor="sup")
    desk.close(
        closed.row.report_id, reason=ReportCloseReason.DUPLICATE, note="", actor="sup", guard=_allow
    )
    desk.receive(reporter=CALLER, child=SEEN, place=CHILONZOR, actor="cw")
    _project(url, app)

    result = rebuild.check(event_store_env(url), "case_summary")

    assert result.matches, result.describe()
    assert "concern_report" in {table.table for table in result.tables}


def test_erasing_the_linked_child_blanks_the_report_live_and_in_a_rebuild(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    received, opened = _opened(ConcernDesk(app))
    assert opened.case is not None
    app.erase_child_data(opened.case.case_id, legal_reason="court order 7", actor="admin")
    _project(url, app)

    [row] = _rows(url, "SELECT * FROM concern_report")
    assert {row[c] for c in ("reporter_name", "reporter_contact", "child_name", "seen")} == {ERASED}
    assert row["district"] == "Chilonzor"
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()
    assert ConcernDesk(app).get(received.row.report_id).child.seen == ERASED


def test_the_reporter_who_may_be_told_gets_one_notice_with_the_reference_only(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    desk = ConcernDesk(app)
    received, _ = _opened(desk)
    untold = Reporter(ReporterKind.SCHOOL, "School 12", "school12@example.uz", may_contact=False)
    _opened(desk, untold)

    _project(url, app, notifier=True)

    notices = _rows(url, "SELECT * FROM notification WHERE kind = 'CONCERN_REPORT_HANDLED'")
    assert [(n["case_id"], n["channel"], n["address"]) for n in notices] == [
        (received.row.report_id, "SMS", "+998901112233")
    ]
    assert "Madina" not in str(notices)


@pytest.fixture
async def pool(events_db: tuple[str, CaseApplication]) -> AsyncIterator[AsyncConnectionPool[Any]]:
    url, _ = events_db
    async with AsyncConnectionPool(url, min_size=1, max_size=2) as opened:
        yield opened


SUPERVISOR = Principal("sup.chilonzor", Role.SUPERVISOR, districts=("Chilonzor",))
MAHALLA_CASEWORKER = Principal("cw.bunyodkor", Role.CASEWORKER, mahallas=("Bunyodkor",))
DISTRICT_CASEWORKER = Principal("cw.yunusobod", Role.CASEWORKER, districts=("Yunusobod",))
PARTNER = Principal("sos", Role.PARTNER, organisation="org-sos")


async def test_the_queue_lists_only_the_reports_in_the_caller_s_reach(
    events_db: tuple[str, CaseApplication], pool: AsyncConnectionPool[Any]
) -> None:
    url, app = events_db
    desk = ConcernDesk(app)
    in_chilonzor = desk.receive(reporter=CALLER, child=SEEN, place=CHILONZOR, actor="cw")
    in_yunusobod = desk.receive(reporter=CALLER, child=SEEN, place=YUNUSOBOD, actor="sup")
    _project(url, app)
    reads = ConcernReportReads(pool)

    async def listed(who: Principal) -> set[Any]:
        reach = report_reach(case_view(who))
        page = await reads.page(reach, ReportFilter(), limit=10, after=None)
        assert await reads.count(reach, ReportFilter()) == len(page.rows)
        return {row.report_id for row in page.rows}

    assert await listed(SUPERVISOR) == {in_chilonzor.row.report_id}
    assert await listed(MAHALLA_CASEWORKER) == {in_chilonzor.row.report_id}
    assert await listed(DISTRICT_CASEWORKER) == {in_yunusobod.row.report_id}
    assert await listed(PARTNER) == set()


async def test_a_report_out_of_reach_answers_as_one_that_does_not_exist(
    events_db: tuple[str, CaseApplication], pool: AsyncConnectionPool[Any]
) -> None:
    url, app = events_db
    waits = ReadYourWrites(CaseReadModel(pool), timeout=5)
    service = ConcernService(app, ConcernReportReads(pool), waits)
    elsewhere = service.desk.receive(reporter=CALLER, child=SEEN, place=YUNUSOBOD, actor="x")
    _project(url, app)
    view = case_view(SUPERVISOR)

    with pytest.raises(ReportNotFound):
        await service.report(view, elsewhere.row.report_id)
    with pytest.raises(ReportNotFound):
        await service.close(view, elsewhere.row.report_id, reason=ReportCloseReason.OTHER, note="")

    [row] = _rows(url, "SELECT status FROM concern_report")
    assert row["status"] == ReportStatus.OPEN.value
