"""Tokens from an OpenID Connect issuer served over real HTTP, checked against its JWKS."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from baxt import bootstrap
from baxt.application.access.principal import Role, Unauthenticated
from baxt.config import ConfigError, Settings
from baxt.http.oidc import OidcConfig, OidcVerifier, discover
from tests.identity_provider import (
    AUDIENCE,
    IdentityProvider,
    SigningKey,
    ec_key,
    hmac_token,
    identity_provider,
    rsa_key,
    unsigned_token,
)
from tests.services import free_port

RSA = rsa_key("rsa-1")
EC = ec_key("ec-1")


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def provider() -> Iterator[IdentityProvider]:
    with identity_provider(RSA, EC) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def verifier(provider: IdentityProvider, clock: Clock) -> OidcVerifier:
    return discover(OidcConfig(issuer=provider.issuer, audience=AUDIENCE), clock=clock)


def refusal(verifier: OidcVerifier, token: str) -> str:
    with pytest.raises(Unauthenticated) as refused:
        verifier.verify(token)
    assert refused.value.code == "UNAUTHENTICATED"
    return str(refused.value)


@pytest.mark.parametrize("key", [RSA, EC], ids=["RS256", "ES256"])
def test_a_token_signed_with_a_published_key_gives_its_user_role_and_scope(
    provider: IdentityProvider, verifier: OidcVerifier, key: SigningKey
) -> None:
    token = provider.token(
        key, role="SUPERVISOR", regions=["Toshkent shahri"], districts=["Chilonzor"], org="unicef"
    )

    principal = verifier.verify(token)

    assert principal.user == "aziza.caseworker"
    assert principal.role is Role.SUPERVISOR
    assert principal.regions == ("Toshkent shahri",)
    assert principal.districts == ("Chilonzor",)
    assert principal.mahallas == ()
    assert principal.organisation == "unicef"


def test_an_unsigned_token_with_alg_none_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    message = refusal(verifier, unsigned_token(provider.claims(), RSA.kid))

    assert message == "the token's signing algorithm is not accepted"


def test_hs256_keyed_with_the_published_public_key_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    public_pem = RSA.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    message = refusal(verifier, hmac_token(provider.claims(), public_pem, RSA.kid))

    assert message == "the token's signing algorithm is not accepted"


def test_hs256_is_refused_even_when_named_in_the_allowlist() -> None:
    with pytest.raises(ValueError, match="HS256 is refused"):
        OidcConfig(issuer="https://id.example", audience=AUDIENCE, algorithms=("RS256", "HS256"))


def test_an_algorithm_outside_the_allowlist_is_refused(
    provider: IdentityProvider, clock: Clock
) -> None:
    config = OidcConfig(issuer=provider.issuer, audience=AUDIENCE, algorithms=("RS256",))
    rs256_only = discover(config, clock=clock)

    message = refusal(rs256_only, provider.token(EC))

    assert message == "the token's signing algorithm is not accepted"


def test_a_token_whose_alg_differs_from_its_keys_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    es256_claiming_the_rsa_key = provider.token(ec_key(RSA.kid))

    message = refusal(verifier, es256_claiming_the_rsa_key)

    assert message == "the token's signing algorithm is not accepted"


def test_a_token_signed_by_another_key_under_a_published_kid_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    forged = provider.token(rsa_key(RSA.kid))

    assert refusal(verifier, forged) == "the token's signature does not verify"


def test_a_token_signed_with_an_unknown_key_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    message = refusal(verifier, provider.token(rsa_key("unknown")))

    assert message == "the token is signed with a key this service does not know"


@pytest.mark.parametrize("header", ["jwk", "jku", "x5u", "x5c"])
def test_a_token_that_brings_its_own_key_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier, header: str
) -> None:
    attacker = rsa_key("attacker")
    carried: dict[str, object] = {
        "jwk": attacker.public_jwk(),
        "jku": "https://attacker.example/jwks",
        "x5u": "https://attacker.example/cert.pem",
        "x5c": ["MIIBattacker"],
    }
    for signer in (attacker, RSA):
        token = provider.token(signer, headers={header: carried[header]})

        assert refusal(verifier, token) == "the token carries its own key, which is never trusted"


def test_a_token_expired_beyond_the_leeway_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    expired = datetime.now(UTC) - timedelta(minutes=2)

    message = refusal(verifier, provider.token(RSA, exp=expired, iat=expired - timedelta(hours=1)))

    assert message == "the token has expired"


def test_a_token_expired_within_the_leeway_is_accepted(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    just_expired = datetime.now(UTC) - timedelta(seconds=5)

    principal = verifier.verify(provider.token(RSA, exp=just_expired))

    assert principal.user == "aziza.caseworker"


def test_a_token_for_another_audience_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    message = refusal(verifier, provider.token(RSA, aud="another-service"))

    assert message == "the token is not meant for this service"


def test_a_token_from_another_issuer_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    message = refusal(verifier, provider.token(RSA, iss="https://elsewhere.example"))

    assert message == "the token comes from another issuer"


@pytest.mark.parametrize("claim", ["exp", "sub"])
def test_a_token_without_exp_or_sub_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier, claim: str
) -> None:
    message = refusal(verifier, provider.token(RSA, **{claim: None}))

    assert message == f"the token has no {claim} claim"


def test_a_token_naming_no_known_role_is_refused(
    provider: IdentityProvider, verifier: OidcVerifier
) -> None:
    assert refusal(verifier, provider.token(RSA, role="ROOT")) == "the token names no known role"


def test_a_malformed_token_is_refused(verifier: OidcVerifier) -> None:
    assert refusal(verifier, "not-a-token") == "the token is malformed"


def test_the_role_is_read_from_the_configured_claim(
    provider: IdentityProvider, clock: Clock
) -> None:
    config = OidcConfig(issuer=provider.issuer, audience=AUDIENCE, role_claim="baxt_role")
    verifier = discover(config, clock=clock)

    principal = verifier.verify(provider.token(RSA, role=None, baxt_role="AUDITOR"))

    assert principal.role is Role.AUDITOR


def test_a_rotated_in_key_is_accepted_once_the_refetch_window_has_passed(
    provider: IdentityProvider, verifier: OidcVerifier, clock: Clock
) -> None:
    rotated = rsa_key("rsa-2")
    provider.publish(rotated)
    token = provider.token(rotated, sub="after.rotation")
    refused_before = refusal(verifier, token)

    clock.now += 60
    principal = verifier.verify(token)

    assert refused_before == "the token is signed with a key this service does not know"
    assert principal.user == "after.rotation"
    assert provider.jwks_fetches == 2


def test_unknown_key_ids_refetch_the_jwks_at_most_once_per_window(
    provider: IdentityProvider, verifier: OidcVerifier, clock: Clock
) -> None:
    made_up = [provider.token(rsa_key(f"made-up-{n}")) for n in range(3)]
    for token in made_up:
        refusal(verifier, token)
    fetches_within_first_window = provider.jwks_fetches

    clock.now += 60
    for token in made_up:
        refusal(verifier, token)

    assert fetches_within_first_window == 1
    assert provider.jwks_fetches == 2


def test_the_jwks_url_can_be_set_without_discovery(
    provider: IdentityProvider, clock: Clock
) -> None:
    jwks_url = provider.issuer + "/protocol/openid-connect/certs"
    config = OidcConfig(
        issuer="https://id.example/realms/baxt", audience=AUDIENCE, jwks_url=jwks_url
    )
    verifier = discover(config, clock=clock)

    principal = verifier.verify(provider.token(EC, iss="https://id.example/realms/baxt"))

    assert principal.user == "aziza.caseworker"


def test_token_verifier_uses_the_oidc_issuer_when_one_is_set(
    provider: IdentityProvider, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, oidc_issuer=provider.issuer, oidc_audience=AUDIENCE)

    verifier = bootstrap.token_verifier(settings)

    assert verifier.verify(provider.token(RSA)).user == "aziza.caseworker"
    local = bootstrap.token_issuer(settings).issue("x", Role.ADMIN, hours=1)
    with pytest.raises(Unauthenticated):
        verifier.verify(local)


def test_token_verifier_is_the_local_issuer_when_no_oidc_issuer_is_set(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    token = bootstrap.token_issuer(settings).issue(
        "local.user", Role.CASEWORKER, hours=1, scope={"mahallas": ["Bunyodkor"]}
    )

    principal = bootstrap.token_verifier(settings).verify(token)

    assert (principal.user, principal.mahallas) == ("local.user", ("Bunyodkor",))


def test_an_unreachable_issuer_is_a_one_line_start_up_error(tmp_path: Path) -> None:
    issuer = f"http://127.0.0.1:{free_port()}/realms/baxt"
    settings = Settings(data_dir=tmp_path, oidc_issuer=issuer, oidc_audience=AUDIENCE)

    with pytest.raises(ConfigError) as failed:
        bootstrap.token_verifier(settings)

    assert str(failed.value).startswith("BAXT_OIDC_ISSUER: cannot read ")
    assert "\n" not in str(failed.value)


def test_an_issuer_that_differs_from_its_discovery_document_is_refused_at_start(
    provider: IdentityProvider, tmp_path: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path, oidc_issuer=provider.issuer + "/", oidc_audience=AUDIENCE
    )

    with pytest.raises(ConfigError, match=r"^BAXT_OIDC_ISSUER: .* names issuer"):
        bootstrap.token_verifier(settings)
