"""A quarter's risk screening: score every child of an extract, flag those over the line."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import UUID, uuid4

import numpy as np
import psycopg
import pyarrow as pa
from numpy.typing import NDArray

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.binary_copy import bigint_field, binary_copy, uuid_field
from baxt.application.imports.bulk import BulkFlagger, FlagCounts, FlagRequest, Round
from baxt.application.imports.reader import Batch, ExtractError, read_extract
from baxt.application.imports.runs import ImportRun, ImportRuns, carry_out
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.risk.catalogue import Catalogue
from baxt.domain.risk.extract import PINFL
from baxt.domain.risk.rules import RuleSet
from baxt.domain.risk.scoring import Scores, score
from baxt.domain.values import FlagReason, FlagSource, FlagTags

Progress = Callable[[int], None]
SCREENING = "RISK_SCREENING"


@dataclass(frozen=True)
class ImportSettings:
    """What every import needs besides the file: the catalogue, rules, clock and who runs it."""

    catalogue: Catalogue
    rule_sets: Mapping[str, RuleSet]
    clock: Callable[[], datetime]
    verify_check_digit: bool = False
    batch_rows: int = 50_000


class ScreeningImport:
    """Imports a registry extract for a quarter's screening under a named rule set.

    Importing it again, or again after an interruption, flags nobody twice: the round is
    the quarter, and each case records the rounds that have flagged it.
    """

    def __init__(self, app: CaseApplication, conninfo: str, settings: ImportSettings) -> None:
        self._app = app
        self._conninfo = conninfo
        self._settings = settings
        self._runs = ImportRuns(conninfo)
        self._flagger = BulkFlagger(app, conninfo)

    def run(
        self,
        path: Path,
        *,
        rule_set: str,
        quarter: Quarter,
        actor: str,
        progress: Progress | None = None,
    ) -> ImportRun:
        rules = self._rule_set(rule_set)
        now = self._settings.clock()
        run = new_run(SCREENING, f"{SCREENING}:{quarter}", path, actor, now, rule_set=rules)
        round = Round(run.round, FlagSource.RISK_SCREENING, run.id, actor, now)
        return carry_out(
            self._runs,
            run,
            self._batches(path, now),
            lambda batch: self._screen(batch, rules, round),
            clock=self._settings.clock,
            progress=progress,
        )

    def _rule_set(self, code: str) -> RuleSet:
        try:
            return self._settings.rule_sets[code]
        except KeyError:
            known = ", ".join(sorted(self._settings.rule_sets))
            raise ExtractError(
                "UNKNOWN_RULE_SET", f"no rule set {code!r} (known: {known})"
            ) from None

    def _batches(self, path: Path, now: datetime) -> Iterator[Batch]:
        s = self._settings
        return read_extract(
            path,
            s.catalogue,
            as_of=local_date(now),
            verify_check_digit=s.verify_check_digit,
            batch_rows=s.batch_rows,
        )

    def _screen(self, batch: Batch, rules: RuleSet, round: Round) -> FlagCounts:
        if not batch.size:
            return FlagCounts()
        values = {code: batch.values[code.lower()] for code in self._settings.catalogue.codes}
        scores = score(self._settings.catalogue, rules, values)
        label = f"{rules.code}@{rules.version}"
        flagged = scores.flagged_rows()
        requests = [
            FlagRequest(
                row.line, row.child, row.household,
                FlagReason(label, float(scores.score[i]), scores.met_codes(int(i))),
                FlagTags(registry_category=row.registry_category),
            )
            for i, row in zip(flagged, batch.rows(flagged), strict=True)
        ]  # fmt: skip
        counts = self._flagger.flag(requests, round)
        self._keep_scores(batch, scores, round.run_id)
        return counts

    def _keep_scores(self, batch: Batch, scores: Scores, run_id: UUID) -> None:
        """Keeps which indicators each child met, for comparing rule sets later."""
        bits = met_bits(scores.met)
        rows = np.flatnonzero(bits)
        case_ids = self._app.case_id_bytes(batch.text(PINFL).take(pa.array(rows)).to_pylist())
        run_ids = np.frombuffer(run_id.bytes * len(rows), dtype=np.uint8).reshape(-1, 16)
        stream = binary_copy([uuid_field(run_ids), uuid_field(case_ids), bigint_field(bits[rows])])
        with (
            psycopg.connect(self._conninfo) as conn,
            conn.cursor() as cur,
            cur.copy(
                "COPY screening_score (run_id, case_id, met) FROM STDIN (FORMAT BINARY)"
            ) as copy,
        ):
            copy.write(stream)


def met_bits(met: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Each row's met indicators as one integer: bit j is the catalogue's j-th indicator."""
    weights = np.left_shift(np.int64(1), np.arange(met.shape[1], dtype=np.int64))
    return met.astype(np.int64) @ weights


def new_run(
    kind: str, round: str, path: Path, actor: str, now: datetime, rule_set: RuleSet | None = None
) -> ImportRun:
    return ImportRun(
        id=uuid4(),
        kind=kind,
        round=round,
        rule_set=f"{rule_set.code}@{rule_set.version}" if rule_set else None,
        file_name=path.name,
        file_sha256=_sha256(path),
        actor=actor,
        status="RUNNING",
        started_at=now,
        finished_at=None,
        rows_read=0,
        rejected=0,
        flagged=0,
        added_to_open=0,
        reopened=0,
        already=0,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
