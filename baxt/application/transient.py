"""Transient database failures: which errors they are, retrying the reads that are safe to
retry, and the error a client is given when the database cannot be reached for now."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio.to_thread
import psycopg
from eventsourcing import persistence

_log = logging.getLogger(__name__)

T = TypeVar("T")

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    psycopg.OperationalError,  # a restart, a dropped or stale connection, a pool timeout
    psycopg.InterfaceError,
    persistence.OperationalError,  # the same, as the event store's library raises them
    persistence.InterfaceError,
)
"""Errors that say the database could not be reached or answer for now, not that a request
was wrong: a server restart, a stale pooled connection, a pool timeout. An IntegrityError (a
conflict) is not one of them."""

READ_ATTEMPTS = 3
_FIRST_PAUSE = 0.05


class ServiceUnavailable(Exception):
    """Raised when the database cannot be reached for now.

    `retryable` says what the client may do: send the same request again (nothing was saved),
    or first read what it meant to change (a change may have been saved; its outcome is unknown).
    """

    code = "SERVICE_UNAVAILABLE"

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


def is_transient(error: BaseException) -> bool:
    """Whether `error` is a transient database failure (see TRANSIENT_ERRORS)."""
    return isinstance(error, TRANSIENT_ERRORS)


def unavailable() -> ServiceUnavailable:
    """The error for a read, or a change not begun, that the database could not serve."""
    return ServiceUnavailable("the database is briefly unavailable; try again", retryable=True)


def nothing_saved() -> ServiceUnavailable:
    """The error for a change that failed on the database before anything was saved."""
    return ServiceUnavailable(
        "the database is briefly unavailable and nothing was saved; try again", retryable=True
    )


def outcome_unknown() -> ServiceUnavailable:
    """The error for a change whose commit may or may not have happened."""
    return ServiceUnavailable(
        "the database became unavailable while saving; the change may have been saved,"
        " so read the case before trying again",
        retryable=False,
    )


async def retrying(read: Callable[[], Awaitable[T]], *, what: str) -> T:
    """`read()`, tried again after a transient failure (the pool hands out another connection
    each time); ServiceUnavailable (retryable) once READ_ATTEMPTS have failed. Only for reads:
    a write retried blindly could be saved twice."""
    pause, attempt = _FIRST_PAUSE, 1
    while True:
        try:
            return await read()
        except TRANSIENT_ERRORS as error:
            _log.warning(
                "transient database failure in %s (attempt %d of %d): %s",
                what,
                attempt,
                READ_ATTEMPTS,
                type(error).__name__,
            )
            if attempt >= READ_ATTEMPTS:
                raise unavailable() from None
        await asyncio.sleep(pause)
        pause, attempt = pause * 4, attempt + 1


async def command_in_thread(command: Callable[[], T]) -> T:
    """Runs a command of the synchronous event store in a worker thread.

    The command's save classifies its own failures (see `CaseApplication`); a transient one
    that escapes it came before any save, so the client may simply try again.
    """
    try:
        return await anyio.to_thread.run_sync(command)
    except TRANSIENT_ERRORS as error:
        _log.warning("a command failed on the database before saving: %s", type(error).__name__)
        raise nothing_saved() from None
