"""An OpenID Connect issuer that signs a browser in by the authorization-code flow with PKCE:
it approves every sign-in at once, and trades a code for a token only with its verifier."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.identity_provider import DISCOVERY_PATH, JWKS_PATH, REALM, IdentityProvider, rsa_key

AUTHORIZE_PATH = "/protocol/openid-connect/auth"
TOKEN_PATH = "/protocol/openid-connect/token"


@dataclass(frozen=True)
class _Grant:
    client_id: str
    redirect_uri: str
    challenge: str


@dataclass
class PkceIssuer:
    """The issuer at `issuer`, the subject and role it signs in, and the codes it gave out."""

    provider: IdentityProvider
    client_id: str
    claims: dict[str, Any]
    grants: dict[str, _Grant] = field(default_factory=dict)
    tokens_issued: int = 0

    @property
    def issuer(self) -> str:
        """The issuer's URL, as tokens name it."""
        return self.provider.issuer

    def authorize(self, query: dict[str, str]) -> str:
        """Where the browser goes back to: its redirect URI with a fresh code and its state."""
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        assert query["client_id"] == self.client_id
        code = secrets.token_urlsafe(16)
        self.grants[code] = _Grant(
            query["client_id"], query["redirect_uri"], query["code_challenge"]
        )
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def exchange(self, form: dict[str, str]) -> dict[str, Any] | None:
        """A token for a code once, when the verifier, client and redirect URI match."""
        grant = self.grants.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if grant is None or challenge.decode() != grant.challenge:
            return None
        if (form.get("client_id"), form.get("redirect_uri")) != (
            grant.client_id,
            grant.redirect_uri,
        ):
            return None
        self.tokens_issued += 1
        token = self.provider.token(self.provider.published[0], **self.claims)
        return {"access_token": token, "token_type": "Bearer", "expires_in": 300}

    def discovery(self) -> dict[str, Any]:
        """The discovery document: where to sign in, trade codes and find the keys."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + AUTHORIZE_PATH,
            "token_endpoint": self.issuer + TOKEN_PATH,
            "jwks_uri": self.issuer + JWKS_PATH,
            "code_challenge_methods_supported": ["S256"],
        }


def _handler(issuer: PkceIssuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path == REALM + DISCOVERY_PATH:
                self._json(200, issuer.discovery())
            elif path == REALM + JWKS_PATH:
                self._json(200, issuer.provider.jwks())
            elif path == REALM + AUTHORIZE_PATH:
                self.send_response(302)
                self.send_header("Location", issuer.authorize(_single(query)))
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = _single(self.rfile.read(length).decode())
            answer = (
                issuer.exchange(form) if urlsplit(self.path).path == REALM + TOKEN_PATH else None
            )
            self._json(200 if answer else 400, answer or {"error": "invalid_grant"})

        def _json(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _single(query: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(query).items()}


@contextmanager
def pkce_issuer(client_id: str, **claims: object) -> Iterator[PkceIssuer]:
    """The issuer served over real HTTP on 127.0.0.1, signing in with `claims`."""
    issuer = PkceIssuer(IdentityProvider(issuer=""), client_id, claims)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(issuer))
    issuer.provider.issuer = f"http://127.0.0.1:{server.server_address[1]}{REALM}"
    issuer.provider.publish(rsa_key("pkce-key-1"))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
