from __future__ import annotations

import base64

import pytest

from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.pagination import decode_cursor, encode_cursor, page_size


def test_a_cursor_gives_back_the_parts_it_was_made_from() -> None:
    cursor = encode_cursor("2026-05-10T09:00:00+00:00", "0cdfdb6a-7c77-5ef1-b5e2-444ae6585a4c")

    assert decode_cursor(cursor, 2) == [
        "2026-05-10T09:00:00+00:00",
        "0cdfdb6a-7c77-5ef1-b5e2-444ae6585a4c",
    ]


def test_a_cursor_is_safe_to_put_in_a_url() -> None:
    cursor = encode_cursor("\xff\xfe>>>???")

    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def test_a_cursor_of_another_list_is_refused() -> None:
    with pytest.raises(BadRequest, match="not a cursor") as refused:
        decode_cursor(encode_cursor("7"), 2)

    assert refused.value.code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "cursor",
    ["abc", base64.urlsafe_b64encode(b"\xff\xfe").decode()],
    ids=["bad-padding", "not-utf8"],
)
def test_a_cursor_that_is_not_ours_is_refused(cursor: str) -> None:
    with pytest.raises(BadRequest):
        decode_cursor(cursor, 1)


def test_without_first_or_last_the_default_page_is_counted_from_the_start() -> None:
    assert page_size(None, None, default=20, cap=100) == (20, False)


def test_first_counts_from_the_start() -> None:
    assert page_size(5, None, default=20, cap=100) == (5, False)


def test_last_counts_from_the_end() -> None:
    assert page_size(None, 5, default=20, cap=100) == (5, True)


@pytest.mark.parametrize("size", [0, 100])
def test_a_page_size_at_the_bounds_is_accepted(size: int) -> None:
    assert page_size(size, None, default=20, cap=100) == (size, False)


@pytest.mark.parametrize(("first", "last"), [(-1, None), (101, None), (None, -1), (None, 101)])
def test_a_page_size_out_of_bounds_is_refused(first: int | None, last: int | None) -> None:
    with pytest.raises(BadRequest, match="between 0 and 100"):
        page_size(first, last, default=20, cap=100)


def test_first_and_last_together_are_refused() -> None:
    with pytest.raises(BadRequest, match="either first or last"):
        page_size(1, 1, default=20, cap=100)
