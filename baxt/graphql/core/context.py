from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeAlias

import strawberry

from baxt.application.access.principal import Principal, Unauthenticated
from baxt.application.access.view import CaseView, case_view
from baxt.application.audit.access_log import AccessLog
from baxt.application.audit.queries import AuditQueries
from baxt.application.cases.service import CaseService
from baxt.application.concern.service import ConcernService
from baxt.application.directory import ServiceDirectory
from baxt.application.duplicates.service import DuplicateService
from baxt.application.feed import NotificationFeed
from baxt.application.households.service import HouseholdService
from baxt.application.imports.queries import ImportQueries
from baxt.application.live_feed import LiveFeed
from baxt.application.monitoring.figures import MonitoringFigures
from baxt.application.monitoring.sources import FigureSources
from baxt.application.partners.figures import PartnerFigureQueries
from baxt.application.partners.service import PartnerService
from baxt.application.staff_directory import StaffDirectory
from baxt.application.teams.reads import TeamReads
from baxt.application.teams.service import TeamService
from baxt.application.webhooks.service import WebhookService
from baxt.application.workload import Workload
from baxt.domain.languages import Language
from baxt.graphql.core.dataloaders import Loaders, request_loaders
from baxt.graphql.core.response_notes import ResponseNotes


@dataclass(frozen=True)
class Services:
    """What the API's resolvers call."""

    cases: CaseService
    staff: StaffDirectory
    feed: NotificationFeed
    workload: Workload
    imports: ImportQueries
    access: AccessLog
    audit: AuditQueries
    webhooks: WebhookService
    directory: ServiceDirectory
    partners: PartnerService
    partner_figures: PartnerFigureQueries
    monitoring: MonitoringFigures
    concerns: ConcernService
    max_page_size: int
    households: HouseholdService | None = None
    teams: TeamService | None = None
    team_reads: TeamReads | None = None
    duplicates: DuplicateService | None = None
    live: LiveFeed | None = None
    """The feed subscriptions follow; None where the API serves none."""
    figure_sources: FigureSources | None = None
    """The cases behind published numbers; None where the API serves none."""


@dataclass
class Context:
    """What every resolver gets: who is asking, the services to ask, and the notes the answer
    carries in its `extensions`."""

    request: Any
    response: Any
    principal: Principal | None
    services: Services
    notes: ResponseNotes = field(default_factory=ResponseNotes)
    language: Language = Language.EN
    """The language the request's `Accept-Language` asks for, which `userErrors` speak."""
    connection_params: dict[str, object] | None = None
    """A WebSocket's `connection_init` payload, which carries its token."""

    @property
    def cases(self) -> CaseService:
        return self.services.cases

    @property
    def households(self) -> HouseholdService:
        if self.services.households is None:
            raise RuntimeError("this API was built without household records")
        return self.services.households

    @property
    def teams(self) -> TeamService:
        if self.services.teams is None:
            raise RuntimeError("this API was built without interagency teams")
        return self.services.teams

    @property
    def team_reads(self) -> TeamReads:
        if self.services.team_reads is None:
            raise RuntimeError("this API was built without interagency teams")
        return self.services.team_reads

    @property
    def duplicates(self) -> DuplicateService:
        if self.services.duplicates is None:
            raise RuntimeError("this API was built without duplicate detection")
        return self.services.duplicates

    @cached_property
    def loaders(self) -> Loaders:
        """This request's DataLoaders, made when a resolver first asks for one."""
        services = self.services
        return request_loaders(
            services.cases, services.partners.reads, services.directory, lambda: self.view
        )

    def forget_loaders(self) -> None:
        """Drops this context's DataLoaders, so the next read loads afresh: a WebSocket's
        context lasts as long as the connection, and each change must be read anew."""
        self.__dict__.pop("loaders", None)

    @property
    def max_page_size(self) -> int:
        return self.services.max_page_size

    @property
    def actor(self) -> str:
        """Who is acting; every request that reaches a resolver has passed the bearer check."""
        return self.caller.actor

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated("send the header 'Authorization: Bearer <token>'")
        return self.principal

    @property
    def view(self) -> CaseView:
        """How the caller sees cases: the ones they reach, and which fields come masked."""
        return case_view(self.caller)


Info: TypeAlias = strawberry.Info[Context, None]
