"""Stores written by earlier releases and kept as fixtures: restored, migrated, and read back
the way the release that wrote them read them (see `tests/fixtures/README.md`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from baxt.application.audit.signing import LogIdentity
from baxt.application.cases.application import CaseApplication
from baxt.application.checkpoints import load_private_key
from baxt.application.plain import plain
from baxt.migrations import apply_migrations
from baxt.projections.notifier import Notifier, notifier_runner
from baxt.projections.webhook_deliveries import WebhookFollower, webhook_follower
from tests.database import scratch_database
from tests.sealed import opened

FIXTURES = Path(__file__).parent / "fixtures"
CHECKPOINT_KEY = FIXTURES / "checkpoint_test.key"
HISTORY_LIMIT = 1000
MISSING = "<missing>"
"""What `as_then` shows for a field the release read back and this code does not."""

RowOf = Callable[[dict[str, Any]], object]
"""A case as a release read it from its `case_summary` row."""

ReplayOf = Callable[..., object]
"""A case as a release replayed it at a version: `(app, case_id, version=...)`."""


@contextmanager
def restored_store(admin_url: str, dump: Path, prefix: str) -> Iterator[str]:
    """A database restored from a release's dump, then migrated by this code."""
    with scratch_database(admin_url, prefix=prefix) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(dump.read_text(encoding="utf-8").encode())
        apply_migrations(url)
        yield url


def golden(path: Path) -> dict[str, Any]:
    """What the release read its store back as."""
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def log_identity(origin: str) -> LogIdentity:
    """The identity a fixture store's checkpoints were signed under."""
    return LogIdentity(origin, load_private_key(CHECKPOINT_KEY).public_key())


def stored_topics(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT topic, count(*) FROM cases_events GROUP BY topic").fetchall()
    return {topic: count for topic, count in sorted(rows)}


def read_back(url: str, app: CaseApplication, row_of: RowOf, replay_of: ReplayOf) -> dict[str, Any]:
    """What the store reads back as, in plain JSON: each case's read-model row (`row_of`), its
    replay at its last version (`replay_of`) and its history, and each partner referral's row."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        rows = conn.execute("SELECT * FROM case_summary ORDER BY case_id").fetchall()
        referrals = conn.execute("SELECT * FROM partner_referral ORDER BY referral_id").fetchall()
    # The rows as the API reads them: sealed since 0030, opened with each case's key.
    rows = [opened(url, row["case_id"], row) for row in rows]
    referrals = [opened(url, row["case_id"], row) for row in referrals]
    return {
        "cases": {str(row["case_id"]): _case(app, row, row_of, replay_of) for row in rows},
        "partner_referrals": {row["referral_id"]: plain(row) for row in referrals},
    }


def _case(
    app: CaseApplication, row: dict[str, Any], row_of: RowOf, replay_of: ReplayOf
) -> dict[str, Any]:
    case_id: UUID = row["case_id"]
    history = app.history(case_id, limit=HISTORY_LIMIT)
    return {
        "row": plain(row_of(row)),
        "replay": plain(replay_of(app, case_id, version=len(history))),
        "history": [plain(entry) for entry in history],
    }


def as_then(now: Any, then: Any) -> Any:
    """`now` cut down to the fields `then` has, in its dicts at every depth: what a later
    release reads back beside what the release did (a field added since, with its default)
    falls away, while a field the release read that is missing or different stays visible."""
    if isinstance(now, dict) and isinstance(then, dict):
        return {key: as_then(now[key], then[key]) if key in now else MISSING for key in then}
    if isinstance(now, list) and isinstance(then, list) and len(now) == len(then):
        return [as_then(n, t) for n, t in zip(now, then, strict=True)]
    return now


def resume_followers(url: str, env: dict[str, str]) -> None:
    """Runs the notifier and the webhook follower until each has seen the store's last event
    of its topics, from the positions the store tracked."""
    for runner, topics in (
        (notifier_runner, Notifier.topics),
        (webhook_follower, WebhookFollower.topics),
    ):
        with runner(env) as running:
            running.wait(last_of(url, topics), timeout=20)


def last_of(url: str, topics: tuple[str, ...]) -> int:
    """The position of the last stored event of `topics`, which a follower of them tracks."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT max(notification_id) FROM cases_events WHERE topic = ANY(%s)", [list(topics)]
        ).fetchone()
    assert row is not None
    last: int = row[0]
    return last


def outbox(url: str, tables: tuple[str, ...]) -> dict[str, int]:
    """How many rows each outbox table holds."""
    counts: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            (counts[table],) = conn.execute(query).fetchone() or (0,)
    return counts
