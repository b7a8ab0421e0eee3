"""`baxt audit export` and `baxt audit import`: the history as JSON Lines of CloudEvents."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO
from uuid import UUID

import click

from baxt import bootstrap
from baxt.application.audit.export import ExportScope, HistoryExport
from baxt.application.cases.application import CaseApplication
from baxt.application.pii.child_keys import ChildKeyMissing
from baxt.application.pii.transfer import read_keys
from baxt.cli.common import connect, load_config, progress
from baxt.domain.errors import DomainError
from baxt.domain.quarter import TASHKENT
from baxt.projections.catch_up import catch_up_case_summary

_PINFL = re.compile(r"^\d{14}$")


@click.command("export")
@click.option("--case", "case", default=None, help="One case's history: its UUID or PINFL.")
@click.option("--from", "since", default=None, help="Events at or after this ISO 8601 time.")
@click.option("--to", "until", default=None, help="Events before this ISO 8601 time.")
@click.option("--output", "-o", default="-", show_default=True, help="A file, or - for stdout.")
def export_history(case: str | None, since: str | None, until: str | None, output: str) -> None:
    """Write case events as JSON Lines of CloudEvents 1.0, in notification order.

    With no option, the whole history. A time without a zone is Tashkent time; a range
    reads each event's own time, scanning the whole log. Progress goes to stderr.
    """
    runtime = connect(load_config())
    app = bootstrap.case_application(runtime)
    try:
        scope = ExportScope(_case_id(app, case), _time(since, "--from"), _time(until, "--to"))
        exporter = HistoryExport(app, runtime.database_url)
        with _opened(output) as out:
            written = exporter.write(scope, out, progress("events exported"))
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    finally:
        app.close()
    click.echo(f"{written} events exported", err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--keys",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The children's keys (`baxt keys export`), added first so the events open.",
)
def import_history(file: Path, keys: Path | None) -> None:
    """Load an exported FILE into an empty event store, then catch the read models up.

    All of the file is loaded, or nothing (a bad line is named by its number). The
    notifier is marked as having seen the loaded events, so loading history never sends
    its SMS or emails again; only events saved afterwards are notified. Run it before
    Baxt starts on that database.
    """
    runtime = connect(load_config())
    app = bootstrap.case_application(runtime)
    try:
        loader = bootstrap.history_load(runtime, app)
        loaded = loader.load(file, progress("events loaded"))
        if keys is not None:
            click.echo(f"{read_keys(runtime.database_url, keys)} child keys added")
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    finally:
        app.close()
    try:
        projected = catch_up_case_summary(
            runtime.event_store_env,
            batch_size=runtime.settings.projection_batch_size,
            progress=progress("read models"),
        )
    except ChildKeyMissing:
        raise click.ClickException(
            "CHILD_KEY_MISSING: the events are loaded, but their personal data is sealed with"
            " children's keys this store lacks; add them with `baxt keys import KEYS` (the file"
            " `baxt keys export` wrote), then run `baxt project`"
        ) from None
    click.echo(
        f"{loaded.events} events loaded (last notification {loaded.last_notification_id}),"
        f" {projected} projected"
    )


def _case_id(app: CaseApplication, text: str | None) -> UUID | None:
    if text is None:
        return None
    if _PINFL.match(text.strip()):
        return app.case_id_for(text.strip())
    try:
        return UUID(text)
    except ValueError:
        raise click.BadParameter(
            "give a case UUID or a 14-digit PINFL", param_hint="--case"
        ) from None


def _time(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {text!r}", param_hint=option) from None
    return at if at.utcoffset() is not None else at.replace(tzinfo=TASHKENT)


@contextmanager
def _opened(output: str) -> Iterator[IO[bytes]]:
    """stdout, or the file; a file appears whole under its name only once the export is done."""
    if output == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as out:
            yield out
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
