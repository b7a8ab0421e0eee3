from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from baxt.application.partners.figures import figures_organisation
from baxt.application.partners.reads import ReferralPosition
from baxt.domain import values
from baxt.domain.errors import InvalidInput, ReferralNotFound
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_time_and_text, encode_cursor, page_size
from baxt.graphql.partners.ids import referral_local_id
from baxt.graphql.partners.types import (
    PartnerFigures,
    PartnerReferral,
)

DEFAULT_PAGE = 20


async def read_partner_referral(info: Info, id: str) -> PartnerReferral | None:
    """The caller's organisation's referral, once the read is in the access log; None when
    there is none, it was made to another organisation, or consent to share was revoked, and
    for an ID that is none of ours."""
    partners = info.context.services.partners
    try:
        row = await partners.referral(info.context.caller, referral_local_id(id))
    except (ReferralNotFound, InvalidInput):
        return None
    await record_case_reads(info, [row.case_id])
    return PartnerReferral.from_row(row)


@strawberry.type
class Query:
    @strawberry.field(description="A referral made to your organisation; null when there is none.")
    async def partner_referral(self, info: Info, id: strawberry.ID) -> PartnerReferral | None:
        return await read_partner_referral(info, id)

    @strawberry.field(
        description="The referrals made to your organisation, most recently updated first."
    )
    async def partner_referrals(
        self,
        info: Info,
        status: list[values.ReferralStatus] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PartnerReferral]:
        size, _ = page_size(first, None, default=DEFAULT_PAGE, cap=info.context.max_page_size)
        partners, statuses = info.context.services.partners, tuple(status or ())
        page = await partners.referrals(
            info.context.caller,
            statuses=statuses,
            limit=size,
            after=_position(after) if after else None,
        )
        await record_case_reads(info, [row.case_id for row in page.rows])
        edges = [
            Edge(
                cursor=encode_cursor(row.updated_at.isoformat(), row.referral_id),
                node=PartnerReferral.from_row(row),
            )
            for row in page.rows
        ]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
            edges=edges,
            total=lambda: partners.referral_count(info.context.caller, statuses=statuses),
        )

    @strawberry.field(
        description="An organisation's results from `from` to `to` (whole days): partners"
        " read their own, supervisors, auditors and analysts any organisation's."
    )
    async def partner_figures(
        self,
        info: Info,
        from_: Annotated[dt.date, strawberry.argument(name="from")],
        to: dt.date,
        organisation_id: str | None = None,
    ) -> PartnerFigures:
        organisation = figures_organisation(info.context.caller, organisation_id)
        figures = await info.context.services.partner_figures.figures(organisation, from_, to)
        return PartnerFigures.from_figures(figures)


def _position(cursor: str) -> ReferralPosition:
    return ReferralPosition(*cursor_time_and_text(cursor))
