"""A candidate duplicate of a case, a pair of candidates in reach, and why."""

from __future__ import annotations

import strawberry

from baxt.application.duplicates import reasons
from baxt.application.duplicates.candidates import Candidate
from baxt.application.duplicates.pairs import DuplicatePair as Pair
from baxt.graphql.cases.types import CaseNode

DuplicateReason = strawberry.enum(
    reasons.DuplicateReason,
    description="Why two cases may be one child's: the PINFL the same or one digit off (a"
    " mistyped digit, or two swapped), the name the same in its one form (Uzbek Latin,"
    " Cyrillic and Russian spellings alike), the birth date the same or near, the place.",
)


@strawberry.type(description="A case that may be the same child's, with the reasons.")
class DuplicateCandidate:
    case: CaseNode
    reasons: list[reasons.DuplicateReason]
    score: int = strawberry.field(description="0 to 100: how strongly the reasons say so.")

    @classmethod
    def of(cls, candidate: Candidate) -> DuplicateCandidate:
        return cls(
            case=CaseNode.from_row(candidate.row),
            reasons=list(candidate.reasons),
            score=candidate.score,
        )


@strawberry.type(
    description="Two cases in your reach that may be one child's (neither merged, the pair not"
    " marked as not duplicates), with the reasons: `mergeCases` or `markNotDuplicate` decides"
    " it."
)
class DuplicatePair:
    case: CaseNode = strawberry.field(description="The case of the pair with the lower ID.")
    other_case: CaseNode
    reasons: list[reasons.DuplicateReason]
    score: int = strawberry.field(description="0 to 100: how strongly the reasons say so.")

    @classmethod
    def of(cls, pair: Pair) -> DuplicatePair:
        return cls(
            case=CaseNode.from_row(pair.first),
            other_case=CaseNode.from_row(pair.second),
            reasons=list(pair.reasons),
            score=pair.score,
        )
