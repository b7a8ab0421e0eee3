"""The transfers' statements for `case_summary`: a request or a decline only moves the row's
version on; an accepted transfer moves the row to its new place, and so the case into the
receiving district's reach, with its new caseworker or none."""

from __future__ import annotations

from baxt.domain.case import Case
from baxt.projections.statements import Statement, event_params, summary_update

_TOUCH = (
    "UPDATE case_summary SET version = %(version)s, updated_at = %(at)s WHERE case_id = %(case_id)s"
)
_TRANSFER_ACCEPTED = summary_update(
    "region = %(region)s, district = %(district)s, mahalla = %(mahalla)s,"
    " caseworker = %(caseworker)s"
)


def transfer_requested(event: Case.TransferRequested) -> list[Statement]:
    return [(_TOUCH, event_params(event))]


def transfer_declined(event: Case.TransferDeclined) -> list[Statement]:
    return [(_TOUCH, event_params(event))]


def transfer_accepted(event: Case.TransferAccepted) -> list[Statement]:
    params = event_params(event) | {
        "region": event.region,
        "district": event.district,
        "mahalla": event.mahalla,
        "caseworker": event.caseworker,
    }
    return [(_TRANSFER_ACCEPTED, params)]
