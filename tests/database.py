"""A PostgreSQL for the tests: this machine's server, else (off CI) the embedded one."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def server_url() -> str:
    """The admin URL of the server the tests use; in CI the real server must answer."""
    url = os.environ.get("BAXT_TEST_DATABASE_URL", DEFAULT_SERVER)
    try:
        with psycopg.connect(url, connect_timeout=3):
            return url
    except psycopg.OperationalError as error:
        if in_ci():
            raise RuntimeError(f"CI needs the PostgreSQL at {url}: {error}") from None
    from baxt.embedded import start_embedded_postgres

    return start_embedded_postgres(Path(tempfile.mkdtemp(prefix="baxt-test-")), "postgres")


@contextmanager
def scratch_database(admin_url: str, prefix: str = "baxt_test") -> Iterator[str]:
    """A new, empty database for one test run, dropped afterwards."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def with_database(url: str, name: str) -> str:
    """The same server URL, naming another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
