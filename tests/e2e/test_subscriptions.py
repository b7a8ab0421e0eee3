"""GraphQL subscriptions over graphql-transport-ws, against the whole system on real HTTP and
WebSocket: a change committed through one request reaches its subscribers, through their
reach and masks, from whichever API process they are connected to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from baxt.application.directory.seed_data import SOCIAL_CENTRE_ID
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.e2e.live import CASE_CHANGED, called, flagged, next_message, subscriber
from tests.e2e.partner_flow import partner_call, referred
from tests.e2e.unprojected_server import serving_unprojected
from tests.factories import hours_ago
from tests.operations import CASE_FIELDS
from tests.serving import RunningServer, running_api

ROSTER = Path(__file__).parent.parent / "integration" / "roster.csv"
CASE_QUERY = "query($id: ID!) { case(id: $id) { ...CaseFields } }" + CASE_FIELDS
IMPORT = "mutation($csv: String!) { importRoster(input: {csv: $csv}) { rejected { line } } }"


@pytest.fixture(scope="module")
def live(admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url, data_dir=tmp_path_factory.mktemp("live"), read_your_writes_timeout=10
        )
        with running_api(settings) as server:
            seed_directory(url)
            yield server


@pytest.fixture(scope="module")
def second_api(live: RunningServer) -> Iterator[RunningServer]:
    """Another API, with its own pool and its own listening connection, on the same
    database; it projects nothing itself."""
    with serving_unprojected(live.settings) as other:
        yield other.server


@pytest.fixture
async def http(live: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with live.http() as client:
        yield client


def client(
    http: httpx.AsyncClient, server: RunningServer, user: str, role: Role, **scope: object
) -> GraphQLClient:
    return GraphQLClient(http, server.token(user, role, scope or None))


def data(message: Any) -> dict[str, Any]:
    assert not isinstance(message, Exception), message
    found: dict[str, Any] = message
    return found


async def test_a_call_recorded_over_http_reaches_the_caseworker_subscribed_to_the_case(
    http: httpx.AsyncClient, live: RunningServer
) -> None:
    caseworker = client(http, live, "cw.live", Role.CASEWORKER)
    case_id = await flagged(caseworker)

    async with subscriber(live.url, live.token("cw.live")) as socket:
        changes = await socket.follow(CASE_CHANGED, {"id": case_id})
        version = await called(caseworker, case_id)
        shown = data(await next_message(changes))["caseChanged"]

    assert (shown["id"], shown["version"], shown["contactAttempts"]) == (case_id, version, 1)


async def test_the_subscription_shows_the_case_exactly_as_the_query_does_masks_included(
    http: httpx.AsyncClient, live: RunningServer
) -> None:
    caseworker = client(http, live, "cw.live", Role.CASEWORKER)
    supervisor = client(http, live, "sup.live", Role.SUPERVISOR)
    case_id = await flagged(caseworker)

    async with subscriber(live.url, supervisor.token) as socket:
        changes = await socket.follow(CASE_CHANGED, {"id": case_id})
        await called(caseworker, case_id)
        shown = data(await next_message(changes))["caseChanged"]
    queried = (await supervisor.execute(CASE_QUERY, {"id": case_id}))["case"]

    assert shown == queried
    assert "*" in shown["child"]["personalId"], "a supervisor sees the PINFL masked"


async def test_a_subscriber_out_of_reach_of_the_case_receives_nothing_of_it(
    http: httpx.AsyncClient, live: RunningServer
) -> None:
    caseworker = client(http, live, "cw.live", Role.CASEWORKER)
    theirs, elsewhere = await flagged(caseworker, "Navbahor"), await flagged(caseworker)
    outsider = live.token("cw.navbahor", Role.CASEWORKER, {"mahallas": ["Navbahor"]})

    async with (
        subscriber(live.url, outsider) as outside,
        subscriber(live.url, live.token("cw.live")) as inside,
    ):
        unseen = await outside.follow(CASE_CHANGED, {"id": elsewhere})
        own = await outside.follow(CASE_CHANGED, {"id": theirs})
        watched = await inside.follow(CASE_CHANGED, {"id": elsewhere})
        await called(caseworker, elsewhere)
        data(await next_message(watched))
        await called(caseworker, theirs)
        data(await next_message(own))

    assert unseen.empty(), "the case out of reach was sent after its change had been"


async def test_a_subscriber_on_one_api_process_hears_a_change_made_through_another(
    http: httpx.AsyncClient, live: RunningServer, second_api: RunningServer
) -> None:
    caseworker = client(http, live, "cw.live", Role.CASEWORKER)
    case_id = await flagged(caseworker)

    async with subscriber(second_api.url, second_api.token("cw.live")) as socket:
        changes = await socket.follow(CASE_CHANGED, {"id": case_id})
        version = await called(caseworker, case_id)
        shown = data(await next_message(changes))["caseChanged"]

    assert shown["version"] == version


async def test_the_queue_is_sent_again_when_a_case_in_it_changes(
    http: httpx.AsyncClient, live: RunningServer
) -> None:
    admin = client(http, live, "admin", Role.ADMIN)
    await admin.execute(IMPORT, {"csv": ROSTER.read_text(encoding="utf-8")})
    caseworker = client(http, live, "cw.aziza", Role.CASEWORKER)
    case_id = await flagged(caseworker)
    assign = (
        "mutation($input: AssignCaseInput!) { assignCase(input: $input) { userErrors { code } } }"
    )
    supervisor = client(http, live, "sup.chilonzor", Role.SUPERVISOR)
    given = {"caseId": case_id, "caseworker": "cw.aziza"}
    assigned = await supervisor.execute(assign, {"input": given})
    assert assigned["assignCase"]["userErrors"] == []
    queue = "subscription { myQueueChanged(first: 100) { id version } }"

    async with subscriber(live.url, caseworker.token) as socket:
        changes = await socket.follow(queue)
        version = await called(caseworker, case_id)
        shown = data(await next_message(changes))["myQueueChanged"]

    assert {"id": case_id, "version": version} in shown


async def test_a_safety_concern_reaches_the_supervisor_subscribed_to_their_notifications(
    http: httpx.AsyncClient, live: RunningServer
) -> None:
    admin = client(http, live, "admin", Role.ADMIN)
    await admin.execute(IMPORT, {"csv": ROSTER.read_text(encoding="utf-8")})
    caseworker = client(http, live, "cw.aziza", Role.CASEWORKER)
    case_id = await flagged(caseworker)
    visit = {
        "caseId": case_id,
        "visitedAt": hours_ago(1).isoformat(),
        "childSeen": True,
        "guardianPresent": False,
        "safetyConcern": True,
    }
    added = "subscription { notificationAdded { caseId kind urgent } }"

    async with subscriber(live.url, live.token("sup.chilonzor", Role.SUPERVISOR)) as socket:
        messages = await socket.follow(added)
        await caseworker.execute(
            "mutation($input: RecordVisitInput!) { recordVisit(input: $input) { case { id } } }",
            {"input": visit},
        )
        shown = data(await next_message(messages))["notificationAdded"]

    assert shown == {"caseId": case_id, "kind": "SAFETY_CONCERN", "urgent": True}


async def test_a_partner_hears_of_its_referral_and_never_of_another_organisations(
    http: httpx.AsyncClient, live: RunningServer
) -> None:
    caseworker = client(http, live, "cw.partners", Role.CASEWORKER)
    sos = client(http, live, "worker.sos", Role.PARTNER, org=SOS_ORGANISATION_ID)
    centre = client(http, live, "worker.centre", Role.PARTNER, org=SOCIAL_CENTRE_ID)
    changed = "subscription { partnerReferralChanged { referralId status } }"
    _, to_sos = await referred(caseworker, SOS_ORGANISATION_ID)
    _, to_centre = await referred(caseworker, SOCIAL_CENTRE_ID, phone="+998901112244")

    async with (
        subscriber(live.url, sos.token) as sos_socket,
        subscriber(live.url, centre.token) as centre_socket,
    ):
        heard_by_sos = await sos_socket.follow(changed)
        heard_by_centre = await centre_socket.follow(changed)
        await partner_call(sos, "respondToReferral", {"referralId": to_sos, "accept": True})
        sos_first = data(await next_message(heard_by_sos))["partnerReferralChanged"]
        await partner_call(centre, "respondToReferral", {"referralId": to_centre, "accept": True})
        centre_first = data(await next_message(heard_by_centre))["partnerReferralChanged"]

    assert sos_first == {"referralId": to_sos, "status": "ACCEPTED"}
    assert centre_first == {"referralId": to_centre, "status": "ACCEPTED"}, (
        "one subscription hears in"
    )
    " commit order, so the first it sends would have been the other organisation's"
