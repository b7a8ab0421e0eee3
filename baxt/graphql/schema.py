from __future__ import annotations

import functools

import strawberry

from baxt.application.access.rules import Operation, allows
from baxt.graphql.audit import access as access_queries
from baxt.graphql.audit import history as history_queries
from baxt.graphql.audit import proofs as proof_queries
from baxt.graphql.audit.recording import ReadsPerRequest
from baxt.graphql.cases import approvals as case_approvals
from baxt.graphql.cases import corrections as case_corrections
from baxt.graphql.cases import mutations as case_mutations
from baxt.graphql.cases import queries as case_queries
from baxt.graphql.cases import referrals as case_referral_mutations
from baxt.graphql.cases import requests as case_requests
from baxt.graphql.cases import reviews as case_reviews
from baxt.graphql.cases import transfers as case_transfers
from baxt.graphql.cases import work_plan as case_work_plan
from baxt.graphql.cases.types import CASE_TYPE, CaseNode
from baxt.graphql.concern import mutations as concern_mutations
from baxt.graphql.concern import queries as concern_queries
from baxt.graphql.concern.types import CONCERN_REPORT_TYPE, ConcernReport
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import ErrorCodes
from baxt.graphql.core.limits import MAX_QUERY_COST, limit_extensions
from baxt.graphql.core.node import Node, parse_global_id
from baxt.graphql.core.observed import OperationObserver
from baxt.graphql.core.operation_spans import OperationSpans
from baxt.graphql.core.response_notes import ResponseNotesExtension
from baxt.graphql.core.text_guard import TextGuard
from baxt.graphql.core.timeout import TimeLimitedSchema
from baxt.graphql.directory import mutations as directory_mutations
from baxt.graphql.directory import queries as directory_queries
from baxt.graphql.duplicates import mutations as duplicate_mutations
from baxt.graphql.duplicates import queries as duplicate_queries
from baxt.graphql.households import mutations as household_mutations
from baxt.graphql.households import queries as household_queries
from baxt.graphql.households.ids import HOUSEHOLD_TYPE
from baxt.graphql.households.types import HouseholdNode
from baxt.graphql.labels import queries as label_queries
from baxt.graphql.live.subscriptions import Subscription
from baxt.graphql.monitoring import queries as monitoring_queries
from baxt.graphql.monitoring import sources as figure_sources
from baxt.graphql.notifications import mutations as notification_mutations
from baxt.graphql.notifications import queries as notification_queries
from baxt.graphql.partners import mutations as partner_mutations
from baxt.graphql.partners import queries as partner_queries
from baxt.graphql.partners.types import PARTNER_REFERRAL_TYPE, PartnerReferral
from baxt.graphql.privacy import mutations as privacy_mutations
from baxt.graphql.screening import queries as screening_queries
from baxt.graphql.staff import mutations as staff_mutations
from baxt.graphql.staff import queries as staff_queries
from baxt.graphql.teams import mutations as team_mutations
from baxt.graphql.teams import queries as team_queries
from baxt.graphql.teams.ids import GATHERING_TYPE, TEAM_TYPE
from baxt.graphql.teams.types import GatheringNode, TeamNode
from baxt.graphql.webhooks import mutations as webhook_mutations
from baxt.graphql.webhooks import queries as webhook_queries
from baxt.graphql.work import queries as work_queries


@strawberry.type
class Query(
    case_queries.Query,
    case_approvals.Query,
    case_transfers.Query,
    work_queries.Query,
    staff_queries.Query,
    notification_queries.Query,
    screening_queries.Query,
    history_queries.Query,
    access_queries.Query,
    proof_queries.Query,
    directory_queries.Query,
    webhook_queries.Query,
    partner_queries.Query,
    label_queries.Query,
    household_queries.Query,
    duplicate_queries.Query,
    monitoring_queries.Query,
    figure_sources.Query,
    concern_queries.Query,
    team_queries.Query,
):
    @strawberry.field(
        description="Any object by its global ID; null when there is none or it is not yours"
        " to see (a partner never sees a Case, only its PartnerReferrals)."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        parsed = parse_global_id(id)
        kind = parsed[0] if parsed is not None else None
        if kind == CASE_TYPE and allows(info.context.caller, Operation.READ_CASES):
            return await case_queries.read_case(info, id)
        if kind == PARTNER_REFERRAL_TYPE and allows(
            info.context.caller, Operation.PARTNER_REFERRALS
        ):
            return await partner_queries.read_partner_referral(info, id)
        if kind == HOUSEHOLD_TYPE and allows(info.context.caller, Operation.READ_CASES):
            return await household_queries.read_household(info, id)
        if kind == CONCERN_REPORT_TYPE and allows(info.context.caller, Operation.READ_CASES):
            return await concern_queries.read_concern_report(info, id)
        if kind in (TEAM_TYPE, GATHERING_TYPE) and allows(
            info.context.caller, Operation.READ_CASES
        ):
            return await team_queries.read_team_record(info, kind, id)
        return None


@strawberry.type
class Mutation(
    case_mutations.Mutation,
    staff_mutations.Mutation,
    notification_mutations.Mutation,
    directory_mutations.Mutation,
    webhook_mutations.Mutation,
    privacy_mutations.Mutation,
    partner_mutations.Mutation,
    case_referral_mutations.Mutation,
    case_corrections.Mutation,
    case_approvals.Mutation,
    case_requests.Mutation,
    case_transfers.Mutation,
    case_work_plan.Mutation,
    case_reviews.Mutation,
    household_mutations.Mutation,
    duplicate_mutations.Mutation,
    concern_mutations.Mutation,
    team_mutations.Mutation,
):
    pass


@functools.cache
def build_schema(
    production: bool,
    *,
    timeout: float | None = None,
    max_query_cost: int = MAX_QUERY_COST,
    max_page_size: int = 100,
) -> strawberry.Schema:
    """The schema for a mode: production refuses introspection and hides "Did you mean …?".

    Both hold documents to the depth, alias, token and cost limits (pages counted up to
    `max_page_size`), write each query's case reads once per case, and with `timeout`
    cancel each operation after that many seconds.
    """
    built = TimeLimitedSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[CaseNode, PartnerReferral, HouseholdNode, ConcernReport, TeamNode, GatheringNode],
        extensions=[
            OperationSpans,
            functools.partial(ErrorCodes, hide_suggestions=production),
            ResponseNotesExtension,
            *limit_extensions(
                introspection=not production,
                max_cost=max_query_cost,
                max_page_size=max_page_size,
            ),
            ReadsPerRequest,
            TextGuard,
            OperationObserver,
        ],
    )
    built.timeout = timeout
    return built


schema = build_schema(production=False)
