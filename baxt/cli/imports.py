"""Registry extracts: the quarter's risk screening, the October survey, and synthetic files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import click

from baxt import bootstrap
from baxt.application.cases.application import CaseApplication, utc_now
from baxt.application.imports.compare import compare_run
from baxt.application.imports.reader import ExtractError
from baxt.application.imports.runs import ImportRun, ImportRuns
from baxt.application.imports.screening import ScreeningImport
from baxt.application.imports.survey import SurveyImport
from baxt.cli.common import connect, load_config, running_projections
from baxt.devtools.synth.extract import write_synthetic_extract
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.risk.rules import DEFAULT_RULE_SET

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def screening() -> None:
    """Risk screening of registry extracts against the 44 indicators."""


@screening.command("import")
@click.argument("file", type=_FILE)
@click.option("--rules", default=DEFAULT_RULE_SET, show_default=True, help="The rule set.")
@click.option("--quarter", default=None, help="e.g. 2027-Q1 (default: the current quarter).")
@click.option("--actor", default="screening", show_default=True, help="Recorded on each flag.")
def screening_import(file: Path, rules: str, quarter: str | None, actor: str) -> None:
    """Score every child of FILE (CSV or Parquet) and flag those over the line; safe to rerun.

    Bad rows are listed by line with their reason, good rows are kept. Exits with 3 when
    any row was rejected.
    """
    chosen = _quarter(quarter)
    with _application() as (runtime, app):
        importer = ScreeningImport(app, runtime.database_url, bootstrap.import_settings(runtime))
        run = _report(lambda shown: importer.run(
            file, rule_set=rules, quarter=chosen, actor=actor, progress=shown
        ))  # fmt: skip
    _summary(run)


@screening.command("compare")
@click.argument("run_id", type=click.UUID)
@click.option("--rules", required=True, help="The rule set to compare with the run's own.")
def screening_compare(run_id: UUID, rules: str) -> None:
    """Which children RULES would add to a past run's flags, and drop; writes nothing."""
    runtime = connect(load_config())
    settings = bootstrap.import_settings(runtime)
    try:
        result = compare_run(
            runtime.database_url,
            run_id,
            rules,
            catalogue=settings.catalogue,
            rule_sets=settings.rule_sets,
        )
    except ExtractError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    click.echo(f"{result.base} -> {result.candidate}")
    click.echo(f"added {len(result.added)}, dropped {len(result.dropped)}")
    for label, counts in (("added", result.added_by_indicator),
                          ("dropped", result.dropped_by_indicator)):  # fmt: skip
        for code, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            if count:
                click.echo(f"  {label} {code}: {count}")


@screening.command("rejects")
@click.argument("run_id", type=click.UUID)
def screening_rejects(run_id: UUID) -> None:
    """List a run's rejected lines: line, code and reason, tab-separated."""
    runs = ImportRuns(connect(load_config()).database_url)
    after = 0
    while page := runs.rejects(run_id, after_line=after, limit=1000):
        for reject in page:
            click.echo(f"{reject.line}\t{reject.code}\t{reject.reason}")
        after = page[-1].line


@screening.command("synth")
@click.option("--children", type=click.IntRange(1), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--bad-rows", type=click.IntRange(0), default=10, show_default=True)
def screening_synth(children: int, out: Path, seed: int, bad_rows: int) -> None:
    """Write a realistic synthetic extract (.csv or .parquet), with a few bad rows."""
    try:
        made = write_synthetic_extract(
            out,
            children,
            seed=seed,
            bad_rows=min(bad_rows, children - 1),
            as_of=local_date(utc_now()),
        )
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    click.echo(f"{made.rows} rows written to {made.path}, {len(made.bad_rows)} of them bad")


@click.group()
def survey() -> None:
    """The October survey of 3-year-olds raised at home."""


@survey.command("import")
@click.argument("file", type=_FILE)
@click.option("--year", type=int, default=None, help="The survey's year (default: this year).")
@click.option("--actor", default="survey", show_default=True, help="Recorded on each flag.")
def survey_import(file: Path, year: int | None, actor: str) -> None:
    """Flag this year's 3-year-olds raised at home in FILE (in October to December)."""
    with _application() as (runtime, app):
        importer = SurveyImport(app, runtime.database_url, bootstrap.import_settings(runtime))
        run = _report(lambda shown: importer.run(
            file, year=year or local_date(utc_now()).year, actor=actor, progress=shown
        ))  # fmt: skip
    _summary(run)


@contextmanager
def _application() -> Iterator[tuple[bootstrap.Runtime, CaseApplication]]:
    """The case application, beside the followers under their locks: beside a running
    `baxt project` they stand by, so its copies alone follow what the import saves."""
    runtime = connect(load_config())
    with running_projections(runtime, True):
        app = bootstrap.case_application(runtime)
        try:
            yield runtime, app
        finally:
            app.close()


def _report(run: Callable[[Callable[[int], None]], ImportRun]) -> ImportRun:
    read = 0

    def shown(rows: int) -> None:
        nonlocal read
        read += rows
        click.echo(f"\rrows read: {read}", nl=False, err=True)

    try:
        finished = run(shown)
    except ExtractError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    finally:
        click.echo("", err=True)
    return finished


def _summary(run: ImportRun) -> None:
    click.echo(
        f"run {run.id} ({run.round}, {run.rule_set or 'no rule set'}): {run.rows_read} rows read,"
        f" {run.rejected} rejected, {run.flagged} flagged ({run.added_to_open} on open cases,"
        f" {run.reopened} reopened), {run.already} flagged by this round before"
    )
    if run.rejected:
        click.echo(f"rejected lines: baxt screening rejects {run.id}", err=True)
        raise SystemExit(3)


def _quarter(text: str | None) -> Quarter:
    if text is None:
        return Quarter.containing(utc_now())
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--quarter") from None
