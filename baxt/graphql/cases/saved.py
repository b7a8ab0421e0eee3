"""The case a command outside the case mutations saved (a household visit, a merge, a
conference's decision), as its payload shows it."""

from __future__ import annotations

from baxt.application.cases.service import Answer
from baxt.graphql.after_commit import say_after_commit, shown_after_commit
from baxt.graphql.cases.types import CaseNode
from baxt.graphql.core.context import Info


async def saved_case(info: Info, answer: Answer) -> CaseNode | None:
    """The case a command saved, once its read is in the access log; None out of reach."""
    say_after_commit(info, answer.after)
    if answer.row is None:
        info.context.notes.saved_out_of_reach(info.path.as_list())
        return None
    if not await shown_after_commit(info, answer.row.case_id):
        return None
    return CaseNode.from_row(answer.row)
