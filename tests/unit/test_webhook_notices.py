"""Which case events partners hear of, and that what they are sent holds IDs only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from baxt.application.webhooks.notices import EVENT_TYPES, partner_notice
from baxt.domain.case import Case
from baxt.domain.referrals import ConsentPurpose
from baxt.domain.values import Referral
from baxt.graphql.webhooks.types import WebhookEventType

NOW = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
CASE = UUID("0b6c7a52-7d7e-4a55-9a3e-0cf5a1f7d111")
ORG = "org.hayot"


def _event(kind: str, version: int, **fields: Any) -> Any:
    """A case event as the event store gives it to the follower."""
    event_class: Any = getattr(Case, kind)
    return event_class(originator_id=CASE, originator_version=version, timestamp=NOW, **fields)


def _referred(organisation_id: str | None) -> Any:
    reason = "Aziza Karimova needs a check-up"
    referral = Referral("ref-1", "HEALTH", "Hayot NGO", reason, organisation_id=organisation_id)
    return _event("Referred", 5, referral=referral, actor="aziza")


def test_a_referral_to_a_partner_organisation_is_a_referral_created_notice() -> None:
    notice = partner_notice(_referred(ORG))

    assert notice is not None
    assert (notice.organisation_id, notice.event_type) == (ORG, "referral.created")
    assert (notice.case_id, notice.referral_id, notice.version) == (CASE, "ref-1", 5)
    assert notice.occurred_at == NOW


def test_a_referral_to_no_organisation_tells_no_partner() -> None:
    assert partner_notice(_referred(None)) is None


def test_an_event_partners_do_not_hear_of_makes_no_notice() -> None:
    event = _event(
        "Assigned",
        9,
        caseworker="aziza",
        reason="",
        actor="supervisor",
    )
    assert partner_notice(event) is None


def test_a_partner_s_answer_is_a_notice_to_that_partner() -> None:
    event = _event(
        "ReferralAccepted",
        6,
        referral_id="ref-1",
        organisation_id=ORG,
        actor="partner.user",
    )
    notice = partner_notice(event)

    assert notice is not None
    assert (notice.event_type, notice.referral_id, notice.version) == (
        "referral.accepted",
        "ref-1",
        6,
    )


def test_a_revoked_consent_tells_the_partner_with_no_referral() -> None:
    event = _event(
        "ConsentRevoked",
        7,
        consent_id="c-1",
        purpose=ConsentPurpose.SHARE_WITH_PARTNER,
        organisation_id=ORG,
        reason="the family moved",
        actor="aziza",
    )
    notice = partner_notice(event)

    assert notice is not None
    assert (notice.event_type, notice.referral_id) == ("consent.revoked", None)


def test_the_payload_holds_the_type_the_time_and_ids_to_fetch_by_only() -> None:
    notice = partner_notice(_referred(ORG))
    assert notice is not None

    body = json.loads(notice.payload())

    assert body == {
        "type": "referral.created",
        "timestamp": NOW.isoformat(),
        "data": {"organisationId": ORG, "referralId": "ref-1", "eventVersion": 5},
    }
    assert "Aziza" not in notice.payload()
    assert str(CASE) not in notice.payload()


def test_the_webhook_id_is_the_same_for_the_same_event_and_endpoint_only() -> None:
    notice = partner_notice(_referred(ORG))
    assert notice is not None
    endpoint, other = uuid4(), uuid4()

    assert notice.delivery_id(endpoint) == notice.delivery_id(endpoint)
    assert notice.delivery_id(endpoint) != notice.delivery_id(other)


def test_every_event_type_on_the_wire_can_be_chosen_in_the_api() -> None:
    assert sorted(t.value for t in WebhookEventType) == sorted(EVENT_TYPES.values())


def test_every_event_partners_hear_of_exists_on_the_case() -> None:
    assert [name for name in EVENT_TYPES if not hasattr(Case, name)] == []
