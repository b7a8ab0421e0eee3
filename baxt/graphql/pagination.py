from __future__ import annotations

import base64
import binascii

from baxt.graphql.errors import BadRequest


def encode_cursor(*parts: str) -> str:
    return base64.urlsafe_b64encode("|".join(parts).encode()).decode()


def decode_cursor(cursor: str, arity: int) -> list[str]:
    """The parts of a cursor made by `encode_cursor`, or BadRequest."""
    try:
        parts = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadRequest(f"not a cursor of this list: {cursor!r}") from None
    if len(parts) != arity:
        raise BadRequest(f"not a cursor of this list: {cursor!r}")
    return parts


def page_size(first: int | None, last: int | None, *, default: int, cap: int) -> tuple[int, bool]:
    """How many items to return, and whether they are counted from the end (`last`)."""
    if first is not None and last is not None:
        raise BadRequest("give either first or last, not both")
    size = first if first is not None else last if last is not None else default
    if size < 0 or size > cap:
        raise BadRequest(f"first and last must be between 0 and {cap}")
    return size, last is not None
