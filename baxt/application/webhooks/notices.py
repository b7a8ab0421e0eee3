"""Which case events a partner organisation hears of, and what it is told: IDs only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

EVENT_TYPES: dict[str, str] = {
    "Referred": "referral.created",
    "ReferralAccepted": "referral.accepted",
    "ReferralDeclined": "referral.declined",
    "ReferralProgressRecorded": "referral.progress_recorded",
    "ReferralCompleted": "referral.completed",
    "ReferralCancelled": "referral.cancelled",
    "ReferralReminded": "referral.reminder",
    "ConsentRevoked": "consent.revoked",
}
"""Case event class names, and the event type a partner sees on the wire for each."""


@dataclass(frozen=True)
class PartnerNotice:
    """Something a partner organisation should hear of; it fetches the details through the API."""

    organisation_id: str
    event_type: str
    case_id: UUID
    referral_id: str | None
    version: int
    occurred_at: datetime

    def payload(self) -> str:
        """The body every endpoint receives: the event type, when, and IDs to fetch by."""
        data = {
            "organisationId": self.organisation_id,
            "referralId": self.referral_id,
            "eventVersion": self.version,
        }
        body = {"type": self.event_type, "timestamp": self.occurred_at.isoformat(), "data": data}
        return json.dumps(body, separators=(",", ":"))

    def delivery_id(self, endpoint_id: UUID) -> UUID:
        """The webhook-id: the same event and endpoint always give the same one."""
        key = f"baxt:webhook:{self.case_id}:{self.version}:{endpoint_id}"
        return uuid5(NAMESPACE_URL, key)


def partner_notice(domain_event: Any) -> PartnerNotice | None:
    """The notice a case event makes for a partner organisation; None when it makes none."""
    event_type = EVENT_TYPES.get(type(domain_event).__name__)
    if event_type is None:
        return None
    referral = getattr(domain_event, "referral", None)
    organisation_id = getattr(referral or domain_event, "organisation_id", None)
    if not organisation_id:
        return None
    referral_id = getattr(referral, "id", None) or getattr(domain_event, "referral_id", None)
    return PartnerNotice(
        organisation_id=organisation_id,
        event_type=event_type,
        case_id=domain_event.originator_id,
        referral_id=referral_id,
        version=domain_event.originator_version,
        occurred_at=domain_event.timestamp,
    )
