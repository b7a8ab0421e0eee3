"""Every read of a case lands in the access log before it is served; auditors read it and
change nothing. These run on a database of their own, so the log holds only their reads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import psycopg
import pytest

from baxt.application.access.principal import Role
from baxt.application.directory import seed_directory
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.case_reads import CASEWORKER, READS, SHOWN, SHOWN_FIELDS, change
from tests.e2e.client import GraphQLClient
from tests.e2e.live import next_message, subscriber
from tests.e2e.schema_walk import (
    SCALAR_SAMPLES,
    case_operations,
    minimal_mutation,
    mutation_names,
)
from tests.factories import child
from tests.operations import child_input, mutation
from tests.serving import RunningServer, running_api

AUDITOR = ("aud.log", Role.AUDITOR)
GUARDIAN_PHONE = "+998907654321"

RECORDED_ELSEWHERE = {
    "caseChanges": "replayed history is recorded by its resolver in baxt/graphql/audit/history.py",
}


FLAG = mutation("flagChild", f"case {{ {SHOWN} }} userErrors {{ code message }}")
LOG = """query($id: ID!, $first: Int, $after: String) { caseAccessLog(id: $id, first: $first,
  after: $after) { pageInfo { hasNextPage endCursor } edges { node {
  at actor role operation fields } } } }"""
STAFF = mutation("saveStaffMember", "userErrors { code }")


@pytest.fixture(scope="module")
def own_server(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("log"), read_your_writes_timeout=10
        )
        with running_api(settings) as server:
            seed_directory(url)
            yield server


@pytest.fixture
async def http(own_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with own_server.http() as client:
        yield client


@pytest.fixture
def client(http: httpx.AsyncClient, own_server: RunningServer) -> Callable[..., GraphQLClient]:
    def as_(who: tuple[str, Role]) -> GraphQLClient:
        return GraphQLClient(http, own_server.token(*who))

    return as_


@pytest.fixture(scope="module", autouse=True)
def caseworker_on_the_roster(own_server: RunningServer) -> None:
    member = {
        "userId": CASEWORKER[0],
        "fullName": "Log Caseworker",
        "role": "CASEWORKER",
        "region": "Toshkent shahri",
        "district": "Chilonzor",
    }
    token = own_server.token("admin.log", Role.ADMIN)
    answer = httpx.post(
        f"{own_server.url}/graphql",
        json={"query": STAFF, "variables": {"input": member}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert answer["data"]["saveStaffMember"]["userErrors"] == [], answer


async def _flag(gql: GraphQLClient, name: str = "Madina Karimova") -> tuple[str, dict[str, Any]]:
    kid = child(name=name)
    given = {
        "child": child_input(kid),
        "household": {
            "guardianName": "Karimova Dilnoza",
            "guardianPhone": GUARDIAN_PHONE,
            "region": "Toshkent shahri",
            "district": "Chilonzor",
            "mahalla": "Bunyodkor",
        },
        "source": "MAHALLA_TEAM",
    }
    payload = (await gql.execute(FLAG, {"input": given}))["flagChild"]
    assert payload["userErrors"] == []
    return payload["case"]["id"], given


async def _log(auditor: GraphQLClient, case_id: str, **page: Any) -> dict[str, Any]:
    answer: dict[str, Any] = (await auditor.execute(LOG, {"id": case_id, **page}))["caseAccessLog"]
    return answer


async def _read(client: Callable[..., GraphQLClient], operation: str, case_id: str) -> Any:
    read = READS[operation]
    for step in map(change, read.before):
        await client(step.reader).execute(step.query, step.variables(case_id))
    if read.then is None:
        reader = client(read.reader)
        prepared = read.prepared
        variables = await prepared(reader, case_id) if prepared else read.variables(case_id)
        return await reader.execute(read.query, variables)
    reader, then = client(read.reader), change(read.then)
    async with subscriber(str(reader.http.base_url).rstrip("/"), reader.token) as socket:
        sent = await socket.follow(read.query, read.variables(case_id))
        await client(then.reader).execute(then.query, then.variables(case_id))
        return await next_message(sent)


async def _newest_of(auditor: GraphQLClient, case_id: str, operation: str) -> dict[str, Any]:
    """The newest row of the case's log; for a subscription, the newest of its own, since the
    change that made it send may be logged a moment after it (the payload the change answers
    with is a read too)."""
    edges = (await _log(auditor, case_id, first=2 if operation.startswith("subscription:") else 1))[
        "edges"
    ]
    nodes = [edge["node"] for edge in edges]
    mine = [node for node in nodes if node["operation"] == operation]
    newest: dict[str, Any] = mine[0] if mine else nodes[0]
    return newest


def test_the_walk_finds_the_known_ways_to_a_case() -> None:
    assert {"case", "cases", "node", "myQueue", "mutation:flagChild"} <= case_operations()


@pytest.mark.parametrize("operation", sorted(case_operations() - RECORDED_ELSEWHERE.keys()))
async def test_every_way_to_a_case_is_in_its_access_log_with_who_and_which_fields(
    client: Callable[..., GraphQLClient], operation: str
) -> None:
    assert operation in READS, f"{operation} returns cases: record its reads, then add it here"
    case_id, _ = await _flag(client(CASEWORKER))
    if operation != "mutation:flagChild":
        answer = await _read(client, operation, case_id)
        assert case_id in str(answer), answer

    newest = await _newest_of(client(AUDITOR), case_id, operation)

    user, role = READS[operation].reader
    assert (newest["actor"], newest["role"]) == (user, role.value)
    assert (newest["operation"], newest["fields"]) == (operation, SHOWN_FIELDS)


async def test_the_log_pages_newest_first_by_its_cursor(
    client: Callable[..., GraphQLClient],
) -> None:
    case_id, _ = await _flag(client(CASEWORKER))
    for operation in ("case", "node"):
        await _read(client, operation, case_id)
    auditor = client(AUDITOR)

    first = await _log(auditor, case_id, first=2)
    rest = await _log(auditor, case_id, first=2, after=first["pageInfo"]["endCursor"])

    operations = [e["node"]["operation"] for e in first["edges"] + rest["edges"]]
    assert operations == ["node", "case", "mutation:flagChild"]
    assert (first["pageInfo"]["hasNextPage"], rest["pageInfo"]["hasNextPage"]) == (True, False)
    at = [e["node"]["at"] for e in first["edges"] + rest["edges"]]
    assert at == sorted(at, reverse=True)


async def test_a_page_of_the_log_is_capped(
    client: Callable[..., GraphQLClient], own_server: RunningServer
) -> None:
    case_id, _ = await _flag(client(CASEWORKER))
    too_many = Settings(database_url=own_server.database_url).max_page_size + 1

    answer = (await client(AUDITOR).post(LOG, {"id": case_id, "first": too_many})).json()

    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_log_holds_nothing_that_names_the_child(
    client: Callable[..., GraphQLClient], own_server: RunningServer
) -> None:
    case_id, given = await _flag(client(CASEWORKER), name="Zulfiya Abdurahmonova")
    everything = f"""query($id: ID!) {{ case(id: $id) {{ {SHOWN} child {{ personalId birthDate }}
      household {{ guardianName guardianPhone mahalla }} }} }}"""
    shown = await client(CASEWORKER).execute(everything, {"id": case_id})
    assert shown["case"]["household"]["guardianPhone"] == GUARDIAN_PHONE
    identifying = [
        given["child"]["fullName"],
        "Abdurahmonova",
        given["child"]["personalId"],
        given["household"]["guardianName"],
        GUARDIAN_PHONE,
        GUARDIAN_PHONE.lstrip("+"),
    ]

    async with await psycopg.AsyncConnection.connect(own_server.database_url) as conn:
        rows = await (await conn.execute("SELECT a::text FROM case_access AS a")).fetchall()

    assert len(rows) >= 2
    assert any("household.guardianPhone" in row for (row,) in rows)
    leaks = [(secret, row) for (row,) in rows for secret in identifying if secret in row]
    assert leaks == []


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_access SET actor = 'someone.else'",
        "DELETE FROM case_access",
        "TRUNCATE case_access",
    ],
)
async def test_the_database_refuses_to_change_the_log(
    client: Callable[..., GraphQLClient], own_server: RunningServer, statement: str
) -> None:
    case_id, _ = await _flag(client(CASEWORKER))
    before = (await _log(client(AUDITOR), case_id))["edges"]

    async with await psycopg.AsyncConnection.connect(own_server.database_url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            await conn.execute(statement)

    assert before
    assert (await _log(client(AUDITOR), case_id))["edges"] == before


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.AUDITOR], ids=lambda r: r.value)
async def test_only_auditors_read_the_log(client: Callable[..., GraphQLClient], role: Role) -> None:
    case_id, _ = await _flag(client(CASEWORKER))

    answer = (await client(("someone", role)).post(LOG, {"id": case_id})).json()

    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_mutations_are_all_walked() -> None:
    expected = {"flagChild", "assignCase", "saveStaffMember", "markNotificationsRead"}
    assert expected <= set(mutation_names())


@pytest.mark.parametrize("name", mutation_names())
async def test_auditors_and_analysts_can_change_nothing(
    http: httpx.AsyncClient, own_server: RunningServer, name: str
) -> None:
    query, variables = minimal_mutation(name)
    sample = [SCALAR_SAMPLES["String"]]  # the place the minimal inputs name
    everywhere: dict[str, object] = {"regions": sample, "districts": sample, "mahallas": sample}

    async def answer(role: Role) -> Any:
        token = own_server.token(f"someone.{role.value.lower()}", role, scope=everywhere)
        return (await GraphQLClient(http, token).post(query, variables)).json()

    answers = {role: await answer(role) for role in Role}

    for role in (Role.AUDITOR, Role.ANALYST):
        assert answers[role]["data"] is None, answers[role]
        assert [e["extensions"]["code"] for e in answers[role]["errors"]] == ["FORBIDDEN"]
    served = [role for role, answer in answers.items() if "errors" not in answer]
    assert served, f"no role got past the checks with {variables}: {answers}"


REFUSE_READS = """
CREATE FUNCTION test_refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the access log is out of order'; END $$;
CREATE TRIGGER test_refuse_reads BEFORE INSERT ON case_access
    FOR EACH STATEMENT EXECUTE FUNCTION test_refuse_reads();
"""


@pytest.mark.parametrize("operation", ["case", "cases", "node"])
async def test_a_read_that_cannot_be_logged_is_not_served(
    client: Callable[..., GraphQLClient], own_server: RunningServer, operation: str
) -> None:
    case_id, given = await _flag(client(CASEWORKER), name="Nodira Ergasheva")
    read = READS[operation]

    async with await psycopg.AsyncConnection.connect(own_server.database_url) as conn:
        await conn.execute(REFUSE_READS)
        await conn.commit()
        try:
            answer = await client(CASEWORKER).post(read.query, read.variables(case_id))
        finally:
            await conn.execute("DROP FUNCTION test_refuse_reads() CASCADE")
            await conn.commit()

    body = answer.json()
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert given["child"]["fullName"] not in answer.text
    assert case_id not in answer.text
