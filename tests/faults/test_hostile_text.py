"""A NUL, a lone surrogate and a control byte in every text field of every mutation and every
string argument of every query, over real HTTP: each is refused with a stable code (never
INTERNAL_SERVER_ERROR, never a 5xx), nothing is stored, and the system stays ready and keeps
projecting.

The fields are found by walking the schema (see `hostile_inputs`), so a new field is covered
as soon as it exists; a new mutation needs only a valid input to start from (`hostile_world`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.database import scratch_database
from tests.faults.hostile_inputs import (
    Request,
    Target,
    mutation_request,
    mutation_targets,
    query_request,
    query_targets,
)
from tests.faults.hostile_world import (
    ADMIN,
    CW,
    WAIT_SECONDS,
    World,
    baselines,
    case_in,
    make_world,
)
from tests.serving import running_api

REFUSALS = {"INVALID_INPUT", "INVALID_PINFL", "INVALID_URL", "NOT_FOUND", "BAD_USER_INPUT"}
LEAKS = ("Traceback", "psycopg", "SELECT ", "INSERT ")
Baselines = dict[str, tuple[Role, dict[str, Any]]]


@pytest.fixture(scope="module")
def world(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with scratch_database(admin_url) as url:
        settings = Settings(database_url=url, data_dir=tmp_path_factory.mktemp("hostile"))
        with running_api(settings) as server, httpx.Client(base_url=server.url, timeout=30) as http:
            yield make_world(server, http)


@pytest.fixture(scope="module")
def valid_inputs(world: World) -> Baselines:
    return baselines(world)


def _refusals(target: Target, response: httpx.Response) -> list[tuple[str | None, Any]]:
    """The codes (and fields) the answer refused with; fails on a 5xx or a leak."""
    assert response.status_code < 500, (str(target), response.status_code, response.text)
    assert not any(leak in response.text for leak in LEAKS), (str(target), response.text)
    body = response.json()
    payload = (body.get("data") or {}).get(target.operation) or {}
    found = [(e.get("extensions", {}).get("code"), None) for e in body.get("errors") or []]
    found += [(u["code"], u["field"]) for u in payload.get("userErrors") or []]
    found += [("REJECTED_ROW", None) for _ in payload.get("rejected") or []]
    return found


def _refusals_allowed(target: Target) -> set[str]:
    allowed = REFUSALS | {"REJECTED_ROW"}
    if target.path[:2] == ("input", "household") and target.operation == "flagChild":
        # A caseworker flags only in their own places, and a place holding a hostile
        # character is none of theirs; reportConcern puts the same fields to the domain.
        allowed.add("FORBIDDEN")
    return allowed


@pytest.mark.parametrize("target", list(mutation_targets()), ids=str)
def test_every_text_field_of_every_mutation_refuses_a_hostile_character(
    world: World, valid_inputs: Baselines, target: Target
) -> None:
    assert target.operation in valid_inputs, f"give {target.operation} a valid input"
    role, baseline = valid_inputs[target.operation]

    refusals = _refusals(target, world.post(role, mutation_request(target, baseline).body()))

    assert refusals, f"{target} was accepted"
    for code, field in refusals:
        assert code in _refusals_allowed(target), (str(target), refusals)
        assert field is None or field == target.field_path[: len(field)], (str(target), refusals)


@pytest.mark.parametrize("target", list(query_targets()), ids=str)
def test_every_string_argument_of_every_query_is_refused_as_bad_user_input(
    world: World, target: Target
) -> None:
    response = world.post(ADMIN, query_request(target).body())

    assert _refusals(target, response) == [("BAD_USER_INPUT", None)]
    assert response.json()["data"] is None


def test_after_every_hostile_request_the_system_is_ready_and_still_projects(world: World) -> None:
    case_id = case_in(world, "FLAGGED")
    listed = Request("{ cases(first: 100) { edges { node { id } } } }", {})
    deadline = time.monotonic() + WAIT_SECONDS
    seen: list[str] = []
    while case_id not in seen and time.monotonic() < deadline:
        edges = world.post(CW, listed.body()).json()["data"]["cases"]["edges"]
        seen = [edge["node"]["id"] for edge in edges]
        time.sleep(0.2)

    assert case_id in seen, "the case_summary projection stopped"
    assert world.http.get("/readyz").status_code == 200
