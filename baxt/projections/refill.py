"""Read models a migration added to a store that was already projected: their rows come from
events the projection had passed, so the projection is rebuilt once (shadow tables, then the
swap) before it goes on, and the request is then cleared."""

from __future__ import annotations

import logging
import threading

import psycopg

from baxt.application.pii.match_keys import MatchKeys
from baxt.projections.catch_up import Progress, catch_up_case_summary
from baxt.projections.rebuild import conninfo_of, rebuild

CASE_SUMMARY = "case_summary"
_OTHER_MASTER_KEY = "match keys were made with another PII master key"
_log = logging.getLogger("baxt.projections")


def refill_reasons(env: dict[str, str], projection: str) -> list[str]:
    """Why the migrations ask for `projection` to be rebuilt; empty when they don't."""
    with psycopg.connect(conninfo_of(env)) as conn:
        rows = conn.execute(
            "SELECT reason FROM read_model_refill WHERE projection = %s", (projection,)
        ).fetchall()
    return [reason for (reason,) in rows]


def note_match_key_source(env: dict[str, str]) -> None:
    """Records which master key the match keys derive from; when it is another than the
    one they were made with (a rotation), asks for `case_summary` to be rebuilt once, so that
    old and new keys never mix."""
    key_id = MatchKeys.from_env(env).key_id
    with psycopg.connect(conninfo_of(env)) as conn:
        row = conn.execute("SELECT key_id FROM case_match_key_source").fetchone()
        if row is not None and row[0] != key_id:
            conn.execute(
                "INSERT INTO read_model_refill (projection, reason) VALUES (%s, %s)"
                " ON CONFLICT (projection) DO NOTHING",
                (CASE_SUMMARY, _OTHER_MASTER_KEY),
            )
        conn.execute(
            "INSERT INTO case_match_key_source (key_id) VALUES (%s)"
            " ON CONFLICT (one) DO UPDATE SET key_id = excluded.key_id",
            (key_id,),
        )


def bring_case_summary_forward(
    env: dict[str, str],
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Rebuilds `case_summary` once if a migration asked for it, then catches it up to the
    end of the event store; returns how many events the catch-up projected."""
    note_match_key_source(env)
    reasons = refill_reasons(env, CASE_SUMMARY)
    if reasons:
        _log.info("rebuilding case_summary once: %s", "; ".join(reasons))
        rebuilt = rebuild(env, CASE_SUMMARY, batch_size=batch_size, progress=progress)
        with psycopg.connect(conninfo_of(env)) as conn:
            conn.execute("DELETE FROM read_model_refill WHERE projection = %s", (CASE_SUMMARY,))
        _log.info("case_summary rebuilt up to notification %s", rebuilt.position)
    return catch_up_case_summary(env, batch_size=batch_size, progress=progress, stop=stop)
