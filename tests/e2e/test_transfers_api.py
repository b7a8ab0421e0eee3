"""A family followed to another district, over HTTP: district A's caseworker asks, district
B's supervisor accepts or declines; until acceptance the case stays in A's reach, after it
in B's and out of A's."""

from __future__ import annotations

import httpx

from baxt.application.access.principal import Role
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.operations import (
    accept_transfer,
    child_input,
    decline_transfer,
    flag_child,
    household_input,
    request_transfer,
)
from tests.serving import RunningServer

CASEWORKER = "aziza.caseworker"
RECEIVING = "rustam.supervisor"
TARGET = {"region": "Toshkent shahri", "district": "Mirobod", "mahalla": "Oybek"}
PLACE = "query($id: ID!) { case(id: $id) { household { district mahalla } } }"
PENDING = "query($id: ID!) { case(id: $id) { pendingTransfer { district mahalla requestedBy } } }"
INCOMING = "{ incomingTransfers(first: 100) { edges { node { id household { district } } } } }"


async def _flagged(gql: GraphQLClient, name: str) -> str:
    flagged = await flag_child(
        gql,
        child=child_input(child(name=name)),
        household=household_input(household()),
        source="MAHALLA_TEAM",
    )
    assert flagged["userErrors"] == [], flagged
    case_id: str = flagged["case"]["id"]
    return case_id


def _receiving(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    token = server.token(RECEIVING, Role.SUPERVISOR, {"districts": ["Mirobod"]})
    return GraphQLClient(http, token)


def _sending(http: httpx.AsyncClient, server: RunningServer) -> GraphQLClient:
    return GraphQLClient(http, server.token("sardor.supervisor", Role.SUPERVISOR))


async def _incoming(client: GraphQLClient) -> list[tuple[str, str]]:
    edges = (await client.execute(INCOMING))["incomingTransfers"]["edges"]
    return [(edge["node"]["id"], edge["node"]["household"]["district"]) for edge in edges]


async def _place(client: GraphQLClient, case_id: str) -> object:
    return (await client.execute(PLACE, {"id": case_id}))["case"]


async def test_a_transfer_accepted_by_the_receiving_district_moves_the_case_into_its_reach(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Nodira Sobirova")
    receiving = _receiving(http, server)

    asked = await request_transfer(gql, case_id, **TARGET)
    unseen_before = await _place(receiving, case_id)
    pending = (await gql.execute(PENDING, {"id": case_id}))["case"]["pendingTransfer"]
    incoming = await _incoming(receiving)
    not_incoming_to_sender = await _incoming(_sending(http, server))
    accepted = await accept_transfer(receiving, case_id)

    assert asked["userErrors"] == []
    assert asked["case"]["household"]["district"] == "Chilonzor"
    assert unseen_before is None
    assert pending == {"district": "Mirobod", "mahalla": "Oybek", "requestedBy": CASEWORKER}
    assert (case_id, "Chilonzor") in incoming
    assert case_id not in [found for found, _ in not_incoming_to_sender]
    assert accepted["userErrors"] == []
    assert accepted["case"]["household"]["district"] == "Mirobod"
    assert await _place(receiving, case_id) == {
        "household": {"district": "Mirobod", "mahalla": "Oybek"}
    }
    assert await _place(gql, case_id) is None
    assert case_id not in [found for found, _ in await _incoming(receiving)]
    assert (await receiving.execute(PENDING, {"id": case_id}))["case"]["pendingTransfer"] is None
    history = [(e["type"], e["actor"]) for e in await receiving.history(case_id)]
    assert history[-2:] == [("TransferRequested", CASEWORKER), ("TransferAccepted", RECEIVING)]


async def test_the_sending_supervisor_cannot_decide_and_a_decline_keeps_the_case(
    http: httpx.AsyncClient, server: RunningServer, gql: GraphQLClient
) -> None:
    case_id = await _flagged(gql, "Jasur Olimov")
    sending = _sending(http, server)
    await request_transfer(gql, case_id, **TARGET)

    by_sender = await accept_transfer(sending, case_id)
    declined = await decline_transfer(_receiving(http, server), case_id, reason="Not here")

    assert [e["code"] for e in by_sender["userErrors"]] == ["NOT_FOUND"]
    assert declined["userErrors"] == []
    assert declined["case"] is None
    assert await _place(gql, case_id) == {
        "household": {"district": "Chilonzor", "mahalla": "Bunyodkor"}
    }


async def test_a_move_inside_the_district_is_refused_as_a_correction(
    gql: GraphQLClient,
) -> None:
    case_id = await _flagged(gql, "Laylo Qodirova")

    refused = await request_transfer(
        gql, case_id, region="Toshkent shahri", district="Chilonzor", mahalla="Oybek"
    )

    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID_INPUT", ["input", "district"])
    ]
