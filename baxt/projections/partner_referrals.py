"""The `partner_referral` read model: what a partner sees of each referral made to it.

Its statements run in the case_summary projection, in the same transaction as the case's
row (from which a new referral copies the child's name, birth date and guardian), so one
tracking position, one catch-up and one rebuild cover both. A referral event also updates
the referral's status in `case_summary` and the case's version there.
"""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from baxt.domain.case import Case
from baxt.domain.referral_needs import relevant_needs
from baxt.projections.dispatch import Dispatch
from baxt.projections.statements import Statement, StatementsOf, event_params

TABLE = "partner_referral"
_CREATED = """
INSERT INTO partner_referral (
    referral_id, case_id, organisation_id, service_id, service_category, provider, reason,
    status, full_name, birth_date, guardian_name, guardian_phone, region, district, needs,
    created_at, updated_at)
SELECT %(referral_id)s, case_id, %(organisation_id)s, %(service_id)s, %(service_category)s,
    %(provider)s, %(reason)s, 'PENDING', full_name, birth_date, guardian_name, guardian_phone,
    region, district,
    COALESCE((SELECT jsonb_agg(n) FROM jsonb_array_elements(needs) AS n
              WHERE n->>'domain' = ANY(%(domains)s)), '[]'),
    %(at)s, %(at)s
FROM case_summary WHERE case_id = %(case_id)s
ON CONFLICT (referral_id) DO NOTHING"""
_REFERRAL = (
    "UPDATE partner_referral SET {}, updated_at = %(at)s WHERE referral_id = %(referral_id)s"
)
_ACCEPTED = _REFERRAL.format("status = 'ACCEPTED', accepted_at = %(at)s")
_DECLINED = _REFERRAL.format("status = 'DECLINED', answer_note = %(note)s, ended_at = %(at)s")
_PROGRESS = _REFERRAL.format("status = 'IN_PROGRESS', progress = progress || %(entry)s")
_COMPLETED = _REFERRAL.format(
    "status = 'COMPLETED', outcome = %(outcome)s, answer_note = %(note)s, ended_at = %(at)s"
)
_CANCELLED = _REFERRAL.format("status = 'CANCELLED', answer_note = %(note)s, ended_at = %(at)s")
_REMINDED = _REFERRAL.format("reminder_level = %(level)s")
_SHARED = (
    "UPDATE partner_referral SET visible = %(visible)s, updated_at = %(at)s"
    " WHERE case_id = %(case_id)s AND organisation_id = %(organisation_id)s"
)
_CASE_VERSION = (
    "UPDATE case_summary SET version = %(version)s, updated_at = %(at)s WHERE case_id = %(case_id)s"
)
_CASE_REFERRAL_STATUS = """
UPDATE case_summary SET referrals = (
    SELECT jsonb_agg(CASE WHEN r->>'id' = %(referral_id)s
                     THEN jsonb_set(r, '{status}', to_jsonb(%(status)s::text)) ELSE r END
                     ORDER BY i)
    FROM jsonb_array_elements(referrals) WITH ORDINALITY AS e(r, i))
WHERE case_id = %(case_id)s"""
_CASE_CORRECTED = "UPDATE partner_referral SET {}, updated_at = %(at)s WHERE case_id = %(case_id)s"
_CHILD_CORRECTED = _CASE_CORRECTED.format(
    "full_name = COALESCE(%(full_name)s, full_name),"
    " birth_date = COALESCE(%(birth_date)s, birth_date)"
)
_HOUSEHOLD_CORRECTED = _CASE_CORRECTED.format(
    "guardian_name = COALESCE(%(guardian_name)s, guardian_name),"
    " guardian_phone = COALESCE(%(guardian_phone)s, guardian_phone)"
)
_TRANSFER_ACCEPTED = _CASE_CORRECTED.format("region = %(region)s, district = %(district)s")
_ERASED = "DELETE FROM partner_referral WHERE case_id = %(case_id)s"


def _referred(event: Case.Referred) -> list[Statement]:
    referral = event.referral
    if referral.organisation_id is None:
        return []
    params = event_params(event) | {
        "referral_id": referral.id,
        "organisation_id": referral.organisation_id,
        "service_id": referral.service_id,
        "service_category": referral.service_category,
        "provider": referral.provider,
        "reason": referral.reason,
        "domains": sorted(d.value for d in relevant_needs(referral.service_category)),
    }
    return [(_CREATED, params)]


def _consent_given(event: Case.ConsentGiven) -> list[Statement]:
    return _shared(event, event.organisation_id, visible=True)


def _consent_revoked(event: Case.ConsentRevoked) -> list[Statement]:
    return _shared(event, event.organisation_id, visible=False)


def _shared(event: Case.Event, organisation_id: str, *, visible: bool) -> list[Statement]:
    params = event_params(event) | {"organisation_id": organisation_id, "visible": visible}
    return [(_CASE_VERSION, params), (_SHARED, params)]


