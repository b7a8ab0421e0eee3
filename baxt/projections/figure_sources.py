"""The cases and event versions behind a published cell, derived again from the events up
to the published position, as `verify` derives the figures (`facts_at`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import EVENTS_TABLE
from baxt.application.monitoring.publishing import Publication
from baxt.application.monitoring.sources import (
    CaseSource,
    Explain,
    Explanation,
    FigureCell,
    sources_query,
)
from baxt.domain.monitoring.measures import FAMILY_MEASURES
from baxt.projections.figures_at import Connection, facts_at
from baxt.projections.monitoring_statements import MONITORING_STATEMENTS

_EVENTS = f"""SELECT originator_id, originator_version, notification_id, topic, state
FROM {EVENTS_TABLE} WHERE originator_id = ANY(%s) AND notification_id <= %s
ORDER BY originator_id, originator_version"""  # noqa: S608


def explainer(conninfo: str, application: Callable[[], CaseApplication]) -> Explain:
    """Explains published cells, each with a case application of its own (to decode the
    events) and a derivation of its own."""

    def explain(publication: Publication, cell: FigureCell) -> Explanation:
        snapshot = publication.snapshot
        key = cell.key()
        published = snapshot.tables[cell.level].counts.get(key, 0)
        app = application()
        try:
            with facts_at(conninfo, app, snapshot.notification_id) as conn:
                text, params = sources_query(cell, snapshot.quarter)
                rows = conn.execute(text, params).fetchall()
                cases = [case_id for case_id, _ in rows]
                versions = _row_versions(
                    conn, app, cases, snapshot.notification_id, snapshot.quarter
                )
        finally:
            app.close()
        families = cell.measure in FAMILY_MEASURES
        counted = len({family for _, family in rows}) if families else len(rows)
        sources = tuple(
            CaseSource(case_id, *map(tuple, zip(*versions[case_id], strict=True)))
            if versions[case_id]
            else CaseSource(case_id, (), ())
            for case_id in cases
        )
        return Explanation(snapshot.quarter, snapshot.tree_size, cell, published, counted, sources)

    return explain


def _row_versions(
    conn: Connection, app: CaseApplication, cases: list[UUID], until: int, quarter: str
) -> dict[UUID, list[tuple[int, int]]]:
    """Each case's (version, notification) of the events that wrote its row of `quarter`."""
    found: dict[UUID, list[tuple[int, int]]] = defaultdict(list)
    for case_id, version, position, topic, state in conn.execute(_EVENTS, (cases, until)):
        stored = StoredEvent(case_id, version, topic, bytes(state))
        if _writes_row(app.mapper.to_domain_event(stored), quarter):
            found[case_id].append((version, position))
    return found


def _writes_row(event: Any, quarter: str) -> bool:
    handler = MONITORING_STATEMENTS.handler(event)
    statements = handler(event) if handler is not None else []
    return any(params.get("quarter") == quarter for _, params in statements)
