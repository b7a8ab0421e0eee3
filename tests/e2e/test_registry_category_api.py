"""The Social Registry's category and the mahalla member's role over HTTP: said by a flag,
shown on the case and its history, and the case list filtered by the category."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import child_input, flag_child, household_input

LIST = """query($f: CaseFilter) {
  cases(filter: $f, first: 10) { totalCount edges { node { id registryCategory } } } }"""
SHOWN = "case { id registryCategory } userErrors { field message code }"


async def _flag(gql: GraphQLClient, region: str, **more: str) -> dict[str, object]:
    return await flag_child(
        gql,
        child=child_input(child()),
        household=household_input(household(region=region)),
        selection=SHOWN,
        **({"source": "SOCIAL_REGISTRY"} | more),
    )


async def test_the_case_list_filters_by_the_category_each_flag_gave(gql: GraphQLClient) -> None:
    region = f"Registry {datetime.now(UTC).timestamp()}"
    poor = await _flag(gql, region, registryCategory="POOR")
    await _flag(gql, region, registryCategory="STATE_SUPPORTED")
    await _flag(gql, region)

    page = await gql.execute(LIST, {"f": {"region": region, "registryCategory": "POOR"}})
    listed = page["cases"]

    assert poor["userErrors"] == []
    assert listed["totalCount"] == 1
    assert listed["edges"][0]["node"] == poor["case"]
    assert poor["case"] == {"id": poor["case"]["id"], "registryCategory": "POOR"}  # type: ignore[index]


async def test_a_mahalla_teams_flag_names_the_members_role_in_the_cases_history(
    gql: GraphQLClient,
) -> None:
    flagged = await _flag(gql, "Toshkent shahri", source="MAHALLA_TEAM", mahallaRole="YOUTH_LEADER")
    case_id = flagged["case"]["id"]  # type: ignore[index]

    history = await gql.history(case_id)

    assert history[0]["type"] == "Flagged"
    assert history[0]["data"]["mahallaRole"] == "YOUTH_LEADER"


async def test_a_role_on_a_flag_from_anyone_but_the_mahalla_team_is_refused_on_its_field(
    gql: GraphQLClient,
) -> None:
    refused = await _flag(gql, "Toshkent shahri", source="COMMUNITY_REPORT", mahallaRole="CHAIR")

    assert refused["case"] is None
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [  # type: ignore[attr-defined]
        (["input", "mahallaRole"], "INVALID_INPUT")
    ]