def _accepted(event: Case.ReferralAccepted) -> list[Statement]:
    return _moved(event, "ACCEPTED", _ACCEPTED)


def _declined(event: Case.ReferralDeclined) -> list[Statement]:
    return _moved(event, "DECLINED", _DECLINED, note=event.reason)


def _progress(event: Case.ReferralProgressRecorded) -> list[Statement]:
    entry = {
        "kind": event.kind.value,
        "note": event.note,
        "certificate_number": event.certificate_number,
        "recorded_at": event.timestamp.isoformat(),
        "actor": event.actor,
    }
    return _moved(event, "IN_PROGRESS", _PROGRESS, entry=Jsonb([entry]))


def _completed(event: Case.ReferralCompleted) -> list[Statement]:
    return _moved(event, "COMPLETED", _COMPLETED, note=event.note, outcome=event.outcome.value)


def _cancelled(event: Case.ReferralCancelled) -> list[Statement]:
    return _moved(event, "CANCELLED", _CANCELLED, note=event.reason)


def _reminded(event: Case.ReferralReminded) -> list[Statement]:
    params = event_params(event) | {"referral_id": event.referral_id, "level": event.level.value}
    return [(_CASE_VERSION, params), (_REMINDED, params)]


def _child_corrected(event: Case.ChildCorrected) -> list[Statement]:
    if event.full_name is None and event.birth_date is None:
        return []
    params = event_params(event) | {"full_name": event.full_name, "birth_date": event.birth_date}
    return [(_CHILD_CORRECTED, params)]


def _household_corrected(event: Case.HouseholdCorrected) -> list[Statement]:
    if event.guardian_name is None and event.guardian_phone is None:
        return []
    params = event_params(event) | {
        "guardian_name": event.guardian_name,
        "guardian_phone": event.guardian_phone,
    }
    return [(_HOUSEHOLD_CORRECTED, params)]


def _transfer_accepted(event: Case.TransferAccepted) -> list[Statement]:
    params = event_params(event) | {"region": event.region, "district": event.district}
    return [(_TRANSFER_ACCEPTED, params)]


def _erased(event: Case.ChildDataErased) -> list[Statement]:
    return [(_ERASED, event_params(event))]


def _moved(event: Any, status: str, statement: str, **extra: Any) -> list[Statement]:
    params = event_params(event) | {"referral_id": event.referral_id, "status": status} | extra
    return [(_CASE_VERSION, params), (_CASE_REFERRAL_STATUS, params), (statement, params)]


PARTNER_STATEMENTS: Dispatch[StatementsOf] = Dispatch(
    "partner_referrals",
    handlers={
        Case.Referred: _referred,
        Case.ConsentGiven: _consent_given,
        Case.ConsentRevoked: _consent_revoked,
        Case.ReferralAccepted: _accepted,
        Case.ReferralDeclined: _declined,
        Case.ReferralProgressRecorded: _progress,
        Case.ReferralCompleted: _completed,
        Case.ReferralCancelled: _cancelled,
        Case.ReferralReminded: _reminded,
        Case.ChildDataErased: _erased,
        Case.ChildCorrected: _child_corrected,
        Case.HouseholdCorrected: _household_corrected,
        Case.TransferAccepted: _transfer_accepted,
    },
    ignored=frozenset(
        {
            Case.Flagged,
            Case.FlagAdded,
            Case.ContactAttempted,
            Case.Visited,
            Case.Consulted,
            Case.Closed,
            Case.Reopened,
            Case.Assigned,
            Case.VisitPlanned,
            Case.Escalated,
            Case.VisitOverdue,
            Case.ClosureRequested,
            Case.ClosureApproved,
            Case.ClosureRejected,
            Case.ClosureWithdrawn,
            Case.WorkPlanRevised,
            Case.ReviewRecorded,
            Case.ReviewOverdue,
            Case.ReviewPlanned,
            Case.LinkedToHousehold,
            Case.MergedInto,
            Case.CaseMerged,
            Case.NotDuplicateMarked,
            Case.TransferRequested,
            Case.TransferDeclined,
            Case.WorkPlanRevisionRequested,
            Case.WorkPlanRevisionApproved,
            Case.WorkPlanRevisionRejected,
            Case.WorkPlanRevisionWithdrawn,
            Case.TransferApprovalRequested,
            Case.TransferApprovalGranted,
            Case.TransferApprovalRejected,
            Case.TransferApprovalWithdrawn,
            Case.CaseConferenceDecisionRecorded,
            Case.ConcernReportLinked,
        }
    ),
)
"""The statements of each case event for `partner_referral` and the case's referral status."""


def partner_statements(event: object) -> list[Statement]:
    """The SQL that applies one case event to `partner_referral` (none for an event it
    ignores); raises UnclassifiedEvent for an event it neither handles nor ignores."""
    handler = PARTNER_STATEMENTS.handler(event)
    return handler(event) if handler is not None else []
