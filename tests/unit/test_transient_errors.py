from __future__ import annotations

from typing import Any

import psycopg
import psycopg_pool
import pytest
import strawberry
from eventsourcing import persistence

from baxt.application.transient import (
    ServiceUnavailable,
    is_transient,
    nothing_saved,
    outcome_unknown,
    retrying,
)
from baxt.domain.errors import Conflict
from baxt.graphql.core.errors import ErrorCodes

LOST = "server closed the connection unexpectedly"


@pytest.mark.parametrize(
    "error",
    [
        psycopg.OperationalError(LOST),
        psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
        psycopg.InterfaceError("the connection is closed"),
        psycopg_pool.PoolTimeout("couldn't get a connection after 30.00 sec"),
        persistence.OperationalError(LOST),
        persistence.InterfaceError("the connection is lost"),
    ],
)
def test_a_restart_a_stale_connection_or_a_pool_timeout_is_transient(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        persistence.IntegrityError("duplicate key value violates unique constraint"),
        psycopg.errors.UniqueViolation("duplicate key value"),
        psycopg.errors.UndefinedTable("relation does not exist"),
        Conflict("another change to this case was saved first"),
        RuntimeError("a bug"),
    ],
)
def test_a_conflict_or_a_bug_is_not_transient(error: Exception) -> None:
    assert not is_transient(error)


async def test_a_read_that_failed_transiently_is_tried_again() -> None:
    failures = [psycopg.OperationalError(LOST)]

    async def read() -> str:
        if failures:
            raise failures.pop()
        return "row"

    assert await retrying(read, what="a read") == "row"


async def test_a_read_that_keeps_failing_is_service_unavailable_and_retryable() -> None:
    async def read() -> str:
        raise psycopg.OperationalError(LOST)

    with pytest.raises(ServiceUnavailable) as refused:
        await retrying(read, what="a read")

    assert refused.value.retryable


async def test_a_read_is_not_tried_again_after_an_error_that_is_not_transient() -> None:
    calls = []

    async def read() -> str:
        calls.append(1)
        raise psycopg.errors.UndefinedTable("relation does not exist")

    with pytest.raises(psycopg.errors.UndefinedTable):
        await retrying(read, what="a read")
    assert len(calls) == 1


def _lost() -> int:
    raise psycopg.OperationalError(f"{LOST} SELECT full_name FROM case_summary")


def _nothing_saved() -> int:
    raise nothing_saved()


def _outcome_unknown() -> int:
    raise outcome_unknown()


@strawberry.type
class _Query:
    lost: int = strawberry.field(resolver=_lost)


@strawberry.type
class _Mutation:
    lost: int = strawberry.field(resolver=_lost)
    nothing_saved: int = strawberry.field(resolver=_nothing_saved)
    outcome_unknown: int = strawberry.field(resolver=_outcome_unknown)


_SCHEMA = strawberry.Schema(query=_Query, mutation=_Mutation, extensions=[ErrorCodes])


def _only_error(document: str) -> tuple[str, dict[str, Any] | None]:
    result = _SCHEMA.execute_sync(document)
    assert result.errors is not None
    assert len(result.errors) == 1
    return result.errors[0].message, result.errors[0].extensions


def test_a_query_that_lost_the_database_is_service_unavailable_and_retryable() -> None:
    message, extensions = _only_error("{ lost }")

    assert extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert "SELECT" not in message


def test_a_mutation_that_lost_the_database_midway_is_not_said_to_be_retryable() -> None:
    message, extensions = _only_error("mutation { lost }")

    assert extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": False}
    assert "may have been saved" in message


def test_a_change_that_saved_nothing_is_service_unavailable_and_retryable() -> None:
    message, extensions = _only_error("mutation { nothingSaved }")

    assert extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert message == nothing_saved().message


def test_a_change_whose_outcome_is_unknown_says_to_read_before_retrying() -> None:
    message, extensions = _only_error("mutation { outcomeUnknown }")

    assert extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": False}
    assert message == outcome_unknown().message
