"""Seeding the directory: adds the seed's entries that are missing, leaves the rest as kept."""

from __future__ import annotations

import psycopg

from baxt.application.directory import sql
from baxt.application.directory.rows import params
from baxt.application.directory.seed_data import LOCATIONS, ORGANISATIONS
from baxt.application.directory.seed_services import SERVICES

_MISSING_ONLY = " ON CONFLICT (id) DO NOTHING"


def _insert(upsert: str) -> str:
    return upsert.split(" ON CONFLICT")[0] + _MISSING_ONLY


def seed_directory(conninfo: str) -> int:
    """Adds the seed's organisations, locations and services not yet in the directory, in one
    transaction; returns how many were added. Entries an admin has changed stay as they are."""
    added = 0
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        for query, entries in (
            (sql.UPSERT_ORGANISATION, ORGANISATIONS),
            (sql.UPSERT_LOCATION, LOCATIONS),
        ):
            for entry in entries:
                cur.execute(_insert(query).encode(), params(entry))
                added += cur.rowcount
        for service in SERVICES:
            cur.execute(_insert(sql.UPSERT_SERVICE).encode(), params(service))
            if cur.rowcount:
                cur.execute(sql.LINK_SERVICE.encode(), params(service))
                added += 1
    return added
