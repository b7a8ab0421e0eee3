"""What-if: re-scores a past screening run under another rule set; writes nothing to cases."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

import numpy as np
import psycopg

from baxt.application.imports.reader import ExtractError
from baxt.application.imports.runs import ImportRuns
from baxt.domain.risk.catalogue import Catalogue
from baxt.domain.risk.rules import RuleSet
from baxt.domain.risk.scoring import compare_rule_sets


@dataclass(frozen=True)
class Comparison:
    """Children the candidate rule set would add to the run's flags, and drop from them."""

    run_id: UUID
    base: str
    candidate: str
    added: tuple[UUID, ...]
    dropped: tuple[UUID, ...]
    added_by_indicator: Mapping[str, int]
    dropped_by_indicator: Mapping[str, int]


def compare_run(
    conninfo: str,
    run_id: UUID,
    candidate: str,
    *,
    catalogue: Catalogue,
    rule_sets: Mapping[str, RuleSet],
) -> Comparison:
    run = ImportRuns(conninfo).get(run_id)
    if run is None or run.rule_set is None:
        raise ExtractError("NOT_FOUND", f"no screening run {run_id}")
    base = rule_sets.get(run.rule_set.partition("@")[0])
    chosen = rule_sets.get(candidate)
    if base is None or chosen is None:
        raise ExtractError("UNKNOWN_RULE_SET", f"no rule set {candidate!r}")
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT case_id, met FROM screening_score WHERE run_id = %s ORDER BY case_id",
            (run_id,),
        ).fetchall()
    case_ids = [r[0] for r in rows]
    bits = np.array([r[1] for r in rows], dtype=np.int64)
    met = (bits[:, None] >> np.arange(len(catalogue.codes), dtype=np.int64)) & 1
    result = compare_rule_sets(catalogue, met.astype(bool), base, chosen)
    return Comparison(
        run_id=run_id,
        base=run.rule_set,
        candidate=f"{chosen.code}@{chosen.version}",
        added=tuple(case_ids[i] for i in result.added),
        dropped=tuple(case_ids[i] for i in result.dropped),
        added_by_indicator=dict(result.added_by_indicator),
        dropped_by_indicator=dict(result.dropped_by_indicator),
    )
