"""A case service over the in-memory event store and a read model whose projection is stopped,
for the tests of what mutations answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, cast
from uuid import UUID

from baxt.application.access.principal import Principal, Role
from baxt.application.access.rules import Operation
from baxt.application.access.view import CaseView, case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.rows import CaseSummary
from baxt.application.cases.service import Answer, CaseService
from baxt.domain.values import ContactOutcome, FlagSource, Household
from tests.clock import Clock

from .helpers import NOW, a_child, a_household

CASEWORKER = case_view(Principal("cw.aziza", Role.CASEWORKER, mahallas=("Bodomzor",)))
ELSEWHERE = case_view(Principal("cw.other", Role.CASEWORKER, mahallas=("Minor",)))
SUPERVISOR = case_view(Principal("sup.dilnoza", Role.SUPERVISOR, districts=("Yunusobod",)))


class StoppedReadModel(CaseReadModel):
    """The read model of a projection stopped at `position`: it shows nothing new, and a
    command may not consult it for a case."""

    def __init__(self, position: int = 0, failure: Exception | None = None) -> None:
        super().__init__(cast(Any, None))
        self.position = position
        self.failure = failure
        self.position_reads = 0

    async def tracked_notification_id(self) -> int:
        self.position_reads += 1
        if self.failure is not None:
            raise self.failure
        return self.position

    async def get_many(
        self,
        case_ids: Sequence[UUID],
        view: CaseView,
        *,
        purpose: Operation = Operation.READ_CASES,
    ) -> dict[UUID, CaseSummary]:
        raise AssertionError("a command answered from the read model")


def a_service(
    read_model: CaseReadModel | None = None, *, timeout: float = 0.05
) -> tuple[CaseService, CaseApplication]:
    app = CaseApplication(case_key=b"unit-test-case-key", clock=Clock(NOW))
    service = CaseService(app, read_model or StoppedReadModel(), read_your_writes_timeout=timeout)
    return service, app


async def flag(
    service: CaseService, view: CaseView = CASEWORKER, household: Household | None = None
) -> Answer:
    at = household or a_household()
    return await service.flag(
        view,
        child=a_child(),
        household=at,
        source=FlagSource.COMMUNITY_REPORT,
        indicators=(),
        note="",
    )


async def reach(service: CaseService, case_id: UUID, view: CaseView = CASEWORKER) -> Answer:
    return await service.change(
        view,
        case_id,
        lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=NOW + timedelta(days=2),
            note="",
            actor=view.principal.actor,
            now=service.now(),
        ),
    )
