"""`baxt figures`: publish a quarter, verify it, list the published ones, export them."""

from __future__ import annotations

from pathlib import Path

import click

from baxt import bootstrap
from baxt.application.cases.application import utc_now
from baxt.application.monitoring.exports import definitions_csv, figures_csv, figures_xlsx
from baxt.application.monitoring.publishing import PublishedQuarters, published_figures
from baxt.application.monitoring.rows import FigurePlace
from baxt.application.monitoring.sources import Explanation, FigureCell
from baxt.bootstrap.figures import figure_explainer, published_quarters
from baxt.cli.common import connect, load_config
from baxt.domain.errors import DomainError
from baxt.domain.languages import Language
from baxt.domain.monitoring.measures import Breakdown, Measure, PlaceLevel
from baxt.domain.quarter import Quarter

_QUARTER = click.argument("quarter")


@click.group()
def figures() -> None:
    """Published quarters of the monitoring figures: publish, verify, list, export, explain."""


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError:
        raise click.ClickException(
            f"INVALID_INPUT: {text!r} is not a quarter like 2026-Q3"
        ) from None


def _service() -> tuple[bootstrap.Runtime, PublishedQuarters]:
    runtime = connect(load_config())
    try:
        return runtime, published_quarters(runtime)
    except (OSError, ValueError) as error:
        raise click.ClickException(f"cannot load the checkpoint key: {error}") from None


@figures.command()
@_QUARTER
@click.option("--by", default="operator", show_default=True, help="Who publishes, as recorded.")
def publish(quarter: str, by: str) -> None:
    """Freeze QUARTER's figures at the ledger's tree size now, signed; once only."""
    runtime, service = _service()
    bootstrap.ledger(runtime).seal()
    try:
        done = service.publish(_quarter(quarter), by, utc_now())
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    click.echo(f"published {quarter} at tree size {done.snapshot.tree_size}")
    click.echo(done.signature)


@figures.command()
@_QUARTER
def verify(quarter: str) -> None:
    """Derive QUARTER again from the events up to its tree size and compare; exit 1 if not."""
    _, service = _service()
    try:
        found = service.verify(_quarter(quarter))
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    for problem in found.problems:
        click.echo(f"FAILED: {problem}")
    if not found.ok:
        raise SystemExit(1)
    click.echo(f"OK: {quarter} at tree size {found.tree_size} is as published and signed")


@figures.command("list")
def list_published() -> None:
    """The published quarters, newest first."""
    _, service = _service()
    for quarter in service.quarters():
        click.echo(quarter)


@figures.command()
@_QUARTER
@click.option("--format", "kind", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--level", type=click.Choice([v.value for v in PlaceLevel]), default="REGION")
@click.option("--language", type=click.Choice([v.value for v in Language]), default="uz-Latn")
@click.option("--exact", is_flag=True, help="Every count exact (for auditors), not suppressed.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(quarter: str, kind: str, level: str, language: str, exact: bool, output: Path) -> None:
    """Write published QUARTER's figures, small counts suppressed as analysts see them; a
    CSV gets its measures' names in a second file, `<name>.definitions.csv`."""
    runtime, service = _service()
    try:
        publication = service.get(_quarter(quarter))
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    threshold = runtime.settings.small_count
    shown = published_figures(publication, PlaceLevel(level), not exact, threshold)
    if kind == "xlsx":
        output.write_bytes(figures_xlsx(shown, Language(language)))
    else:
        output.write_text(figures_csv(shown), encoding="utf-8")
        names = output.with_suffix(".definitions.csv")
        names.write_text(definitions_csv(Language(language)), encoding="utf-8")
    click.echo(f"wrote {output}")


@figures.command()
@_QUARTER
@click.option("--measure", type=click.Choice([v.value for v in Measure]), required=True)
@click.option("--level", type=click.Choice([v.value for v in PlaceLevel]), default="REGION")
@click.option("--region", help="The place's region (none of the three: the total).")
@click.option("--district", help="The place's district, at DISTRICT or MAHALLA level.")
@click.option("--mahalla", help="The place's mahalla, at MAHALLA level.")
@click.option("--breakdown", type=click.Choice([v.value for v in Breakdown]))
@click.option("--category", help="The breakdown's category (a sex, band, source, code…).")
def explain(
    quarter: str,
    measure: str,
    level: str,
    region: str | None,
    district: str | None,
    mahalla: str | None,
    breakdown: str | None,
    category: str | None,
) -> None:
    """Print the cases behind one published count of QUARTER, each with the versions (and
    log positions) of its events that wrote the child's row, derived again from the events
    up to the published tree size; exit 1 if they do not count to the published number."""
    runtime, service = _service()
    cell = FigureCell(
        Measure(measure),
        PlaceLevel(level),
        FigurePlace(region, district, mahalla),
        Breakdown(breakdown) if breakdown else None,
        category,
    )
    try:
        found = figure_explainer(runtime)(service.get(_quarter(quarter)), cell)
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    _print_explanation(found)
    if not found.agrees:
        raise SystemExit(1)


def _print_explanation(found: Explanation) -> None:
    for source in found.sources:
        pairs = ", ".join(
            f"v{v}@{p}" for v, p in zip(source.versions, source.positions, strict=True)
        )
        click.echo(f"{source.case_id}  {pairs}")
    verdict = "OK" if found.agrees else "FAILED"
    click.echo(
        f"{verdict}: {len(found.sources)} cases count {found.counted}; published"
        f" {found.published} in {found.quarter} at tree size {found.tree_size}"
    )
