"""Keyset cursors and page sizes shared by every connection.

A cursor is URL-safe base64 of its parts joined by `|`. Only what `encode_cursor` could have
made is read back: anything else (not base64, not UTF-8, a control character, a part of the
wrong kind) is a BadRequest, answered BAD_USER_INPUT before any query runs.
"""

from __future__ import annotations

import base64
import binascii
import unicodedata
from datetime import datetime
from uuid import UUID

from baxt.graphql.core.errors import BadRequest

MAX_CURSOR_LENGTH = 1024
"""Longer than any cursor the server makes: a directory name is at most a few hundred bytes."""
LARGEST_POSITION = 2**63 - 1
"""The largest sequence, version or entry ID a cursor may name: PostgreSQL's bigint."""


def encode_cursor(*parts: str) -> str:
    return base64.urlsafe_b64encode("|".join(parts).encode()).decode()


def decode_cursor(cursor: str, arity: int) -> list[str]:
    """The parts of a cursor made by `encode_cursor`, or BadRequest."""
    parts = cursor_parts(cursor)
    if len(parts) != arity:
        raise _not_ours(cursor)
    return parts


def cursor_parts(cursor: str) -> list[str]:
    """The parts of a cursor made by `encode_cursor`, however many, or BadRequest."""
    parts = _decoded(cursor).split("|")
    if any(_has_control(part) for part in parts):
        raise _not_ours(cursor)
    return parts


def not_a_cursor(cursor: str) -> BadRequest:
    """The refusal of a cursor this list did not make."""
    return _not_ours(cursor)


def cursor_position(cursor: str) -> int:
    """The sequence, version or ID a one-part cursor names, or BadRequest."""
    (text,) = decode_cursor(cursor, 1)
    return _position(text, cursor)


def cursor_time_and_id(cursor: str) -> tuple[datetime, UUID]:
    """The time and UUID of a `time|id` cursor, or BadRequest."""
    at, identifier = decode_cursor(cursor, 2)
    return _moment(at, cursor), _uuid(identifier, cursor)


def cursor_time_and_text(cursor: str) -> tuple[datetime, str]:
    """The time and text key of a `time|key` cursor, or BadRequest."""
    at, key = decode_cursor(cursor, 2)
    if not key:
        raise _not_ours(cursor)
    return _moment(at, cursor), key


def cursor_text_and_id(cursor: str) -> tuple[str, UUID]:
    """The text key and UUID of a `key|id` cursor, or BadRequest."""
    key, identifier = decode_cursor(cursor, 2)
    return key, _uuid(identifier, cursor)


def cursor_position_and_ids(cursor: str) -> tuple[int, UUID, UUID]:
    """The number and two UUIDs of a `number|id|id` cursor (a pair's), or BadRequest."""
    number, first, second = decode_cursor(cursor, 3)
    return _position(number, cursor), _uuid(first, cursor), _uuid(second, cursor)


def page_size(first: int | None, last: int | None, *, default: int, cap: int) -> tuple[int, bool]:
    """How many items to return, and whether they are counted from the end (`last`)."""
    if first is not None and last is not None:
        raise BadRequest("give either first or last, not both")
    size = first if first is not None else last if last is not None else default
    if size < 0 or size > cap:
        raise BadRequest(f"first and last must be between 0 and {cap}")
    return size, last is not None


def _decoded(cursor: str) -> str:
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise _not_ours(cursor)
    try:
        raw = base64.b64decode(cursor.encode(), altchars=b"-_", validate=True)
        text = raw.decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _not_ours(cursor) from None
    if encode_cursor(text) != cursor:
        raise _not_ours(cursor)
    return text


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) in ("Cc", "Cs") for char in text)


def _position(text: str, cursor: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_POSITION)):
        raise _not_ours(cursor)
    value = int(text)
    if value > LARGEST_POSITION:
        raise _not_ours(cursor)
    return value


def _moment(text: str, cursor: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _not_ours(cursor) from None
    if moment.tzinfo is None:
        raise _not_ours(cursor)
    return moment


def _uuid(text: str, cursor: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise _not_ours(cursor) from None


def _not_ours(cursor: str) -> BadRequest:
    return BadRequest(f"not a cursor of this list: {cursor[:60]!r}")
