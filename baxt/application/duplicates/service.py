"""What the API calls for duplicates: a case's candidates, the pairs in reach, a merge, and
a pair told apart.

Both cases of a merge or of a pair must be in the caller's reach (out of reach, a case
answers as one that does not exist), and both are changed in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from baxt.application.access.rules import Operation, require
from baxt.application.access.view import CaseView
from baxt.application.cases.service import Answer, CaseService, in_reach_of
from baxt.application.duplicates.candidates import Candidate, DuplicateCandidates
from baxt.application.duplicates.pairs import DuplicatePairs, PairPage, PairPosition
from baxt.application.transient import command_in_thread
from baxt.domain.case import Case
from baxt.domain.errors import SameCase

_Pair = Callable[[Case, Case], None]


@dataclass(frozen=True)
class PairAnswer:
    """What a command on two cases saved: each case as saved, as the caller sees it."""

    first: Answer
    second: Answer


class DuplicateService:
    """Candidates from the match keys; merges and pairs told apart on the event store."""

    def __init__(
        self, cases: CaseService, candidates: DuplicateCandidates, pairs: DuplicatePairs
    ) -> None:
        self.cases = cases
        self._candidates = candidates
        self._pairs = pairs

    async def candidates(self, case_id: UUID, view: CaseView) -> list[Candidate]:
        """The possible duplicates of a case the caller reaches, each in reach as well;
        CaseNotFound for a case they do not reach."""
        await self.cases.require_case(case_id, view)
        return await self._candidates.of_case(case_id, view)

    async def pairs(
        self, view: CaseView, *, limit: int, after: PairPosition | None = None
    ) -> PairPage:
        """A page of the pairs of cases in the caller's reach that may be one child's, the
        strongest first; FORBIDDEN for a role that does not change cases."""
        require(view.principal, Operation.CHANGE_CASES)
        return await self._pairs.page(view, limit=limit, after=after)

    async def pair_count(self, view: CaseView) -> int:
        """How many pairs `pairs` lists over every page."""
        require(view.principal, Operation.CHANGE_CASES)
        return await self._pairs.count(view)

    async def merge(
        self, view: CaseView, kept_case_id: UUID, merged_case_id: UUID, *, reason: str
    ) -> PairAnswer:
        """Merges the duplicate into the kept case: it closes as DUPLICATE linked to the
        kept one, which lists it; both histories stay as they are."""
        actor = view.principal.actor

        def merge(kept: Case, merged: Case) -> None:
            kept.keep_merged(merged.id, note=reason, actor=actor)
            merged.merge_into(kept.id, note=reason, actor=actor)

        return await self._both(view, kept_case_id, merged_case_id, merge, "merge_cases")

    async def mark_not_duplicate(
        self, view: CaseView, case_id: UUID, other_case_id: UUID, *, note: str
    ) -> PairAnswer:
        """Records on both cases that they are not one child's; the pair is no longer
        proposed."""
        actor = view.principal.actor

        def mark(first: Case, second: Case) -> None:
            first.mark_not_duplicate(second.id, note=note, actor=actor)
            second.mark_not_duplicate(first.id, note=note, actor=actor)

        return await self._both(view, case_id, other_case_id, mark, "mark_not_duplicate")

    async def _both(
        self, view: CaseView, first_id: UUID, second_id: UUID, command: _Pair, name: str
    ) -> PairAnswer:
        if first_id == second_id:
            raise SameCase("a case cannot be a duplicate of itself", ("other_case_id",))
        app, guard = self.cases.app, in_reach_of(view)
        first, second = await command_in_thread(
            lambda: app.change_both(first_id, second_id, command, guard=guard, name=name)
        )
        return PairAnswer(
            await self.cases.answer(first, view), await self.cases.answer(second, view)
        )
