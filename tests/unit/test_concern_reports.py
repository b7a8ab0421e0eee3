"""Reports of concern: received without a PINFL, then linked to a case once the child is
identified, or closed; handled once only; sealed with the report's own key."""

from __future__ import annotations

from uuid import uuid4

import pytest

from baxt.application.concern.desk import ConcernDesk
from baxt.domain.case import Case
from baxt.domain.concern import (
    ConcernReport,
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReporterKind,
    ReportPlace,
    ReportStatus,
    report_reference,
)
from baxt.domain.errors import CaseNotFound, InvalidInput, ReportAlreadyHandled, ReportNotFound
from baxt.domain.personal_data import ERASED
from baxt.domain.values import FlagSource

from .helpers import ACTOR, a_child, a_household, an_application, flag_child

HOTLINE = Reporter(ReporterKind.HOTLINE_OPERATOR, "Operator 129", "+998 90 123-45-67", True)
SEEN = ReportedChild(full_name="Madina", approximate_age=7, seen="alone in the street at night")
PLACE = ReportPlace("Toshkent shahri", "Chilonzor", "Bunyodkor", "near the bazaar")


def _allow(_: object) -> None:
    """A guard that lets every report and case through (reach is tested on PostgreSQL)."""


def _received(reporter: Reporter = HOTLINE) -> ConcernReport:
    return ConcernReport.receive(
        report_id=uuid4(), reporter=reporter, child=SEEN, place=PLACE, actor=ACTOR
    )


def test_a_report_without_a_pinfl_waits_open_with_a_reference_to_read_out() -> None:
    report = _received()

    assert report.status is ReportStatus.OPEN
    assert report.reference == report_reference(report.id)
    assert len(report.reference) == len("R-XXXX-XXXX")
    assert not set(report.reference[2:].replace("-", "")) & set("0189")
    assert report.reporter.contact == "+998901234567"
    assert report.may_notify


def test_the_same_report_id_always_gives_the_same_reference() -> None:
    report_id = uuid4()

    assert report_reference(report_id) == report_reference(report_id)
    assert report_reference(report_id) != report_reference(uuid4())


def test_a_reporter_who_may_be_contacted_must_leave_a_contact() -> None:
    with pytest.raises(InvalidInput) as refused:
        _received(Reporter(ReporterKind.NEIGHBOUR, may_contact=True))

    assert refused.value.field == ("reporter", "contact")


def test_an_age_outside_childhood_is_refused() -> None:
    with pytest.raises(InvalidInput):
        ConcernReport.receive(
            report_id=uuid4(),
            reporter=HOTLINE,
            child=ReportedChild(approximate_age=19),
            place=PLACE,
            actor=ACTOR,
        )


def test_a_report_is_handled_once_linked_and_never_again() -> None:
    report = _received()
    report.link_to_case(case_id=uuid4(), opened_case=False, actor=ACTOR)

    with pytest.raises(ReportAlreadyHandled) as refused:
        report.close(reason=ReportCloseReason.DUPLICATE, note="", actor=ACTOR)

    assert refused.value.code == "REPORT_ALREADY_HANDLED"
    assert report.status is ReportStatus.LINKED


def test_a_closed_report_tells_the_reporter_who_may_be_told_and_no_one_else() -> None:
    told, untold = _received(), _received(Reporter(ReporterKind.NEIGHBOUR, contact="+998901111111"))
    for report in (told, untold):
        report.close(reason=ReportCloseReason.NO_CONCERN_FOUND, note="all well", actor=ACTOR)

    told_event = told.collect_events()[-1]
    untold_event = untold.collect_events()[-1]
    assert isinstance(told_event, ConcernReport.ReportClosed)
    assert isinstance(untold_event, ConcernReport.ReportClosed)
    assert told_event.notice_address == "+998901234567"
    assert untold_event.notice_address == ""


def test_a_mahalla_role_flags_as_the_mahalla_team_and_a_hotline_as_a_community_report() -> None:
    assert ReporterKind.MAHALLA_WOMENS_ACTIVIST.flag_source is FlagSource.MAHALLA_TEAM
    assert ReporterKind.HOTLINE_OPERATOR.flag_source is FlagSource.COMMUNITY_REPORT
    assert ReporterKind.PARTNER_NGO.flag_source is FlagSource.PARTNER_NGO


def test_opening_a_case_from_a_report_flags_the_child_and_links_both_ways() -> None:
    app = an_application()
    desk = ConcernDesk(app)
    received = desk.receive(reporter=HOTLINE, child=SEEN, place=PLACE, actor=ACTOR)

    opened = desk.open_case(
        received.row.report_id,
        child=a_child(),
        household=a_household(),
        indicators=(),
        note="found at home",
        actor=ACTOR,
        guard=_allow,
    )

    assert opened.row.status is ReportStatus.LINKED
    assert opened.row.opened_case
    assert opened.case is not None
    case: object = app.repository.get(opened.case.case_id)
    assert isinstance(case, Case)
    assert case.source is FlagSource.COMMUNITY_REPORT
    assert case.concern_reports == (received.row.report_id,)
    linked = [e for e in app.history(case.id) if e.type == "ConcernReportLinked"]
    assert linked[0].data["reference"] == received.row.reference


def test_linking_to_an_existing_case_does_not_open_another() -> None:
    app = an_application()
    desk = ConcernDesk(app)
    flagged = flag_child(app, a_child())
    received = desk.receive(reporter=HOTLINE, child=SEEN, place=PLACE, actor=ACTOR)

    linked = desk.link(
        received.row.report_id, flagged.case_id, actor=ACTOR, guard=_allow, case_guard=_allow
    )

    assert linked.row.case_id == flagged.case_id
    assert not linked.row.opened_case


def test_a_report_cannot_be_linked_to_a_case_that_does_not_exist_nor_to_another_report() -> None:
    desk = ConcernDesk(an_application())
    first = desk.receive(reporter=HOTLINE, child=SEEN, place=PLACE, actor=ACTOR)
    second = desk.receive(reporter=HOTLINE, child=SEEN, place=PLACE, actor=ACTOR)

    for target in (uuid4(), second.row.report_id):
        with pytest.raises(CaseNotFound):
            desk.link(first.row.report_id, target, actor=ACTOR, guard=_allow, case_guard=_allow)


def test_a_case_id_is_no_report() -> None:
    app = an_application()
    flagged = flag_child(app, a_child())

    with pytest.raises(ReportNotFound):
        ConcernDesk(app).get(flagged.case_id)


def test_erasing_the_linked_child_erases_the_report_too() -> None:
    app = an_application()
    desk = ConcernDesk(app)
    received = desk.receive(reporter=HOTLINE, child=SEEN, place=PLACE, actor=ACTOR)
    opened = desk.open_case(
        received.row.report_id,
        child=a_child(),
        household=a_household(),
        indicators=(),
        note="",
        actor=ACTOR,
        guard=_allow,
    )
    assert opened.case is not None

    app.erase_child_data(opened.case.case_id, legal_reason="court order", actor=ACTOR)

    report = desk.get(received.row.report_id)
    assert (report.reporter.name, report.reporter.contact) == (ERASED, ERASED)
    assert (report.child.full_name, report.child.seen, report.place.address) == (ERASED,) * 3
    assert report.place.district == "Chilonzor"
