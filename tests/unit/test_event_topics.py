from __future__ import annotations

import ast
import inspect

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from baxt.application.cases.application import CASE_EVENT_TOPICS
from baxt.domain.case import Case, aggregate, events
from baxt.domain.concern import ConcernReport
from baxt.domain.concern.events import CONCERN_EVENTS

# Hashed into the signed audit ledger and written in every store: never edit one.
STORED_TOPICS = (
    "baxt.domain.case:Case.Flagged",
    "baxt.domain.case:Case.FlagAdded",
    "baxt.domain.case:Case.ContactAttempted",
    "baxt.domain.case:Case.Visited",
    "baxt.domain.case:Case.Consulted",
    "baxt.domain.case:Case.Referred",
    "baxt.domain.case:Case.ReferralAccepted",
    "baxt.domain.case:Case.ReferralDeclined",
    "baxt.domain.case:Case.ReferralProgressRecorded",
    "baxt.domain.case:Case.ReferralCompleted",
    "baxt.domain.case:Case.ReferralCancelled",
    "baxt.domain.case:Case.ReferralReminded",
    "baxt.domain.case:Case.ConsentGiven",
    "baxt.domain.case:Case.ConsentRevoked",
    "baxt.domain.case:Case.Closed",
    "baxt.domain.case:Case.Assigned",
    "baxt.domain.case:Case.VisitPlanned",
    "baxt.domain.case:Case.VisitOverdue",
    "baxt.domain.case:Case.Escalated",
    "baxt.domain.case:Case.ChildDataErased",
    "baxt.domain.case:Case.Reopened",
    "baxt.domain.case:Case.ChildCorrected",
    "baxt.domain.case:Case.HouseholdCorrected",
    "baxt.domain.case:Case.ClosureRequested",
    "baxt.domain.case:Case.ClosureApproved",
    "baxt.domain.case:Case.ClosureRejected",
    "baxt.domain.case:Case.ClosureWithdrawn",
    "baxt.domain.case:Case.WorkPlanRevised",
    "baxt.domain.case:Case.ReviewRecorded",
    "baxt.domain.case:Case.ReviewOverdue",
    "baxt.domain.case:Case.TransferRequested",
    "baxt.domain.case:Case.TransferAccepted",
    "baxt.domain.case:Case.TransferDeclined",
    "baxt.domain.case:Case.WorkPlanRevisionRequested",
    "baxt.domain.case:Case.WorkPlanRevisionApproved",
    "baxt.domain.case:Case.WorkPlanRevisionRejected",
    "baxt.domain.case:Case.WorkPlanRevisionWithdrawn",
    "baxt.domain.case:Case.TransferApprovalRequested",
    "baxt.domain.case:Case.TransferApprovalGranted",
    "baxt.domain.case:Case.TransferApprovalRejected",
    "baxt.domain.case:Case.TransferApprovalWithdrawn",
    "baxt.domain.case:Case.ReviewPlanned",
    "baxt.domain.case:Case.LinkedToHousehold",
    "baxt.domain.case:Case.MergedInto",
    "baxt.domain.case:Case.CaseMerged",
    "baxt.domain.case:Case.NotDuplicateMarked",
    "baxt.domain.case:Case.ConcernReportLinked",
    "baxt.domain.case:Case.CaseConferenceDecisionRecorded",
)
REPORT_TOPICS = (
    "baxt.domain.concern:ConcernReport.ReportReceived",
    "baxt.domain.concern:ConcernReport.ReportLinkedToCase",
    "baxt.domain.concern:ConcernReport.ReportClosed",
)


def test_every_case_event_keeps_the_topic_it_was_first_stored_under() -> None:
    assert sorted(get_topic(event) for event in events.CASE_EVENTS) == sorted(STORED_TOPICS)


def test_the_case_projection_follows_every_case_event() -> None:
    assert sorted(CASE_EVENT_TOPICS) == sorted(STORED_TOPICS)


@pytest.mark.parametrize("topic", STORED_TOPICS)
def test_a_stored_topic_resolves_to_its_event_on_the_case(topic: str) -> None:
    name = topic.rpartition(".")[2]
    assert resolve_topic(topic) is getattr(Case, name) is getattr(events, name)


def test_every_report_event_keeps_its_stored_topic() -> None:
    assert tuple(get_topic(event) for event in CONCERN_EVENTS) == REPORT_TOPICS


@pytest.mark.parametrize("topic", REPORT_TOPICS)
def test_a_stored_report_topic_resolves_to_its_event_on_the_report(topic: str) -> None:
    assert resolve_topic(topic) is getattr(ConcernReport, topic.rpartition(".")[2])


def test_the_report_keeps_its_stored_topic() -> None:
    assert resolve_topic("baxt.domain.concern:ConcernReport") is ConcernReport


def test_the_case_keeps_its_stored_topic() -> None:
    assert get_topic(Case) == "baxt.domain.case:Case"
    assert resolve_topic("baxt.domain.case:Case") is Case


def test_the_referral_events_are_those_of_referrals_and_consents() -> None:
    assert {event.__name__ for event in events.REFERRAL_EVENTS} == {
        "ConsentGiven",
        "ConsentRevoked",
        "ReferralAccepted",
        "ReferralDeclined",
        "ReferralProgressRecorded",
        "ReferralCompleted",
        "ReferralCancelled",
        "ReferralReminded",
    }


def test_the_case_types_every_event_it_carries() -> None:
    typed = {
        node.target.id
        for node in ast.walk(ast.parse(inspect.getsource(aggregate)))
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and ast.unparse(node.annotation) == "TypeAlias"
    }
    assert typed == set(events.ON_THE_CASE)
    assert all(getattr(Case, name) is event for name, event in events.ON_THE_CASE.items())
