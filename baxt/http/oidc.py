"""Bearer tokens from an external OpenID Connect issuer, checked against its published keys."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt

from baxt.application.access.principal import Principal, Unauthenticated, principal_from_claims

ACCEPTED_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
DEFAULT_ALGORITHMS = ("RS256", "ES256")
_KEY_HEADERS = ("jwk", "jku", "x5u", "x5c")
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_REQUIRED_CLAIMS = ["exp", "sub", "iss", "aud"]


class OidcSetupError(RuntimeError):
    """Raised when the issuer's discovery document or keys cannot be read at start; one line."""


def parse_algorithms(text: str) -> tuple[str, ...]:
    """The comma-separated algorithm names; `none` and the HS* family are refused."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise ValueError("name at least one signing algorithm, such as RS256")
    for name in names:
        if name.lower() == "none" or name.upper().startswith("HS"):
            raise ValueError(f"{name} is refused for OIDC tokens; use RS256, ES256 or the like")
        if name not in ACCEPTED_ALGORITHMS:
            raise ValueError(f"{name} is not one of {', '.join(sorted(ACCEPTED_ALGORITHMS))}")
    return names


def secure_url(url: str) -> str:
    """`url` if it is https://, or http:// to this machine; a ValueError otherwise."""
    parts = urlsplit(url)
    loopback = parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
    if not parts.hostname or not (parts.scheme == "https" or loopback):
        raise ValueError("must be an https:// URL (http:// only to localhost)")
    return url


@dataclass(frozen=True)
class OidcConfig:
    """Whose tokens are accepted, for which audience, signed how, and how keys are fetched."""

    issuer: str
    audience: str
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    jwks_url: str | None = None
    leeway_seconds: float = 30
    role_claim: str = "role"
    refetch_seconds: float = 60
    timeout_seconds: float = 5

    def __post_init__(self) -> None:
        parse_algorithms(",".join(self.algorithms))


class SigningKeys:
    """The issuer's JWKS, cached by PyJWKClient; an unknown `kid` refetches it at most once
    per `refetch_seconds`, so a flood of made-up key IDs cannot hammer the issuer."""

    def __init__(
        self,
        client: jwt.PyJWKClient,
        refetch_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._refetch_seconds = refetch_seconds
        self._clock = clock
        self._fetched_at = clock()
        self._lock = threading.Lock()

    def key(self, kid: str) -> jwt.PyJWK:
        with self._lock:
            found = self._find(kid, refresh=False)
            if found is None and self._clock() - self._fetched_at >= self._refetch_seconds:
                self._fetched_at = self._clock()
                found = self._find(kid, refresh=True)
        if found is None:
            raise Unauthenticated("the token is signed with a key this service does not know")
        return found

    def _find(self, kid: str, *, refresh: bool) -> jwt.PyJWK | None:
        try:
            keys = self._client.get_signing_keys(refresh=refresh)
        except (jwt.PyJWKClientError, jwt.PyJWKSetError):
            raise Unauthenticated("the identity provider's keys cannot be read now") from None
        return jwt.PyJWKClient.match_kid(keys, kid)


_REFUSALS: tuple[tuple[type[jwt.InvalidTokenError], str], ...] = (
    (jwt.ExpiredSignatureError, "the token has expired"),
    (jwt.ImmatureSignatureError, "the token is not valid yet"),
    (jwt.InvalidAudienceError, "the token is not meant for this service"),
    (jwt.InvalidIssuerError, "the token comes from another issuer"),
    (jwt.InvalidAlgorithmError, "the token's signing algorithm is not accepted"),
    (jwt.InvalidSignatureError, "the token's signature does not verify"),
)


class OidcVerifier:
    """Checks bearer tokens signed by an OpenID Connect issuer with the keys it publishes.

    Only the configured asymmetric algorithms pass, and only with a key from the issuer's
    JWKS: a token that brings its own key (`jwk`, `jku`, `x5u`, `x5c`) is refused.
    """

    def __init__(self, config: OidcConfig, keys: SigningKeys) -> None:
        self._config = config
        self._keys = keys

    def verify(self, token: str) -> Principal:
        kid = self._checked_kid(_unverified_header(token))
        claims = self._decode(token, self._keys.key(kid))
        return principal_from_claims(self._with_role(claims))

    def _checked_kid(self, header: dict[str, Any]) -> str:
        if header.get("alg") not in self._config.algorithms:
            raise Unauthenticated("the token's signing algorithm is not accepted")
        if any(name in header for name in _KEY_HEADERS):
            raise Unauthenticated("the token carries its own key, which is never trusted")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthenticated("the token names no signing key")
        return kid

    def _decode(self, token: str, key: jwt.PyJWK) -> dict[str, Any]:
        config = self._config
        try:
            return jwt.decode(
                token,
                key,
                algorithms=list(config.algorithms),
                audience=config.audience,
                issuer=config.issuer,
                leeway=config.leeway_seconds,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.MissingRequiredClaimError as error:
            raise Unauthenticated(f"the token has no {error.claim} claim") from None
        except jwt.InvalidTokenError as error:
            raise Unauthenticated(_refusal(error)) from None

    def _with_role(self, claims: dict[str, Any]) -> dict[str, object]:
        if self._config.role_claim == "role":
            return claims
        return {**claims, "role": claims.get(self._config.role_claim)}


def _unverified_header(token: str) -> dict[str, Any]:
    try:
        return jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise Unauthenticated("the token is malformed") from None


def _refusal(error: jwt.InvalidTokenError) -> str:
    for kind, message in _REFUSALS:
        if isinstance(error, kind):
            return message
    return "the token is not valid here"


def discover(config: OidcConfig, *, clock: Callable[[], float] = time.monotonic) -> OidcVerifier:
    """A verifier for `config`: finds the JWKS (from the discovery document unless a URL is
    configured) and reads the keys once, so a wrong setting fails at start."""
    jwks_url = config.jwks_url or _jwks_uri(config)
    client = jwt.PyJWKClient(jwks_url, timeout=config.timeout_seconds)
    try:
        client.get_signing_keys()
    except (jwt.PyJWKClientError, jwt.PyJWKSetError) as error:
        raise OidcSetupError(f"cannot read the signing keys at {jwks_url}: {error}") from None
    return OidcVerifier(config, SigningKeys(client, config.refetch_seconds, clock))


def _jwks_uri(config: OidcConfig) -> str:
    url = config.issuer.rstrip("/") + "/.well-known/openid-configuration"
    document = _discovery_document(url, config.timeout_seconds)
    if document.get("issuer") != config.issuer:
        raise OidcSetupError(f"{url} names issuer {document.get('issuer')!r}, not the one set")
    jwks_uri = document.get("jwks_uri")
    try:
        return secure_url(jwks_uri if isinstance(jwks_uri, str) else "")
    except ValueError as error:
        raise OidcSetupError(f"{url}: jwks_uri {error}") from None


def _discovery_document(url: str, timeout: float) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=timeout).raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise OidcSetupError(f"cannot read {url}: {first_line}") from None
    if not isinstance(document, dict):
        raise OidcSetupError(f"{url} is not a discovery document")
    return document
