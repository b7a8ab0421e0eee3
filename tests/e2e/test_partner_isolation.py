"""Two partners and many cases: every way in with a partner's token shows a partner only its
own referrals, and only while consent to share is in force; never a Case, never a PINFL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import pytest

from baxt.application.access.principal import Role
from baxt.application.directory import SOS_ORGANISATION_ID, seed_directory
from baxt.graphql.core.node import global_id
from tests.e2e.client import GraphQLClient
from tests.e2e.partner_flow import consulted_case, refer_to
from tests.operations import mutation, run
from tests.serving import RunningServer

FAR_FUTURE = "2100-01-01T00:00:00Z"
CASE_READS = {
    "case": "query($id: ID!) { case(id: $id) { id child { personalId } } }",
    "caseAsOf": "query($id: ID!) { caseAsOf(id: $id, version: 1) { id child { personalId } } }",
    "caseChanges": f"""query($id: ID!) {{ caseChanges(id: $id, from: "2000-01-01T00:00:00Z",
      to: "{FAR_FUTURE}") {{ nodes {{ type }} }} }}""",
    "caseAccessLog": "query($id: ID!) { caseAccessLog(id: $id) { nodes { actor } } }",
    "verifyCase": "query($id: ID!) { verifyCase(id: $id) { ok } }",
    "node": "query($id: ID!) { node(id: $id) { id ... on Case { child { personalId } } } }",
}
LISTS = {
    "cases": "{ cases(first: 100) { nodes { id child { personalId } } } }",
    "myQueue": "{ myQueue(first: 100) { id } }",
    "myNotifications": "{ myNotifications { edges { node { caseId } } } }",
}
PARTNER_READ = """query($id: ID!) { partnerReferral(id: $id) { id referralId status
  child { fullName } } }"""
PARTNER_NODE = "query($id: ID!) { node(id: $id) { id ... on PartnerReferral { referralId } } }"
PARTNER_LIST = "{ partnerReferrals(first: 100) { nodes { id referralId child { fullName } } } }"
RESPOND = mutation("respondToReferral", "referral { id } userErrors { code }")


@dataclass(frozen=True)
class Referred:
    case_id: str
    pinfl: str
    referral_id: str
    organisation_id: str
    revoked: bool = False


@dataclass(frozen=True)
class World:
    server: RunningServer
    other_org: str
    referrals: list[Referred]

    def token(self, user: str, role: Role, org: str | None = None) -> str:
        return self.server.token(user, role, {"org": org} if org else None)

    def ask(self, token: str, query: str, variables: dict[str, Any] | None = None) -> str:
        """The raw answer's text, as a client would receive it."""
        answer = httpx.post(
            f"{self.server.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        return answer.text

    def of(self, organisation_id: str, *, visible: bool) -> list[Referred]:
        return [
            r
            for r in self.referrals
            if r.organisation_id == organisation_id and r.revoked is not visible
        ]


@pytest.fixture(scope="module")
def world(server: RunningServer) -> World:
    seed_directory(server.database_url)
    return anyio.run(_build, server)


async def _build(server: RunningServer) -> World:
    async with server.http() as http:
        admin = GraphQLClient(http, server.token("admin.iso", Role.ADMIN))
        saved = await admin.execute(
            """mutation { saveOrganisation(input: {name: "Isolation NGO", kind: NGO}) {
              organisation { id } } }"""
        )
        other = saved["saveOrganisation"]["organisation"]["id"]
        caseworker = GraphQLClient(http, server.token("cw.iso", Role.CASEWORKER))
        referrals = []
        for n in range(8):
            organisation = SOS_ORGANISATION_ID if n % 2 == 0 else other
            referrals.append(await _referred(caseworker, organisation, n, revoke=n in (2, 3)))
        return World(server, other, referrals)


async def _referred(gql: GraphQLClient, organisation: str, n: int, *, revoke: bool) -> Referred:
    case_id, pinfl = await consulted_case(gql, name=f"Isolated Child {n}", phone=f"+9989066{n:05d}")
    payload = await refer_to(gql, case_id, organisation)
    referral_id = payload["case"]["referrals"][-1]["id"]
    if revoke:
        revoking = {"caseId": case_id, "organisationId": organisation}
        await run(gql, "revokeConsent", revoking, "userErrors { code }")
    return Referred(case_id, pinfl, referral_id, organisation, revoke)


def _partner(world: World, which: str) -> tuple[str, str]:
    organisation = SOS_ORGANISATION_ID if which == "sos" else world.other_org
    return world.token(f"partner.{which}", Role.PARTNER, organisation), organisation


@pytest.mark.parametrize("which", ["sos", "other"])
def test_a_partner_s_list_holds_exactly_its_referrals_with_consent_in_force(
    world: World, which: str
) -> None:
    token, organisation = _partner(world, which)

    text = world.ask(token, PARTNER_LIST)

    listed = {r.referral_id for r in world.referrals if r.referral_id in text}
    assert listed == {r.referral_id for r in world.of(organisation, visible=True)}


@pytest.mark.parametrize("which", ["sos", "other"])
def test_a_referral_not_shared_with_a_partner_answers_as_one_that_does_not_exist(
    world: World, which: str
) -> None:
    token, organisation = _partner(world, which)
    hidden = [r for r in world.referrals if r not in world.of(organisation, visible=True)]
    missing = "0b6f0c2e-0000-5000-8000-000000000000"

    for referral in [*hidden, Referred("", "", missing, "")]:
        node_id = global_id("PartnerReferral", referral.referral_id)
        assert '"partnerReferral":null' in world.ask(token, PARTNER_READ, {"id": node_id})
        assert '"node":null' in world.ask(token, PARTNER_NODE, {"id": node_id})
        respond = {"input": {"referralId": referral.referral_id, "accept": True}}
        answer = world.ask(token, RESPOND, respond)
        assert '"userErrors":[{"code":"NOT_FOUND"}]' in answer


@pytest.mark.parametrize("which", ["sos", "other"])
@pytest.mark.parametrize("read", sorted(CASE_READS))
def test_no_way_to_a_case_opens_to_a_partner(world: World, which: str, read: str) -> None:
    token, _ = _partner(world, which)

    for referral in world.referrals:
        text = world.ask(token, CASE_READS[read], {"id": referral.case_id})
        assert "FORBIDDEN" in text or '"node":null' in text, text
        assert referral.pinfl not in text


@pytest.mark.parametrize("which", ["sos", "other"])
@pytest.mark.parametrize("read", sorted(LISTS))
def test_no_list_of_cases_opens_to_a_partner(world: World, which: str, read: str) -> None:
    token, _ = _partner(world, which)

    text = world.ask(token, LISTS[read])

    assert "FORBIDDEN" in text
    for referral in world.referrals:
        assert referral.case_id not in text
        assert referral.pinfl not in text


@pytest.mark.parametrize("which", ["sos", "other"])
def test_no_partner_answer_holds_a_pinfl_or_a_case_id(world: World, which: str) -> None:
    token, organisation = _partner(world, which)
    answers = [world.ask(token, PARTNER_LIST)]
    for referral in world.of(organisation, visible=True):
        node_id = global_id("PartnerReferral", referral.referral_id)
        answers += [
            world.ask(token, PARTNER_READ, {"id": node_id}),
            world.ask(token, PARTNER_NODE, {"id": node_id}),
        ]

    text = "".join(answers)

    assert "Isolated Child" in text
    for referral in world.referrals:
        assert referral.pinfl not in text
        assert referral.case_id not in text


def test_every_partner_read_of_a_referral_is_in_the_case_s_access_log(world: World) -> None:
    token, organisation = _partner(world, "sos")
    referral = world.of(organisation, visible=True)[0]
    world.ask(token, PARTNER_READ, {"id": referral.referral_id})

    auditor = world.token("aud.iso", Role.AUDITOR)
    text = world.ask(
        auditor,
        """query($id: ID!) { caseAccessLog(id: $id, first: 1) { nodes { actor role operation
          fields } } }""",
        {"id": referral.case_id},
    )

    assert '"actor":"partner.sos","role":"PARTNER","operation":"partnerReferral"' in text
    assert "child.fullName" in text
