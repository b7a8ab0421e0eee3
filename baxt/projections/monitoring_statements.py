"""The `monitoring_facts` statements: what each case event marks on the child's row of the
quarter it fell in, from which the monitoring figures are counted.

They run in the case_summary projection, after the case's own statements and in the same
transaction (a new row copies the child's place, sex and source from `case_summary`), so one
tracking position, one catch-up and one rebuild cover them too.
"""

from __future__ import annotations

from datetime import date, datetime

from baxt.domain.case import Case
from baxt.domain.monitoring.bands import age_band
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.referrals import ProgressKind
from baxt.domain.values import ContactOutcome, EscalationLevel
from baxt.projections.dispatch import Dispatch
from baxt.projections.monitoring_sql import (
    EPISODE_STARTED,
    EPISODE_STEP,
    FACT_ROW,
    HOUSEHOLD,
    MARK,
    SOURCE_AND_INDICATORS,
    SURVEY_SEEN,
    first_step,
)
from baxt.projections.statements import Statement, StatementsOf

TABLES = ("monitoring_facts", "monitoring_episode")
_SURVEY_ROUND = "AGE3_SURVEY:"
_ESCALATION = {
    EscalationLevel.SUPERVISOR: "escalated_to_supervisor",
    EscalationLevel.POLICE_ASSISTANCE: "escalated_to_police",
}
_PROGRESS = {
    ProgressKind.CHILD_REINTEGRATED: "children_reintegrated",
    ProgressKind.FAMILY_EXITED_PROGRAMME: "families_exited",
    ProgressKind.TRAINING_COMPLETED: "parents_trained",
}


