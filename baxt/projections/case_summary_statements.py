"""The `case_summary`, `quarter_visit` and `survey_child` statements: what each case event
writes to the case's row and to its quarter's and survey's lists."""

from __future__ import annotations

from psycopg.types.json import Jsonb

from baxt.application.plain import plain
from baxt.domain.case import Case, rules
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import ContactOutcome, FlagReason, RegistryCategory
from baxt.projections import correction_statements as corrections
from baxt.projections import transfer_statements as transfers
from baxt.projections import work_plan_statements as work_plan
from baxt.projections.approval_statements import APPROVAL_STATEMENTS, NO_APPROVAL
from baxt.projections.dispatch import Dispatch
from baxt.projections.erasure import (
    ERASE_CASE_SUMMARY,
    ERASE_HOUSEHOLD_MEMBERS,
    erasure_params,
)
from baxt.projections.statements import (
    Statement,
    StatementsOf,
    event_params,
    summary_update,
)

_INSERT_FLAGGED = """
INSERT INTO case_summary (
    case_id, status, quarter, source, indicators, personal_id, full_name, birth_date, sex,
    guardian_name, guardian_phone, region, district, mahalla, version, flagged_at, updated_at,
    flag_reason, registry_category
) VALUES (
    %(case_id)s, 'FLAGGED', %(quarter)s, %(source)s, %(indicators)s, %(personal_id)s,
    %(full_name)s, %(birth_date)s, %(sex)s, %(guardian_name)s, %(guardian_phone)s,
    %(region)s, %(district)s, %(mahalla)s, %(version)s, %(at)s, %(at)s, %(flag_reason)s,
    %(registry_category)s
)"""
_MERGED_INDICATORS = (
    "indicators || ARRAY(SELECT i FROM unnest(%(indicators)s::text[]) AS i"
    " WHERE i <> ALL(indicators))"
)
_REGISTRY_CATEGORY = "registry_category = COALESCE(%(registry_category)s, registry_category)"
_FLAG_ADDED = summary_update(
    f"indicators = {_MERGED_INDICATORS}, flag_reason = COALESCE(%(flag_reason)s, flag_reason),"
    f" {_REGISTRY_CATEGORY}"
)
_SURVEYED = """
INSERT INTO survey_child (case_id, year, region, district, flagged_on)
SELECT case_id, %(year)s, region, district, %(day)s FROM case_summary WHERE case_id = %(case_id)s
ON CONFLICT (case_id, year) DO NOTHING"""
_SURVEY_SEEN = """
UPDATE survey_child SET seen_on = %(day)s
WHERE case_id = %(case_id)s AND seen_on IS NULL AND flagged_on <= %(day)s"""
SURVEY_ROUND = "AGE3_SURVEY:"
# A call or visit in a status it does not move the case on from follows the case up: each
# SET below reads the row as it was, so all of them see the status before the event.
_FOLLOWS_UP = "NOT (status = ANY(%(moves_on_from)s::text[]))"
_FOLLOW_UP = (
    f" follow_ups = follow_ups + CASE WHEN {_FOLLOWS_UP} THEN 1 ELSE 0 END,"
    f" last_follow_up_at = CASE WHEN {_FOLLOWS_UP}"
    " THEN GREATEST(last_follow_up_at, %(followed_up_at)s) ELSE last_follow_up_at END,"
)
_CONTACT_ATTEMPTED = summary_update(
    "contact_attempts = contact_attempts + 1,"
    + _FOLLOW_UP
    + f" status = CASE WHEN %(reached)s AND NOT {_FOLLOWS_UP} THEN 'CONTACTED' ELSE status END,"
    " visit_scheduled_at = CASE WHEN %(reached)s"
    f" AND (NOT {_FOLLOWS_UP} OR %(agrees_visit)s)"
    " THEN %(visit_scheduled_at)s ELSE visit_scheduled_at END"
)
_VISITED = summary_update(
    f"status = CASE WHEN {_FOLLOWS_UP} THEN status ELSE 'VISITED' END,"
    + _FOLLOW_UP
    + " visits = visits || %(visit)s, child_seen = child_seen OR %(child_seen)s"
)
_REFERRED = summary_update("status = 'REFERRED', referrals = referrals || %(referral)s")
_NO_APPROVAL = NO_APPROVAL
_CLOSED = summary_update(
    f"status = 'CLOSED', close_reason = %(reason)s, {_NO_APPROVAL}, {transfers.NO_TRANSFER}"
)
_CLOSURE_REQUESTED = summary_update(
    "pending_approval = 'CLOSURE', approval_requested_by = %(actor)s,"
    " approval_requested_at = %(at)s, approval_close_reason = %(reason)s"
)
_CLOSURE_DECIDED = summary_update(_NO_APPROVAL)
_ESCALATED = summary_update("escalation = %(level)s")
_LINKED = summary_update("household_id = %(household_id)s")
_UNLINKED = summary_update("household_id = NULL")
_MERGED_INTO = summary_update("merged_into = %(kept_case_id)s")
_CASE_MERGED = summary_update("merged_cases = array_append(merged_cases, %(merged_case_id)s::uuid)")
_NOT_DUPLICATE = summary_update(
    "not_duplicates = array_append(not_duplicates, %(other_case_id)s::uuid)"
)
_ASSIGNED = summary_update("caseworker = %(caseworker)s")
_VISIT_PLANNED = summary_update("planned_quarter = %(quarter)s, visit_due_on = %(due_on)s")
_TOUCH = (
    "UPDATE case_summary SET version = %(version)s, updated_at = %(at)s WHERE case_id = %(case_id)s"
)
_QUARTER_VISIT_PLANNED = """
INSERT INTO quarter_visit (case_id, quarter, due_on, seen_on)
SELECT %(case_id)s, %(quarter)s, %(due_on)s, (
    SELECT min(((v->>'visited_at')::timestamptz AT TIME ZONE 'Asia/Tashkent')::date)
    FROM case_summary c, jsonb_array_elements(c.visits) AS v
    WHERE c.case_id = %(case_id)s AND (v->>'child_seen')::boolean
      AND ((v->>'visited_at')::timestamptz AT TIME ZONE 'Asia/Tashkent')::date
          BETWEEN %(first_day)s AND %(due_on)s)
ON CONFLICT (case_id, quarter) DO NOTHING"""
_QUARTER_VISIT = "UPDATE quarter_visit SET {} WHERE case_id = %(case_id)s AND quarter = %(quarter)s"
_QUARTER_VISIT_SEEN = _QUARTER_VISIT.format("seen_on = COALESCE(seen_on, %(day)s)")
_QUARTER_VISIT_ESCALATED = _QUARTER_VISIT.format("escalated = true")
_QUARTER_VISIT_OVERDUE = _QUARTER_VISIT.format("overdue_level = %(level)s")
_REOPENED = summary_update(
    "status = 'FLAGGED', quarter = %(quarter)s, source = COALESCE(%(source)s, source),"
    f" indicators = {_MERGED_INDICATORS}, contact_attempts = 0, visit_scheduled_at = NULL,"
    " child_seen = false, close_reason = NULL, escalation = NULL, follow_ups = 0,"
    " last_follow_up_at = NULL, next_review_due = NULL,"
    f" flag_reason = COALESCE(%(flag_reason)s, flag_reason), {_REGISTRY_CATEGORY}"
)


