"""A partner's referral as its command saved it, when `partner_referral` has not shown it yet."""

from __future__ import annotations

from dataclasses import replace
from functools import singledispatch

from baxt.application.cases.saving import Saved
from baxt.application.partners.rows import PartnerReferralRow, ProgressEntry
from baxt.domain.case import Case


def referral_as_saved(before: PartnerReferralRow, saved: Saved) -> PartnerReferralRow:
    """The row read before the command, with the events the command recorded on this referral
    applied as the projection applies them, and the status the saved case gives it."""
    row = before
    for event in saved.events:
        if getattr(event, "referral_id", None) == before.referral_id:
            row = replace(_applied(event, row), updated_at=event.timestamp)
    status = next((r.status for r in saved.row.referrals if r.id == before.referral_id), None)
    return row if status is None else replace(row, status=status)


@singledispatch
def _applied(event: object, row: PartnerReferralRow) -> PartnerReferralRow:
    return row


@_applied.register
def _declined(event: Case.ReferralDeclined, row: PartnerReferralRow) -> PartnerReferralRow:
    return replace(row, answer_note=event.reason)


@_applied.register
def _progress(event: Case.ReferralProgressRecorded, row: PartnerReferralRow) -> PartnerReferralRow:
    entry = ProgressEntry(event.kind, event.note, event.certificate_number, event.timestamp)
    return replace(row, progress=(*row.progress, entry))


@_applied.register
def _completed(event: Case.ReferralCompleted, row: PartnerReferralRow) -> PartnerReferralRow:
    return replace(row, outcome=event.outcome, answer_note=event.note)


@_applied.register
def _cancelled(event: Case.ReferralCancelled, row: PartnerReferralRow) -> PartnerReferralRow:
    return replace(row, answer_note=event.reason)
