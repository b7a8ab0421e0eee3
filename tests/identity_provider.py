"""A real OpenID Connect issuer on a free local port: its discovery document, its JWKS, and
tokens signed with RSA and EC keys made for the test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

AUDIENCE = "baxt-api"
DISCOVERY_PATH = "/.well-known/openid-configuration"
JWKS_PATH = "/protocol/openid-connect/certs"
REALM = "/realms/baxt"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    algorithm: str
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    def public_jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": self.algorithm}


def rsa_key(kid: str, algorithm: str = "RS256") -> SigningKey:
    return SigningKey(
        kid, algorithm, rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )


def ec_key(kid: str) -> SigningKey:
    return SigningKey(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


@dataclass
class IdentityProvider:
    """The issuer's published keys, how often its JWKS was fetched, and its token mint."""

    issuer: str
    published: list[SigningKey] = field(default_factory=list)
    jwks_fetches: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, *keys: SigningKey) -> None:
        with self.lock:
            self.published.extend(keys)

    def jwks(self) -> dict[str, Any]:
        with self.lock:
            self.jwks_fetches += 1
            return {"keys": [key.public_jwk() for key in self.published]}

    def claims(self, **overrides: object) -> dict[str, object]:
        """Good claims for a caseworker, changed (or, with None, removed) by `overrides`."""
        now = datetime.now(UTC)
        claims: dict[str, object] = {
            "sub": "aziza.caseworker",
            "role": "CASEWORKER",
            "iss": self.issuer,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + timedelta(minutes=5),
            **overrides,
        }
        return {name: value for name, value in claims.items() if value is not None}

    def token(
        self, key: SigningKey, *, headers: dict[str, Any] | None = None, **claims: object
    ) -> str:
        return jwt.encode(
            self.claims(**claims),
            key.private,
            algorithm=key.algorithm,
            headers={"kid": key.kid, **(headers or {})},
        )


def _segment(value: dict[str, Any]) -> str:
    raw = json.dumps(value, default=lambda moment: int(moment.timestamp())).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unsigned_token(claims: dict[str, object], kid: str) -> str:
    """A token with `alg: none` and no signature."""
    return f"{_segment({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{_segment(claims)}."


def hmac_token(claims: dict[str, object], secret: bytes, kid: str) -> str:
    """An HS256 token keyed with `secret`; PyJWT itself refuses to sign with a PEM key."""
    signing_input = f"{_segment({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{_segment(claims)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


@contextmanager
def identity_provider(*keys: SigningKey) -> Iterator[IdentityProvider]:
    """The issuer served over real HTTP on 127.0.0.1, publishing `keys`."""
    provider = IdentityProvider(issuer="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == REALM + DISCOVERY_PATH:
                body = {"issuer": provider.issuer, "jwks_uri": provider.issuer + JWKS_PATH}
            elif self.path == REALM + JWKS_PATH:
                body = provider.jwks()
            else:
                self.send_error(404)
                return
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}{REALM}"
    provider.publish(*keys)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
