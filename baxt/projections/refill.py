"""Read models a migration added to a store that was already projected: their rows come from
events the projection had passed, so the projection is rebuilt once (shadow tables, then the
swap) before it goes on, and the request is then cleared."""

from __future__ import annotations

import logging
import threading

import psycopg

from baxt.projections.catch_up import Progress, catch_up_case_summary
from baxt.projections.rebuild import conninfo_of, rebuild

CASE_SUMMARY = "case_summary"
_log = logging.getLogger("baxt.projections")


def refill_reasons(env: dict[str, str], projection: str) -> list[str]:
    """Why the migrations ask for `projection` to be rebuilt; empty when they don't."""
    with psycopg.connect(conninfo_of(env)) as conn:
        rows = conn.execute(
            "SELECT reason FROM read_model_refill WHERE projection = %s", (projection,)
        ).fetchall()
    return [reason for (reason,) in rows]


def bring_case_summary_forward(
    env: dict[str, str],
    *,
    batch_size: int = 1000,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Rebuilds `case_summary` once if a migration asked for it, then catches it up to the
    end of the event store; returns how many events the catch-up projected."""
    reasons = refill_reasons(env, CASE_SUMMARY)
    if reasons:
        _log.info("rebuilding case_summary once: %s", "; ".join(reasons))
        rebuilt = rebuild(env, CASE_SUMMARY, batch_size=batch_size, progress=progress)
        with psycopg.connect(conninfo_of(env)) as conn:
            conn.execute("DELETE FROM read_model_refill WHERE projection = %s", (CASE_SUMMARY,))
        _log.info("case_summary rebuilt up to notification %s", rebuilt.position)
    return catch_up_case_summary(env, batch_size=batch_size, progress=progress, stop=stop)
