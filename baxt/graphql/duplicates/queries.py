"""Reading a case's candidate duplicates."""

from __future__ import annotations

import strawberry

from baxt.application.access.rules import Operation
from baxt.domain.errors import DomainError
from baxt.graphql.audit.recording import record_case_reads
from baxt.graphql.cases.ids import case_uuid
from baxt.graphql.core.context import Info
from baxt.graphql.core.permissions import Needs
from baxt.graphql.duplicates.types import DuplicateCandidate


@strawberry.type
class Query:
    @strawberry.field(
        description="The cases in your reach that may be the same child's as this one, the"
        " strongest first (at most 20), each with its reasons; empty for a case you do not"
        " reach, a case merged already, and a pair marked as not duplicates.",
        permission_classes=[Needs(Operation.CHANGE_CASES)],
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