def _flagged(event: Case.Flagged) -> list[Statement]:
    child, household = event.child, event.household
    params = event_params(event) | {
        "quarter": event.quarter,
        "source": event.source.value,
        "indicators": list(event.indicators),
        "personal_id": child.personal_id,
        "full_name": child.full_name,
        "birth_date": child.birth_date,
        "sex": child.sex.value,
        "guardian_name": household.guardian_name,
        "guardian_phone": household.guardian_phone,
        "region": household.region,
        "district": household.district,
        "mahalla": household.mahalla,
        "flag_reason": _reason(event.reason),
        "registry_category": _category(event.registry_category),
    }
    return [(_INSERT_FLAGGED, params), *_surveyed(event, event.round)]


def _flag_added(event: Case.FlagAdded) -> list[Statement]:
    params = event_params(event) | {
        "indicators": list(event.indicators),
        "flag_reason": _reason(event.reason),
        "registry_category": _category(event.registry_category),
    }
    return [(_FLAG_ADDED, params), *_surveyed(event, event.round)]


def _category(category: RegistryCategory | None) -> str | None:
    return category.value if category is not None else None


def _reason(reason: FlagReason | None) -> Jsonb | None:
    return Jsonb(plain(reason)) if reason is not None else None


def _surveyed(event: Case.Event, round: str | None) -> list[Statement]:
    """A flag of the October survey's round (AGE3_SURVEY:2026) puts the child on its list."""
    if not round or not round.startswith(SURVEY_ROUND):
        return []
    params = event_params(event) | {
        "year": int(round.removeprefix(SURVEY_ROUND)),
        "day": local_date(event.timestamp),
    }
    return [(_SURVEYED, params)]


