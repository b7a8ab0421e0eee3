"""The API configured with an OpenID Connect issuer, over real HTTP on both sides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from baxt.application.access.principal import Role
from baxt.config import Settings
from tests.database import scratch_database
from tests.e2e.client import GraphQLClient
from tests.factories import child, household
from tests.identity_provider import (
    AUDIENCE,
    IdentityProvider,
    identity_provider,
    rsa_key,
    unsigned_token,
)
from tests.operations import child_input, flag_child, household_input
from tests.serving import RunningServer, running_api

KEY = rsa_key("realm-key-1")
CASES = "{ cases(first: 5) { edges { cursor } } }"


@pytest.fixture(scope="module")
def provider() -> Iterator[IdentityProvider]:
    with identity_provider(KEY) as running:
        yield running


@pytest.fixture(scope="module")
def oidc_server(
    admin_url: str, provider: IdentityProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    data_dir: Path = tmp_path_factory.mktemp("oidc-data")
    with scratch_database(admin_url) as url:
        settings = Settings(
            database_url=url,
            data_dir=data_dir,
            read_your_writes_timeout=10,
            oidc_issuer=provider.issuer,
            oidc_audience=AUDIENCE,
        )
        with running_api(settings) as running:
            yield running


async def test_a_token_from_the_identity_provider_acts_as_its_subject(
    oidc_server: RunningServer, provider: IdentityProvider
) -> None:
    kid, home = child(name="Oydin Yusupova"), household()
    token = provider.token(
        KEY, sub="oydin.caseworker", districts=[home.district], mahallas=[home.mahalla]
    )

    async with oidc_server.http() as http:
        gql = GraphQLClient(http, token)
        payload = await flag_child(
            gql,
            child=child_input(kid),
            household=household_input(home),
            source="SOCIAL_REGISTRY",
            indicators=["GAS_CUTOFF"],
        )
        history = await gql.history(payload["case"]["id"])

    assert payload["userErrors"] == []
    assert [event["actor"] for event in history] == ["oydin.caseworker"]


async def test_forged_and_local_tokens_get_unauthenticated_and_no_data(
    oidc_server: RunningServer, provider: IdentityProvider
) -> None:
    forged = {
        "another key under the published kid": provider.token(rsa_key(KEY.kid)),
        "alg none": unsigned_token(provider.claims(role="ADMIN"), KEY.kid),
        "the local issuer's HS256": oidc_server.token(role=Role.ADMIN),
    }

    async with oidc_server.http() as http:
        answers = {
            what: await http.post(
                "/graphql", json={"query": CASES}, headers={"Authorization": f"Bearer {token}"}
            )
            for what, token in forged.items()
        }

    for what, response in answers.items():
        body = response.json()
        assert response.status_code == 401, what
        assert body["data"] is None, what
        assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]
