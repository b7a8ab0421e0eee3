"""The read pool's check asks the server only about a connection that lay idle, and still
replaces one the server cut off before a request sees it."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool

from baxt.bootstrap.pool_checks import IdleConnectionCheck


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _pool(url: str, idle: IdleConnectionCheck) -> AsyncConnectionPool[Any]:
    return AsyncConnectionPool(url, min_size=1, max_size=1, open=False, check=idle.check)


def _cut_off(url: str, pid: int) -> None:
    """Ends the server's side of the connection `pid`, and waits until it is gone."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])


async def test_a_connection_cut_off_while_idle_is_replaced_before_it_is_handed_out(
    database_url: str,
) -> None:
    clock = Clock()
    async with _pool(database_url, IdleConnectionCheck(trusted_for=1.0, clock=clock)) as pool:
        async with pool.connection() as conn:
            first = conn.info.backend_pid
        _cut_off(database_url, first)
        clock.now += 5.0
        async with pool.connection() as conn:
            answered = await (await conn.execute("SELECT 1")).fetchone()
            assert conn.info.backend_pid != first
    assert answered == (1,)


async def test_a_connection_handed_back_moments_ago_is_handed_out_unchecked(
    database_url: str,
) -> None:
    clock = Clock()
    async with _pool(database_url, IdleConnectionCheck(trusted_for=1.0, clock=clock)) as pool:
        async with pool.connection() as conn:
            first = conn.info.backend_pid
        _cut_off(database_url, first)
        clock.now += 0.5
        async with pool.connection() as conn:
            assert conn.info.backend_pid == first
            with pytest.raises(psycopg.OperationalError):
                await conn.execute("SELECT 1")
