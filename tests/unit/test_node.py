from __future__ import annotations

import base64

import pytest

from baxt.graphql.core.node import global_id, parse_global_id


def test_a_global_id_gives_back_its_type_and_local_id() -> None:
    local_id = "0cdfdb6a-7c77-5ef1-b5e2-444ae6585a4c"

    assert parse_global_id(global_id("Case", local_id)) == ("Case", local_id)


def test_a_local_id_may_itself_contain_a_colon() -> None:
    assert parse_global_id(global_id("Referral", "case:3")) == ("Referral", "case:3")


@pytest.mark.parametrize(
    "value",
    [
        "not base64!",
        "abc",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        base64.urlsafe_b64encode(b"Case").decode(),
        base64.urlsafe_b64encode(b":123").decode(),
        base64.urlsafe_b64encode(b"Case:").decode(),
        "é",
    ],
    ids=["junk", "bad-padding", "not-utf8", "no-colon", "no-type", "no-local-id", "not-ascii"],
)
def test_a_value_that_is_not_one_of_our_ids_is_none(value: str) -> None:
    assert parse_global_id(value) is None
