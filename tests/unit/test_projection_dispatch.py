"""Every follower of the case events classifies every one of them: it handles it or it
ignores it, never both, and it subscribes to exactly the ones it handles. An event added to
the domain and left unclassified fails here, and stops a follower that meets it. The events
of reports of concern are classified by the followers that meet them."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from baxt.application.cases.application import CASE_EVENT_TOPICS
from baxt.application.pii.child_keys import MemoryChildKeys
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.match_keys import MatchKeys
from baxt.application.pii.read_models import ReadModelSealer
from baxt.domain.case import events
from baxt.domain.case.events import CaseEvent
from baxt.domain.concern import ConcernReport
from baxt.domain.concern.events import CONCERN_EVENTS
from baxt.projections.case_summary import CaseSummaryProjection, statements_for
from baxt.projections.case_summary_statements import SUMMARY_STATEMENTS
from baxt.projections.concern_reports import CONCERN_STATEMENTS
from baxt.projections.dispatch import Dispatch, UnclassifiedEvent
from baxt.projections.household_statements import HOUSEHOLD_TOPICS
from baxt.projections.monitoring_statements import MONITORING_STATEMENTS
from baxt.projections.notifier import NOTIFIER_EVENTS, Notifier
from baxt.projections.partner_referrals import PARTNER_STATEMENTS
from baxt.projections.team_statements import TEAM_TOPICS
from baxt.projections.webhook_deliveries import WEBHOOK_EVENTS, WebhookFollower

DISPATCHES: dict[str, Dispatch[Any]] = {
    "case_summary": SUMMARY_STATEMENTS,
    "partner_referrals": PARTNER_STATEMENTS,
    "monitoring_facts": MONITORING_STATEMENTS,
    "concern_reports": CONCERN_STATEMENTS,
    "notifier": NOTIFIER_EVENTS,
    "webhooks": WEBHOOK_EVENTS,
}
FOLLOWERS: dict[str, tuple[type[Projection[Any]], tuple[Dispatch[Any], ...]]] = {
    "case_summary": (
        CaseSummaryProjection,
        (SUMMARY_STATEMENTS, PARTNER_STATEMENTS, MONITORING_STATEMENTS, CONCERN_STATEMENTS),
    ),
    "notifier": (Notifier, (NOTIFIER_EVENTS,)),
    "webhooks": (WebhookFollower, (WEBHOOK_EVENTS,)),
}


def _case_events() -> set[type[CaseEvent]]:
    """Every event class the events module defines with a stored topic of its own."""
    return {
        value
        for value in vars(events).values()
        if isinstance(value, type) and issubclass(value, CaseEvent) and "TOPIC" in vars(value)
    }


class NotAnyoneKnows(CaseEvent):
    """An event no follower has classified yet, as a new one would be."""


def test_the_case_events_are_the_stored_topics() -> None:
    assert set(events.CASE_EVENTS) == _case_events()
    assert {get_topic(cls) for cls in _case_events()} == set(CASE_EVENT_TOPICS)


@pytest.mark.parametrize("name", DISPATCHES)
def test_every_case_event_is_handled_or_ignored(name: str) -> None:
    dispatch = DISPATCHES[name]
    unclassified = _case_events() - dispatch.handled - dispatch.ignored
    assert not unclassified, f"{name} neither handles nor ignores {unclassified}"


@pytest.mark.parametrize("name", DISPATCHES)
def test_no_case_event_is_both_handled_and_ignored(name: str) -> None:
    dispatch = DISPATCHES[name]
    assert not dispatch.handled & dispatch.ignored


@pytest.mark.parametrize("name", DISPATCHES)
def test_a_dispatch_names_stored_events_only(name: str) -> None:
    dispatch = DISPATCHES[name]
    assert dispatch.handled | dispatch.ignored <= _case_events() | set(CONCERN_EVENTS)


@pytest.mark.parametrize("name", ["concern_reports", "notifier"])
def test_every_report_event_is_handled_or_ignored_where_reports_are_followed(name: str) -> None:
    dispatch = DISPATCHES[name]
    assert set(CONCERN_EVENTS) <= dispatch.handled | dispatch.ignored


@pytest.mark.parametrize("name", FOLLOWERS)
def test_a_follower_subscribes_to_what_it_handles(name: str) -> None:
    projection, dispatches = FOLLOWERS[name]
    handled = set().union(*(dispatch.handled for dispatch in dispatches))
    assert projection.name == name
    assert len(projection.topics) == len(set(projection.topics))
    own_rows = set(HOUSEHOLD_TOPICS) | set(TEAM_TOPICS) if name == "case_summary" else set()
    assert set(projection.topics) == {get_topic(cls) for cls in handled} | own_rows


def test_case_summary_follows_every_case_report_household_team_and_gathering_event() -> None:
    report_topics = {get_topic(cls) for cls in CONCERN_EVENTS}
    assert set(CaseSummaryProjection.topics) == (
        set(CASE_EVENT_TOPICS) | report_topics | set(HOUSEHOLD_TOPICS) | set(TEAM_TOPICS)
    )


def test_the_notifier_and_the_webhooks_follow_what_they_followed() -> None:
    assert {topic.rpartition(".")[2] for topic in Notifier.topics} == {
        "Flagged",
        "Visited",
        "Escalated",
        "VisitOverdue",
        "ReviewOverdue",
        "ReferralDeclined",
        "ReferralReminded",
        "ClosureRequested",
        "ClosureApproved",
        "ClosureRejected",
        "TransferRequested",
        "TransferAccepted",
        "WorkPlanRevisionRequested",
        "WorkPlanRevisionApproved",
        "WorkPlanRevisionRejected",
        "TransferApprovalRequested",
        "TransferApprovalGranted",
        "TransferApprovalRejected",
        "TransferDeclined",
        "ReportLinkedToCase",
        "ReportClosed",
    }
    assert {topic.rpartition(".")[2] for topic in WebhookFollower.topics} == {
        "Referred",
        "ReferralAccepted",
        "ReferralDeclined",
        "ReferralProgressRecorded",
        "ReferralCompleted",
        "ReferralCancelled",
        "ReferralReminded",
        "ConsentRevoked",
    }


_SEALER = ReadModelSealer(MemoryChildKeys(MasterKeys(bytes(32))))


@pytest.mark.parametrize("name", DISPATCHES)
def test_an_unclassified_event_stops_the_follower(name: str) -> None:
    with pytest.raises(UnclassifiedEvent, match="NotAnyoneKnows") as raised:
        DISPATCHES[name].handler(object.__new__(NotAnyoneKnows))
    assert raised.value.follower == name
    assert raised.value.event_class is NotAnyoneKnows


def test_case_summary_stops_at_an_unclassified_event() -> None:
    with pytest.raises(UnclassifiedEvent):
        statements_for(object.__new__(NotAnyoneKnows), _SEALER, MatchKeys(b"k" * 32, "test"))


def test_a_report_event_goes_to_the_report_s_row_only() -> None:
    received = object.__new__(ConcernReport.ReportReceived)
    assert CONCERN_STATEMENTS.handler(received) is not None
    assert NOTIFIER_EVENTS.handler(received) is None


def test_an_ignored_event_has_no_handler() -> None:
    assert NOTIFIER_EVENTS.handler(object.__new__(events.Consulted)) is None
    assert PARTNER_STATEMENTS.handler(object.__new__(events.Flagged)) is None
