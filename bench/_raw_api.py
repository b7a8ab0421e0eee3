"""The baseline of bench.api: a minimal Starlette app that answers `case_summary` rows as JSON
through an async psycopg pool of the API's size, with nothing of Baxt in between.

    python -m bench._raw_api PORT DATABASE_URL

- `GET /case/{uuid}`: the case's row, or 404.
- `GET /cases?mahalla=M&status=S`: the newest 50 rows of that mahalla and status, in the
  order the API's `cases` pages them (`updated_at`, then `case_id`, descending).

With `?log=1` each answer first writes one row per case into `case_access`, as the API's
access log does for every case it serves.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

import uvicorn
from psycopg import AsyncConnection
from psycopg.rows import DictRow, dict_row
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

POOL_SIZE = 6  # the API's read pool (baxt.bootstrap.api.read_pool)
PAGE = 50
_ONE = "SELECT * FROM case_summary WHERE case_id = %s"
_PAGE = (
    "SELECT * FROM case_summary WHERE mahalla = %s AND status = %s"
    " ORDER BY updated_at DESC, case_id DESC LIMIT %s"
)
_LOG = (
    "INSERT INTO case_access (actor, role, case_id, operation, fields)"
    " SELECT 'bench.raw', 'CASEWORKER', id, 'raw', '{}' FROM unnest(%s::uuid[]) AS id"
)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, default=str), status, media_type="application/json")


async def _fetch(
    conn: AsyncConnection[DictRow], query: str, params: Sequence[Any]
) -> list[DictRow]:
    cursor = await conn.execute(query, params)
    return await cursor.fetchall()


def raw_app(database_url: str) -> Starlette:
    """The baseline app on `database_url`; its pool opens and closes with the app."""
    pool = AsyncConnectionPool(
        database_url,
        min_size=POOL_SIZE,
        max_size=POOL_SIZE,
        open=False,
        kwargs={"row_factory": dict_row, "autocommit": True},
    )

    async def rows(request: Request, query: str, params: Sequence[Any]) -> list[DictRow]:
        async with pool.connection() as conn:
            found = await _fetch(conn, query, params)  # type: ignore[arg-type]
            if found and request.query_params.get("log"):
                await conn.execute(_LOG, [[row["case_id"] for row in found]])
        return found

    async def case(request: Request) -> Response:
        found = await rows(request, _ONE, [UUID(request.path_params["case_id"])])
        return _json(found[0]) if found else _json({"error": "not found"}, 404)

    async def cases(request: Request) -> Response:
        given = request.query_params
        found = await rows(request, _PAGE, [given["mahalla"], given["status"], PAGE])
        return _json(found)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with pool:
            yield

    routes = [Route("/case/{case_id}", case), Route("/cases", cases)]
    return Starlette(routes=routes, lifespan=lifespan)


def main(argv: Sequence[str]) -> None:
    port, database_url = argv
    uvicorn.run(raw_app(database_url), host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
