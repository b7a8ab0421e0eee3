"""A frontend reads the enums' names over HTTP, in the language it asks for."""

from __future__ import annotations

from typing import Any

import httpx

from baxt.application.access.principal import Role
from baxt.domain import labels
from tests.serving import RunningServer

LABELS = "query($language: Language, $enum: String) {"
LABELS += " labels(language: $language, enum: $enum) { enum value label } }"


async def _labels(
    http: httpx.AsyncClient, token: str, variables: dict[str, Any], **headers: str
) -> Any:
    answer = await http.post(
        "/graphql",
        json={"query": LABELS, "variables": variables},
        headers={"Authorization": f"Bearer {token}", **headers},
    )
    return answer.json()


def _by_value(body: Any) -> dict[str, str]:
    assert "errors" not in body, body
    return {row["value"]: row["label"] for row in body["data"]["labels"]}


async def test_a_frontend_reads_the_case_statuses_in_two_languages(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    token = server.token()
    russian = _by_value(await _labels(http, token, {"language": "RU", "enum": "CaseStatus"}))
    cyrillic = _by_value(await _labels(http, token, {"language": "UZ_CYRL", "enum": "CaseStatus"}))

    assert list(russian) == ["FLAGGED", "CONTACTED", "VISITED", "CONSULTED", "REFERRED", "CLOSED"]
    assert russian["CLOSED"] == "Закрыто"
    assert cyrillic["CLOSED"] == "Ёпилган"
    assert cyrillic["REFERRED"] == "Йўлланма берилган"


async def test_without_a_language_the_accept_language_header_chooses(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    token = server.token("admin", Role.ADMIN)
    asked = {"enum": "Sex"}

    kazakh = _by_value(await _labels(http, token, asked, **{"Accept-Language": "kk-KZ, ru;q=0.8"}))
    unknown = _by_value(await _labels(http, token, asked, **{"Accept-Language": "de"}))
    argument_wins = _by_value(
        await _labels(http, token, asked | {"language": "EN"}, **{"Accept-Language": "ru"})
    )

    assert kazakh == {"MALE": "Ер", "FEMALE": "Әйел"}  # noqa: RUF001
    assert unknown == {"MALE": "Erkak", "FEMALE": "Ayol"}
    assert argument_wins == {"MALE": "Male", "FEMALE": "Female"}


async def test_without_an_enum_every_label_comes_in_one_answer(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    body = await _labels(http, server.token("partner", Role.PARTNER), {"language": "KK"})

    assert "errors" not in body, body
    rows = body["data"]["labels"]
    assert len(rows) == sum(len(table) for table in labels.LABELS.values())
    assert {row["enum"] for row in rows} == set(labels.LABELS)


async def test_an_enum_without_labels_is_bad_input(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    body = await _labels(http, server.token(), {"language": "EN", "enum": "Colour"})

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
