"""`userErrors` over HTTP speak the request's `Accept-Language`: the same refused input reads
in Russian, Uzbek Cyrillic, Kazakh or English, and its `field` and `code` never change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, household_input, mutation

REFUSED = mutation("flagChild", "case { id } userErrors { field message code }")
ENGLISH = "; cases are for children under 18"


async def _refused_flag(gql: GraphQLClient, accept_language: str | None) -> dict[str, Any]:
    adult = child(years=18)
    given = {
        "child": child_input(adult),
        "household": household_input(household()),
        "source": "MAHALLA_TEAM",
    }
    headers = {"Authorization": f"Bearer {gql.token}"}
    if accept_language is not None:
        headers["Accept-Language"] = accept_language
    response = await gql.http.post(
        "/graphql", json={"query": REFUSED, "variables": {"input": given}}, headers=headers
    )
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["flagChild"]
    assert payload["case"] is None
    (error,) = payload["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_UNDER_18", ["input", "child", "birthDate"])
    found: dict[str, Any] = error
    return found


@pytest.mark.parametrize(
    ("accept_language", "message"),
    [
        ("ru", "На дату отметки ребёнку уже исполнилось 18 лет."),  # noqa: RUF001
        ("uz-Cyrl", "Бола белгиланган санада 18 ёшга тўлган."),
        ("kk;q=0.9, en;q=0.1", "Белгіленген күні баланың жасы 18-ге толған."),  # noqa: RUF001
        ("uz", "Bola belgilangan sanada 18 yoshga to'lgan."),
    ],
)
async def test_a_refusal_reads_in_the_language_asked_for(
    gql: GraphQLClient, accept_language: str, message: str
) -> None:
    error = await _refused_flag(gql, accept_language)

    assert error["message"] == message


@pytest.mark.parametrize("accept_language", [None, "en-GB", ";;q=oops,,x-klingon", "fr, de;q=0.5"])
async def test_without_a_language_baxt_speaks_a_refusal_keeps_its_english_message(
    gql: GraphQLClient, accept_language: str | None
) -> None:
    error = await _refused_flag(gql, accept_language)

    assert ENGLISH in error["message"]