def quarter_of(moment: datetime) -> Quarter:
    """The Tashkent quarter of `moment`; for a moment stored before times were checked, so
    near year 1 or 9999 that Tashkent's calendar overflows, the quarter of its own date."""
    try:
        return Quarter.containing(moment)
    except OverflowError:
        return Quarter(moment.year, (moment.month - 1) // 3 + 1)


def _params(event: Case.Event, moment: datetime | None = None) -> dict[str, object]:
    return {
        "case_id": event.originator_id,
        "at": event.timestamp,
        "quarter": str(quarter_of(moment or event.timestamp)),
    }


def _episode(event: Case.Event, born: date | None) -> Statement:
    band = None if born is None else age_band(born, local_date(event.timestamp)).value
    return EPISODE_STARTED, _params(event) | {"age_band": band}


def _marks(event: Case.Event, *columns: str, moment: datetime | None = None) -> list[Statement]:
    """The child's row of the quarter made if missing, then `columns` set true on it."""
    params = _params(event, moment)
    if not columns:
        return [(FACT_ROW, params)]
    changes = ", ".join(f"{column} = true" for column in columns)
    return [(FACT_ROW, params), (MARK.format(changes), params)]


def _step(
    event: Case.Event, column: str, step: str, moment: datetime | None = None
) -> list[Statement]:
    """`column` marked; and, when this is the episode's first `step`, the days to it."""
    params = _params(event, moment) | {"moment": moment or event.timestamp}
    return [
        (FACT_ROW, params),
        (first_step(column, step), params),
        (EPISODE_STEP.format(step), params),
    ]


def _surveyed(event: Case.Event, round: str | None) -> list[str]:
    return ["surveyed"] if round and round.startswith(_SURVEY_ROUND) else []


def _flagged(event: Case.Flagged) -> list[Statement]:
    return [
        _episode(event, event.child.birth_date),
        *_marks(event, "flagged_new", *_surveyed(event, event.round)),
    ]


def _flag_added(event: Case.FlagAdded) -> list[Statement]:
    marks = _marks(event, "flagged_again", *_surveyed(event, event.round))
    return [*marks, (SOURCE_AND_INDICATORS, _params(event))]


def _reopened(event: Case.Reopened) -> list[Statement]:
    marks = _marks(event, "flagged_again", *_surveyed(event, event.round))
    return [_episode(event, event.birth_date), *marks, (SOURCE_AND_INDICATORS, _params(event))]


def _contact_attempted(event: Case.ContactAttempted) -> list[Statement]:
    if event.outcome is ContactOutcome.REACHED:
        return _step(event, "contacted", "contacted")
    return _marks(event, "failed_call")


def _visited(event: Case.Visited) -> list[Statement]:
    visit = event.visit
    moment = visit.visited_at
    seen = ["child_seen"] if visit.child_seen else ["unseen_visit"]
    concern = ["safety_concern"] if visit.safety_concern else []
    statements = [
        *_step(event, "visited", "visited", moment),
        *_marks(event, *seen, *concern, moment=moment),
    ]
    if visit.child_seen:
        statements.append((SURVEY_SEEN, _params(event, moment)))
    return statements


def _consulted(event: Case.Consulted) -> list[Statement]:
    plan = ["work_plan"] if event.plan else []
    return [*_step(event, "consulted", "consulted"), *_marks(event, *plan)]


def _linked(event: Case.Event) -> list[Statement]:
    return _step(event, "linked", "served")


def _progress(event: Case.ReferralProgressRecorded) -> list[Statement]:
    outcome = [_PROGRESS[event.kind]] if event.kind in _PROGRESS else []
    certified = ["parents_certified"] if event.certificate_number else []
    return [*_linked(event), *_marks(event, "children_supported", *outcome, *certified)]


def _closed(event: Case.Event, reason: str) -> list[Statement]:
    params = _params(event) | {"reason": reason}
    return [*_marks(event, "closed"), (MARK.format("close_reason = %(reason)s"), params)]


def _visit_overdue(event: Case.VisitOverdue) -> list[Statement]:
    params = _params(event) | {"quarter": event.quarter}
    return [(FACT_ROW, params), (MARK.format("visit_overdue = true"), params)]


MONITORING_STATEMENTS: Dispatch[StatementsOf] = Dispatch(
    "monitoring_facts",
    handlers={
        Case.Flagged: _flagged,
        Case.FlagAdded: _flag_added,
        Case.Reopened: _reopened,
        Case.ContactAttempted: _contact_attempted,
        Case.Visited: _visited,
        Case.Consulted: _consulted,
        Case.WorkPlanRevised: lambda e: _marks(e, "work_plan"),
        Case.Referred: lambda e: _marks(e, "referred"),
        Case.ReferralAccepted: _linked,
        Case.ReferralProgressRecorded: _progress,
        Case.ReferralCompleted: lambda e: _marks(e, "children_supported"),
        Case.Closed: lambda e: _closed(e, e.reason.value),
        Case.ChildDataErased: lambda e: _closed(e, "DATA_ERASED"),
        Case.VisitOverdue: _visit_overdue,
        Case.ReviewOverdue: lambda e: _marks(e, "review_overdue"),
        Case.Escalated: lambda e: _marks(e, _ESCALATION[e.level]),
        Case.LinkedToHousehold: lambda e: [(HOUSEHOLD, _params(e))],
    },
    ignored=frozenset(
        {  # nothing the figures count: who works the case, plans, reviews, approvals, details
            Case.Assigned,
            Case.VisitPlanned,
            Case.ChildCorrected,
            Case.HouseholdCorrected,
            Case.ClosureRequested,
            Case.ClosureApproved,
            Case.ClosureRejected,
            Case.ClosureWithdrawn,
            Case.ReviewRecorded,
            Case.ReviewPlanned,
            Case.TransferRequested,
            Case.TransferAccepted,
            Case.TransferDeclined,
            Case.WorkPlanRevisionRequested,
            Case.WorkPlanRevisionApproved,
            Case.WorkPlanRevisionRejected,
            Case.WorkPlanRevisionWithdrawn,
            Case.TransferApprovalRequested,
            Case.TransferApprovalGranted,
            Case.TransferApprovalRejected,
            Case.TransferApprovalWithdrawn,
            Case.ReferralDeclined,
            Case.ReferralCancelled,
            Case.ReferralReminded,
            Case.ConsentGiven,
            Case.ConsentRevoked,
            Case.CaseConferenceDecisionRecorded,
            Case.MergedInto,
            Case.CaseMerged,
            Case.NotDuplicateMarked,
            Case.ConcernReportLinked,
        }
    ),
)
"""The statements of each case event for the child's row of its quarter."""


def monitoring_statements(event: object) -> list[Statement]:
    """The SQL that marks one case event on the child's quarter row (none for an event the
    figures ignore); raises UnclassifiedEvent for an event they neither handle nor ignore."""
    handler = MONITORING_STATEMENTS.handler(event)
    return handler(event) if handler is not None else []
