from __future__ import annotations

from uuid import UUID

import strawberry

from baxt.application.access.rules import Operation, Reach
from baxt.application.access.scope import aggregate_scope
from baxt.application.imports.reader import ExtractError
from baxt.domain.staff import LANGUAGES
from baxt.graphql.cases.types import CASE_TYPE
from baxt.graphql.core.context import Info
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.node import global_id
from baxt.graphql.core.pagination import page_size
from baxt.graphql.core.permissions import Needs
from baxt.graphql.screening.types import (
    Indicator,
    RejectedLine,
    RuleSet,
    ScreeningComparison,
    ScreeningRun,
    SurveyRegion,
)


@strawberry.type
class Query:
    @strawberry.field(
        description="The indicator catalogue, named in uz-Latn, uz-Cyrl, ru, kk or en.",
        permission_classes=[Needs(Operation.CATALOGUE)],
    )
    def indicators(self, info: Info, language: str = "en") -> list[Indicator]:
        if language not in LANGUAGES:
            raise BadRequest(f"language must be one of {', '.join(LANGUAGES)}")
        catalogue = info.context.services.imports.catalogue
        return [Indicator.of(i, language) for i in catalogue.indicators]

    @strawberry.field(
        description="The rule sets a screening can use.",
        permission_classes=[Needs(Operation.CATALOGUE)],
    )
    def rule_sets(self, info: Info) -> list[RuleSet]:
        return [RuleSet.of(r) for r in info.context.services.imports.rule_sets.values()]

    @strawberry.field(
        description="Import runs (screenings and surveys), newest first.",
        permission_classes=[Needs(Operation.SCREENING_RUNS)],
    )
    async def screening_runs(self, info: Info, first: int | None = None) -> list[ScreeningRun]:
        size, _ = page_size(first, None, default=20, cap=info.context.max_page_size)
        return [ScreeningRun.of(r) for r in await info.context.services.imports.runs(size)]

    @strawberry.field(
        description="One import run; null when there is none.",
        permission_classes=[Needs(Operation.SCREENING_RUNS)],
    )
    async def screening_run(self, info: Info, id: strawberry.ID) -> ScreeningRun | None:
        run = await info.context.services.imports.run(_uuid(id))
        return ScreeningRun.of(run) if run else None

    @strawberry.field(
        description="A run's rejected lines in file order, after `afterLine` (supervisors and"
        " auditors: a rejected line's reason may quote its values).",
        permission_classes=[Needs(Operation.SCREENING_REJECTS)],
    )
    async def screening_rejects(
        self, info: Info, run_id: strawberry.ID, first: int | None = None, after_line: int = 0
    ) -> list[RejectedLine]:
        size, _ = page_size(first, None, default=100, cap=info.context.max_page_size)
        rejects = await info.context.services.imports.rejects(_uuid(run_id), after_line, size)
        return [RejectedLine.of(r) for r in rejects]

    @strawberry.field(
        description="Re-scores a past screening run under another rule set; changes nothing."
        " The counts cover the whole run; `added` and `dropped` list only the cases in your"
        " reach.",
        permission_classes=[Needs(Operation.SCREENING_RUNS)],
    )
    async def compare_screening(
        self, info: Info, run_id: strawberry.ID, rule_set: str
    ) -> ScreeningComparison:
        try:
            compared = await info.context.services.imports.compare(_uuid(run_id), rule_set)
        except ExtractError as error:
            raise BadRequest(f"{error.code}: {error.message}") from None
        result = ScreeningComparison.of(compared)
        view = info.context.view
        if view.scope.reach is not Reach.EVERYTHING:
            reached = await info.context.cases.read_model.ids_in_reach(
                [*compared.added, *compared.dropped], view
            )
            shown = {global_id(CASE_TYPE, str(case_id)) for case_id in reached}
            result.added = [c for c in result.added if c in shown]
            result.dropped = [c for c in result.dropped if c in shown]
        return result

    @strawberry.field(
        description="The October survey of a year, by region: children, and seen. Supervisors"
        " count their own districts and regions; analysts and auditors count everywhere."
    )
    async def age_three_survey(self, info: Info, year: int) -> list[SurveyRegion]:
        scope = aggregate_scope(info.context.caller)
        regions = await info.context.services.workload.age_three_survey(year, scope)
        return [SurveyRegion(region=r.region, children=r.children, seen=r.seen) for r in regions]


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise BadRequest(f"not a run ID: {value!r}") from None
