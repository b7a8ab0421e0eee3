"""The October survey: every child turning 3 this year who is raised at home is flagged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.compute as pc
from numpy.typing import NDArray

from baxt.application.cases.application import CaseApplication
from baxt.application.imports.bulk import BulkFlagger, FlagCounts, FlagRequest, Round
from baxt.application.imports.reader import Batch, ExtractError, read_extract
from baxt.application.imports.runs import ImportRun, ImportRuns, carry_out
from baxt.application.imports.screening import ImportSettings, Progress, new_run
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.risk.extract import BIRTH_DATE, CARE_SETTING, CareSetting
from baxt.domain.values import FlagSource, FlagTags

SURVEY = "AGE3_SURVEY"
SURVEY_AGE = 3


def in_survey(batch: Batch, year: int) -> NDArray[np.intp]:
    """The rows turning 3 in `year` who are raised at home (not in kindergarten or day care)."""
    born = pc.starts_with(batch.text(BIRTH_DATE), f"{year - SURVEY_AGE:04d}-")
    at_home = pc.equal(pc.utf8_upper(batch.text(CARE_SETTING)), CareSetting.HOME.value)
    return np.flatnonzero(pc.and_(born, at_home).to_numpy(zero_copy_only=False))


class SurveyImport:
    """Flags the year's 3-year-olds raised at home with source AGE3_SURVEY, once a year.

    It runs in the fourth quarter (Asia/Tashkent) of the survey's year, from the same
    registry extract the screening reads, or from a cohort file in the same columns.
    """

    def __init__(self, app: CaseApplication, conninfo: str, settings: ImportSettings) -> None:
        self._settings = settings
        self._runs = ImportRuns(conninfo)
        self._flagger = BulkFlagger(app, conninfo)

    def run(
        self, path: Path, *, year: int, actor: str, progress: Progress | None = None
    ) -> ImportRun:
        now = self._settings.clock()
        if Quarter.containing(now) != Quarter(year, 4):
            raise ExtractError(
                "NOT_SURVEY_QUARTER",
                f"the survey of {year} runs from October to December {year} (Asia/Tashkent)",
            )
        run = new_run(SURVEY, f"{SURVEY}:{year}", path, actor, now)
        round = Round(run.round, FlagSource.AGE3_SURVEY, run.id, actor, now)
        s = self._settings
        batches = read_extract(
            path, s.catalogue, as_of=local_date(now), batch_rows=s.batch_rows,
            verify_check_digit=s.verify_check_digit,
        )  # fmt: skip

        def flag(batch: Batch) -> FlagCounts:
            requests = [
                FlagRequest(r.line, r.child, r.household, tags=FlagTags(r.registry_category))
                for r in batch.rows(in_survey(batch, year))
            ]
            return self._flagger.flag(requests, round)

        return carry_out(self._runs, run, batches, flag, clock=s.clock, progress=progress)
