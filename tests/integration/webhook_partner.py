"""A partner organisation on a store of its own: its endpoint, its referrals, its deliveries."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from baxt.application.cases.application import CaseApplication
from baxt.application.webhooks.backoff import RetryPolicy
from baxt.application.webhooks.log import DeliveryLog, DeliveryRecord
from baxt.application.webhooks.registry import EndpointRegistry, WithSecret
from baxt.application.webhooks.scope import WebhookScope
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.referrals import ConsentPurpose
from baxt.domain.values import FlagSource, Need, NeedDomain, NeedLevel, PlanItem, Visit
from baxt.projections.webhook_deliveries import webhook_follower
from tests.factories import child, hours_ago, household
from tests.webhook_receiver import Receiver

ORG = "org.hayot"
ADMIN = WebhookScope(None)
POLICY = RetryPolicy(base_seconds=0.05, max_seconds=0.2, max_attempts=4)
SETTLED = ("DELIVERED", "FAILED", "DEAD")


@dataclass
class Partner:
    """A partner's endpoints and deliveries, and the application that refers cases to it."""

    url: str
    app: CaseApplication
    registry: EndpointRegistry
    log: DeliveryLog

    def register(self, receiver: Receiver, organisation_id: str = ORG) -> WithSecret:
        made = self.registry.register(
            ADMIN, organisation_id=organisation_id, url=receiver.url, actor="admin"
        )
        receiver.secret = made.secret
        return made

    def refer(self, organisation_id: str = ORG) -> UUID:
        """A case referred to the organisation, with the guardian's consent to share with it."""
        case_id = self.app.flag_child(
            child=child(), household=household(), source=FlagSource.COMMUNITY_REPORT,
            indicators=[], note="", actor="aziza",
        ).case_id  # fmt: skip
        visit = Visit(hours_ago(1), True, True, "all well", False)
        self.app.change_case(
            case_id, lambda case: case.record_visit(visit=visit, actor="aziza", now=self.app.now())
        )
        self.app.change_case(
            case_id,
            lambda case: case.record_consultation(
                needs=[Need(NeedDomain.HEALTH, NeedLevel.HIGH)],
                plan=[PlanItem("check-up", "HEALTH", date.today() + timedelta(days=30))],
                note="",
                actor="aziza",
            ),
        )
        case: Case = self.app.repository.get(case_id)
        case.give_consent(
            organisation_id=organisation_id,
            purpose=ConsentPurpose.SHARE_WITH_PARTNER,
            actor="aziza",
        )
        self.app.save(case)
        self.app.change_case(
            case_id,
            lambda case: case.refer(
                service_category="HEALTH",
                provider="Hayot",
                reason="check-up",
                consent_given=True,
                actor="aziza",
                organisation_id=organisation_id,
            ),
        )
        return case_id

    def follow(self) -> list[DeliveryRecord]:
        """Lets the follower catch up; the deliveries it has written, newest first."""
        with webhook_follower(event_store_env(self.url)) as runner:
            runner.wait(self.app.recorder.max_notification_id(), timeout=60)
        return self.log.page()

    def wait_until_settled(self, seconds: float = 60) -> list[DeliveryRecord]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = self.log.page()
            if found and all(d.status in SETTLED for d in found):
                return found
            time.sleep(0.05)
        raise AssertionError(f"not settled in {seconds}s: {self.log.page()}")