def _contact_attempted(event: Case.ContactAttempted) -> list[Statement]:
    params = event_params(event) | {
        "reached": event.outcome is ContactOutcome.REACHED,
        "visit_scheduled_at": event.visit_scheduled_at,
        "agrees_visit": event.visit_scheduled_at is not None,
        "moves_on_from": sorted(s.value for s in rules.CALLS_MOVE_ON_FROM),
        "followed_up_at": event.timestamp,
    }
    return [(_CONTACT_ATTEMPTED, params)]


def _visited(event: Case.Visited) -> list[Statement]:
    visit = event.visit
    params = event_params(event) | {
        "visit": Jsonb([plain(visit)]),
        "child_seen": visit.child_seen,
        "moves_on_from": sorted(s.value for s in rules.VISITS_MOVE_ON_FROM),
        "followed_up_at": visit.visited_at,
    }
    statements = [(_VISITED, params)]
    if visit.child_seen:
        seen = event_params(event) | {
            "quarter": str(Quarter.containing(visit.visited_at)),
            "day": local_date(visit.visited_at),
        }
        statements += [(_QUARTER_VISIT_SEEN, seen), (_SURVEY_SEEN, seen)]
    return statements


def _referred(event: Case.Referred) -> list[Statement]:
    referral = Jsonb([plain(event.referral)])
    return [(_REFERRED, event_params(event) | {"referral": referral})]


def _closed(event: Case.Closed) -> list[Statement]:
    return [(_CLOSED, event_params(event) | {"reason": event.reason.value})]


def _closure_requested(event: Case.ClosureRequested) -> list[Statement]:
    params = event_params(event) | {"actor": event.actor, "reason": event.reason.value}
    return [(_CLOSURE_REQUESTED, params)]


def _closure_decided(event: Case.Event) -> list[Statement]:
    return [(_CLOSURE_DECIDED, event_params(event))]


def _touched(event: Case.Event) -> list[Statement]:
    return [(_TOUCH, event_params(event))]


def _child_data_erased(event: Case.ChildDataErased) -> list[Statement]:
    params = erasure_params(event_params(event))
    entries = list(event.household_members or ())
    members = [(ERASE_HOUSEHOLD_MEMBERS, params | {"members": entries})] if entries else []
    return [(ERASE_CASE_SUMMARY, params), *members, (_UNLINKED, params)]


def _reopened(event: Case.Reopened) -> list[Statement]:
    params = event_params(event) | {
        "quarter": event.quarter,
        "source": event.source.value if event.source else None,
        "indicators": list(event.indicators),
        "flag_reason": _reason(event.flag_reason),
        "registry_category": _category(event.registry_category),
    }
    return [(_REOPENED, params), *_surveyed(event, event.round)]


def _linked_to_household(event: Case.LinkedToHousehold) -> list[Statement]:
    return [(_LINKED, event_params(event) | {"household_id": event.household_id})]


def _merged_into(event: Case.MergedInto) -> list[Statement]:
    return [(_MERGED_INTO, event_params(event) | {"kept_case_id": event.kept_case_id})]


