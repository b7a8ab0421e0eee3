"""The quarter's plan and the daily reminders, run by hand."""

from __future__ import annotations

from datetime import datetime

import click

from baxt import bootstrap
from baxt.application.cases.application import utc_now
from baxt.cli.common import connect, load_config, progress, running_projections
from baxt.domain.quarter import Quarter, local_date


@click.command()
@click.argument("quarter")
def plan(quarter: str) -> None:
    """Plan every open case's home visit for QUARTER (e.g. 2027-Q1), and the review of each
    consulted or referred case with none due; safe to run again."""
    try:
        chosen = Quarter.parse(quarter)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="QUARTER") from None
    settings = load_config()
    runtime = connect(settings)
    with running_projections(runtime, True):
        app = bootstrap.case_application(runtime)
        report = bootstrap.planner(runtime, app).plan(chosen, progress=progress("planning"))
        app.close()
    click.echo(
        f"{report.quarter}: {report.open_cases} open cases to plan,"
        f" {report.planned} visits planned, {report.assigned} assigned,"
        f" {report.unassigned} with no caseworker free to take them,"
        f" {report.reviews_planned} reviews planned,"
        f" {report.home_visits} home visits to make (one a household)"
    )


@click.command()
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to remind for (default: today in Asia/Tashkent).",
)
def remind(day: datetime | None) -> None:
    """Record overdue-visit reminders (caseworker, then supervisor) and reminders of referrals
    partners have not answered (partner, then supervisor); safe to run again."""
    settings = load_config()
    runtime = connect(settings)
    today = day.date() if day else local_date(utc_now())
    with running_projections(runtime, True):
        app = bootstrap.case_application(runtime)
        report, referrals = bootstrap.remind_all(runtime, app, today)
        app.close()
    click.echo(f"{report.day}: {report.overdue} overdue visits, {report.reminded} reminders")
    click.echo(
        f"{report.day}: {report.reviews_overdue} overdue reviews,"
        f" {report.reviews_reminded} reminders"
    )
    click.echo(
        f"{referrals.day}: {referrals.pending} unanswered referrals, {referrals.reminded} reminders"
    )
