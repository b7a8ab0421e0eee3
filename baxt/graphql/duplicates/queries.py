"""Reading a case's candidate duplicates, and every candidate pair in reach."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.application.duplicates.pairs import DuplicatePair as Pair
from baxt.application.duplicates.pairs import PairPosition
from baxt.domain.errors import DomainError
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.core.connection import Connection, Edge, page_info
from baxt.graphql.core.context import Info
from baxt.graphql.core.pagination import cursor_position_and_ids, encode_cursor, page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.duplicates.types import DuplicateCandidate, DuplicatePair

PAIRS_PAGE = 20
CHANGE = [Needs(Operation.CHANGE_CASES)]


@strawberry.type
class Query:
    @strawberry.field(
        description="The cases in your reach that may be the same child's as this one, the"
        " strongest first (at most 20), each with its reasons; empty for a case you do not"
        " reach, a case merged already, and a pair marked as not duplicates.",
        permission_classes=CHANGE,
    )
    async def duplicate_candidates(
        self, info: Info, case_id: strawberry.ID
    ) -> list[DuplicateCandidate]:
        try:
            found = await info.context.duplicates.candidates(case_uuid(case_id), info.context.view)
        except DomainError:
            return []
        await record_case_reads(info, [c.row.case_id for c in found])
        return [DuplicateCandidate.of(c) for c in found]

    @strawberry.field(
        description="Every pair of cases in your reach that may be one child's, as"
        " `duplicateCandidates` proposes them (both cases in reach, neither merged, the pair"
        " not marked as not duplicates), the strongest first, in keyset pages.",
        permission_classes=CHANGE,
    )
    async def duplicate_pairs(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[DuplicatePair]:
        size, _ = page_size(first, None, default=PAIRS_PAGE, cap=info.context.max_page_size)
        duplicates, view = info.context.duplicates, info.context.view
        start = PairPosition(*cursor_position_and_ids(after)) if after else None
        page = await duplicates.pairs(view, limit=size, after=start)
        shown = [case.case_id for p in page.pairs for case in (p.first, p.second)]
        await record_case_reads(info, shown)
        edges = [Edge(cursor=_cursor(pair), node=DuplicatePair.of(pair)) for pair in page.pairs]
        return Connection(
            page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
            edges=edges,
            total=lambda: duplicates.pair_count(view),
        )


def _cursor(pair: Pair) -> str:
    """The pair's place in the list: its score, then its two case IDs."""
    at = pair.position
    return encode_cursor(str(at.score), str(at.first_id), str(at.second_id))
