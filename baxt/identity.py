from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Protocol

import jwt

ISSUER = "baxt-local"
AUDIENCE = "baxt"
_ALGORITHM = "HS256"


class Role(Enum):
    CASEWORKER = "CASEWORKER"
    SUPERVISOR = "SUPERVISOR"
    AUDITOR = "AUDITOR"
    ANALYST = "ANALYST"
    PARTNER = "PARTNER"
    ADMIN = "ADMIN"


class Unauthenticated(Exception):
    """Raised when a request has no bearer token, or one that is not valid here."""

    code = "UNAUTHENTICATED"


class Forbidden(Exception):
    """Raised when the caller's role may not do what they asked."""

    code = "FORBIDDEN"


@dataclass(frozen=True)
class Principal:
    """Who is acting: the user recorded as the actor of every event, their role, and the
    places or partner organisation their role is scoped to (from the token's claims)."""

    user: str
    role: Role
    regions: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    mahallas: tuple[str, ...] = ()
    organisation: str | None = None

    @property
    def actor(self) -> str:
        return self.user


SCOPE_CLAIMS = ("regions", "districts", "mahallas")
ORGANISATION_CLAIM = "org"


def principal_from_claims(claims: dict[str, object]) -> Principal:
    """The principal a verified token's claims name: `sub`, `role`, the scope lists, `org`."""
    try:
        role = Role(claims.get("role"))
    except ValueError:
        raise Unauthenticated("the token names no known role") from None
    scopes = {name: _strings(claims.get(name), name) for name in SCOPE_CLAIMS}
    organisation = claims.get(ORGANISATION_CLAIM)
    if organisation is not None and not isinstance(organisation, str):
        raise Unauthenticated("the token's org claim must be a string")
    return Principal(user=str(claims["sub"]), role=role, organisation=organisation, **scopes)


def _strings(value: object, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Unauthenticated(f"the token's {name} claim must be a list of strings")
    return tuple(value)


class TokenVerifier(Protocol):
    """Turns a bearer token into the principal it speaks for, or raises Unauthenticated."""

    def verify(self, token: str) -> Principal: ...


class LocalIssuer:
    """Issues and checks the HS256 tokens of a local instance (`baxt token`)."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def issue(
        self,
        user: str,
        role: Role,
        *,
        hours: float,
        now: datetime | None = None,
        scope: dict[str, object] | None = None,
    ) -> str:
        """A token for `user`; `scope` adds the claims `regions`, `districts`, `mahallas`, `org`."""
        issued = now or datetime.now(UTC)
        claims = {
            **(scope or {}),
            "sub": user,
            "role": role.value,
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": issued,
            "exp": issued + timedelta(hours=hours),
        }
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iat", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("the token has expired") from None
        except jwt.InvalidTokenError as error:
            raise Unauthenticated(f"the token is not valid here: {error}") from None
        return principal_from_claims(claims)


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer …` header."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send the header 'Authorization: Bearer <token>'")
    return token.strip()
