"""A store ready for notifications: migrated, with the tests' staff roster saved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from baxt.application.cases.application import CaseApplication
from baxt.application.roster import parse_roster, save_roster
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations

ROSTER = Path(__file__).parent / "integration" / "roster.csv"


@contextmanager
def rostered_store(url: str, case_key: bytes) -> Iterator[CaseApplication]:
    """The database at `url` migrated and given the roster, and an application on its store."""
    apply_migrations(url)
    with ROSTER.open(encoding="utf-8") as roster:
        members, rejected = parse_roster(roster)
    assert rejected == []
    save_roster(url, members)
    app = CaseApplication(event_store_env(url), case_key=case_key)
    try:
        yield app
    finally:
        app.close()