def _case_merged(event: Case.CaseMerged) -> list[Statement]:
    return [(_CASE_MERGED, event_params(event) | {"merged_case_id": event.merged_case_id})]


def _not_duplicate_marked(event: Case.NotDuplicateMarked) -> list[Statement]:
    return [(_NOT_DUPLICATE, event_params(event) | {"other_case_id": event.other_case_id})]


def _assigned(event: Case.Assigned) -> list[Statement]:
    return [(_ASSIGNED, event_params(event) | {"caseworker": event.caseworker})]


def _visit_planned(event: Case.VisitPlanned) -> list[Statement]:
    params = event_params(event) | {
        "quarter": event.quarter,
        "due_on": event.due_on,
        "first_day": Quarter.parse(event.quarter).first_day,
    }
    return [(_VISIT_PLANNED, params), (_QUARTER_VISIT_PLANNED, params)]


def _escalated(event: Case.Escalated) -> list[Statement]:
    params = event_params(event) | {
        "level": event.level.value,
        "quarter": str(Quarter.containing(event.timestamp)),
    }
    return [(_ESCALATED, params), (_QUARTER_VISIT_ESCALATED, params)]


def _visit_overdue(event: Case.VisitOverdue) -> list[Statement]:
    params = event_params(event) | {"quarter": event.quarter, "level": event.level.value}
    return [(_TOUCH, params), (_QUARTER_VISIT_OVERDUE, params)]


SUMMARY_STATEMENTS: Dispatch[StatementsOf] = Dispatch(
    "case_summary",
    handlers={
        Case.Flagged: _flagged,
        Case.FlagAdded: _flag_added,
        Case.ContactAttempted: _contact_attempted,
        Case.Visited: _visited,
        Case.Consulted: work_plan.consulted,
        Case.Referred: _referred,
        Case.Closed: _closed,
        Case.ChildDataErased: _child_data_erased,
        Case.Reopened: _reopened,
        Case.Assigned: _assigned,
        Case.VisitPlanned: _visit_planned,
        Case.Escalated: _escalated,
        Case.VisitOverdue: _visit_overdue,
        Case.ChildCorrected: corrections.child_corrected,
        Case.HouseholdCorrected: corrections.household_corrected,
        Case.ClosureRequested: _closure_requested,
        Case.ClosureApproved: _closure_decided,
        Case.ClosureRejected: _closure_decided,
        Case.ClosureWithdrawn: _closure_decided,
        Case.WorkPlanRevised: work_plan.work_plan_revised,
        Case.ReviewRecorded: work_plan.review_recorded,
        Case.ReviewOverdue: _touched,
        Case.ConcernReportLinked: _touched,
        Case.CaseConferenceDecisionRecorded: _touched,
        Case.ReviewPlanned: work_plan.review_planned,
        Case.TransferRequested: transfers.transfer_requested,
        Case.TransferAccepted: transfers.transfer_accepted,
        Case.TransferDeclined: transfers.transfer_declined,
        Case.LinkedToHousehold: _linked_to_household,
        Case.MergedInto: _merged_into,
        Case.CaseMerged: _case_merged,
        Case.NotDuplicateMarked: _not_duplicate_marked,
        **APPROVAL_STATEMENTS,
    },
    ignored=frozenset(
        {  # what a partner sees of a referral: `partner_referrals`
            Case.ReferralAccepted,
            Case.ReferralDeclined,
            Case.ReferralProgressRecorded,
            Case.ReferralCompleted,
            Case.ReferralCancelled,
            Case.ReferralReminded,
            Case.ConsentGiven,
            Case.ConsentRevoked,
        }
    ),
)
"""The statements of each case event for the case's row; the referral events' for
`partner_referral` are in `partner_referrals.PARTNER_STATEMENTS`."""


def summary_statements(event: object) -> list[Statement]:
    """The SQL that applies one case event to the case's row and lists (none for an event
    they ignore); raises UnclassifiedEvent for an event they neither handle nor ignore."""
    handler = SUMMARY_STATEMENTS.handler(event)
    return handler(event) if handler is not None else []
