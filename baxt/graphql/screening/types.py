from __future__ import annotations

import datetime as dt

import strawberry

from baxt.application.imports.checks import Reject
from baxt.application.imports.compare import Comparison as Compared
from baxt.application.imports.runs import ImportRun as Run
from baxt.domain.risk.catalogue import Indicator as CatalogueIndicator
from baxt.domain.risk.catalogue import IndicatorCategory, IndicatorValueType
from baxt.domain.risk.rules import RuleKind
from baxt.domain.risk.rules import RuleSet as Rules
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.node import global_id

strawberry.enum(IndicatorCategory, name="IndicatorCategory")
strawberry.enum(IndicatorValueType, name="IndicatorValueType")
strawberry.enum(RuleKind, name="RuleKind")


@strawberry.type(description="One of the 44 social-security indicators.")
class Indicator:
    code: str
    category: IndicatorCategory
    name: str = strawberry.field(description="In the language asked for.")
    description: str
    value_type: IndicatorValueType
    threshold: float = strawberry.field(description="The value at which it counts as met.")

    @classmethod
    def of(cls, indicator: CatalogueIndicator, language: str) -> Indicator:
        return cls(
            code=indicator.code,
            category=indicator.category,
            name=indicator.name(language),
            description=indicator.description,
            value_type=indicator.value_type,
            threshold=indicator.threshold,
        )


@strawberry.type
class IndicatorCount:
    code: str
    count: int


@strawberry.type(description="When a child is flagged: a count of indicators, or a weighted sum.")
class RuleSet:
    code: str
    version: str
    kind: RuleKind
    description: str
    min_count: int | None
    threshold: float | None
    weights: list[IndicatorWeight]

    @classmethod
    def of(cls, rules: Rules) -> RuleSet:
        return cls(
            code=rules.code,
            version=rules.version,
            kind=rules.kind,
            description=rules.description,
            min_count=rules.min_count,
            threshold=rules.threshold,
            weights=[IndicatorWeight(code=c, weight=w) for c, w in rules.weights.items()],
        )


@strawberry.type
class IndicatorWeight:
    code: str
    weight: float


@strawberry.type(description="A rejected line of an import: where, and why.")
class RejectedLine:
    line: int
    code: str
    reason: str

    @classmethod
    def of(cls, reject: Reject) -> RejectedLine:
        return cls(line=reject.line, code=reject.code, reason=reject.reason)


@strawberry.type(description="One import of a registry extract: a screening or a survey.")
class ScreeningRun:
    id: strawberry.ID
    kind: str = strawberry.field(description="RISK_SCREENING or AGE3_SURVEY.")
    round: str = strawberry.field(description="e.g. RISK_SCREENING:2027-Q1 or AGE3_SURVEY:2026.")
    rule_set: str | None
    file_name: str
    file_sha256: str
    actor: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    rows_read: int
    rejected: int
    flagged: int
    added_to_open: int = strawberry.field(description="Flags added to an already-open case.")
    reopened: int
    already: int = strawberry.field(description="Children this round had flagged before.")

    @classmethod
    def of(cls, run: Run) -> ScreeningRun:
        return cls(**(vars(run) | {"id": strawberry.ID(str(run.id))}))


@strawberry.type(description="What another rule set would have done with a past run.")
class ScreeningComparison:
    run_id: strawberry.ID
    base: str
    candidate: str
    added_count: int
    dropped_count: int
    added: list[strawberry.ID] = strawberry.field(description="Case IDs, at most 1000.")
    dropped: list[strawberry.ID] = strawberry.field(description="Case IDs, at most 1000.")
    added_by_indicator: list[IndicatorCount]
    dropped_by_indicator: list[IndicatorCount]

    @classmethod
    def of(cls, compared: Compared) -> ScreeningComparison:
        return cls(
            run_id=strawberry.ID(str(compared.run_id)),
            base=compared.base,
            candidate=compared.candidate,
            added_count=len(compared.added),
            dropped_count=len(compared.dropped),
            added=[global_id(CASE_TYPE, str(c)) for c in compared.added[:1000]],
            dropped=[global_id(CASE_TYPE, str(c)) for c in compared.dropped[:1000]],
            added_by_indicator=_counts(compared.added_by_indicator),
            dropped_by_indicator=_counts(compared.dropped_by_indicator),
        )


def _counts(counts: dict[str, int] | object) -> list[IndicatorCount]:
    assert isinstance(counts, dict)
    return [IndicatorCount(code=c, count=n) for c, n in counts.items() if n]


@strawberry.type(description="The October survey in one region: children to see, and seen.")
class SurveyRegion:
    region: str
    children: int
    seen: int
