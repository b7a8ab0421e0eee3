"""A cursor is read back only when the server could have issued it; anything else is
BAD_USER_INPUT before any query runs, never an unexpected error."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from uuid import UUID

import pytest

from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.pagination import (
    LARGEST_POSITION,
    MAX_CURSOR_LENGTH,
    cursor_position,
    cursor_position_and_ids,
    cursor_text_and_id,
    cursor_time_and_id,
    cursor_time_and_text,
    encode_cursor,
)

AT = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
ID = UUID("0cdfdb6a-7c77-5ef1-b5e2-444ae6585a4c")


def _raw(text: bytes) -> str:
    return base64.urlsafe_b64encode(text).decode()


def test_each_kind_of_cursor_gives_back_what_it_was_made_from() -> None:
    assert cursor_position(encode_cursor("42")) == 42
    assert cursor_time_and_id(encode_cursor(AT.isoformat(), str(ID))) == (AT, ID)
    assert cursor_time_and_text(encode_cursor(AT.isoformat(), "ref-1")) == (AT, "ref-1")
    assert cursor_text_and_id(encode_cursor("Oila markazi", str(ID))) == ("Oila markazi", ID)
    assert cursor_position_and_ids(encode_cursor("90", str(ID), str(ID))) == (90, ID, ID)


@pytest.mark.parametrize(
    "parts", [("90", str(ID)), ("-1", str(ID), str(ID)), ("90", "pair", str(ID))]
)
def test_a_pair_cursor_needs_a_score_and_two_case_ids(parts: tuple[str, ...]) -> None:
    with pytest.raises(BadRequest):
        cursor_position_and_ids(encode_cursor(*parts))


@pytest.mark.parametrize(
    "cursor",
    [
        _raw("²".encode()),
        _raw("٣".encode()),
        _raw(b"9" * 30),
        _raw(str(LARGEST_POSITION + 1).encode()),
        _raw(b"-1"),
        _raw(b"+1"),
        _raw(b" 1"),
        _raw(b""),
        "9" * 5000,
        _raw(b"1").rstrip("="),
        _raw(b"1") + "\x00",
        "\ud800",
        "not a cursor!",
    ],
    ids=[
        "superscript-digit",
        "arabic-indic-digit",
        "past-bigint",
        "one-past-the-largest",
        "negative",
        "signed",
        "spaced",
        "empty",
        "five-thousand-digits",
        "unpadded",
        "trailing-nul",
        "lone-surrogate",
        "not-base64",
    ],
)
def test_a_position_cursor_not_issued_by_the_server_is_refused(cursor: str) -> None:
    with pytest.raises(BadRequest) as refused:
        cursor_position(cursor)

    assert refused.value.code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "parts",
    [
        (b"2026-05-10T09:00:00", str(ID).encode()),
        (b"yesterday", str(ID).encode()),
        (AT.isoformat().encode(), b"not-a-uuid"),
        (AT.isoformat().encode(), b"\x00"),
        (AT.isoformat().encode() + b"\x07", str(ID).encode()),
    ],
    ids=["naive-time", "not-a-time", "not-a-uuid", "nul", "bell"],
)
def test_a_time_and_id_cursor_with_a_wrong_part_is_refused(parts: tuple[bytes, bytes]) -> None:
    with pytest.raises(BadRequest):
        cursor_time_and_id(_raw(b"|".join(parts)))


def test_a_cursor_longer_than_any_the_server_makes_is_refused_unread() -> None:
    with pytest.raises(BadRequest):
        cursor_text_and_id(encode_cursor("x" * MAX_CURSOR_LENGTH, str(ID)))


def test_the_refusal_quotes_only_the_start_of_a_long_cursor() -> None:
    with pytest.raises(BadRequest) as refused:
        cursor_position("9" * 5000)

    assert len(str(refused.value)) < 120
