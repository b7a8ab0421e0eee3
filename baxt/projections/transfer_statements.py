"""The transfers' statements for `case_summary`: a request records where the family would
move, who asked and when; a decline forgets it; an accepted transfer moves the row to its new
place, and so the case into the receiving district's reach, with its new caseworker or none."""

from __future__ import annotations

from baxt.domain.case import Case
from baxt.projections.statements import Statement, event_params, summary_update

NO_TRANSFER = (
    "transfer_region = NULL, transfer_district = NULL, transfer_mahalla = NULL,"
    " transfer_requested_by = NULL, transfer_requested_at = NULL"
)
"""What a row holds once no transfer waits on it (closed, erased, accepted or declined)."""

_TRANSFER_REQUESTED = summary_update(
    "transfer_region = %(region)s, transfer_district = %(district)s,"
    " transfer_mahalla = %(mahalla)s, transfer_requested_by = %(actor)s,"
    " transfer_requested_at = %(at)s"
)
_TRANSFER_DECLINED = summary_update(NO_TRANSFER)
_TRANSFER_ACCEPTED = summary_update(
    "region = %(region)s, district = %(district)s, mahalla = %(mahalla)s,"
    f" caseworker = %(caseworker)s, {NO_TRANSFER}"
)


def _target(event: Case.TransferRequested | Case.TransferAccepted) -> dict[str, object]:
    return {"region": event.region, "district": event.district, "mahalla": event.mahalla}


def transfer_requested(event: Case.TransferRequested) -> list[Statement]:
    params = event_params(event) | _target(event) | {"actor": event.requester}
    return [(_TRANSFER_REQUESTED, params)]


def transfer_declined(event: Case.TransferDeclined) -> list[Statement]:
    return [(_TRANSFER_DECLINED, event_params(event))]


def transfer_accepted(event: Case.TransferAccepted) -> list[Statement]:
    params = event_params(event) | _target(event) | {"caseworker": event.caseworker}
    return [(_TRANSFER_ACCEPTED, params)]
