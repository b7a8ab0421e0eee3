from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

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
    """Who is acting: the user recorded as the actor of every event, and their role."""

    user: str
    role: Role

    @property
    def actor(self) -> str:
        return self.user


class LocalIssuer:
    """Issues and checks the HS256 tokens of a local instance (`baxt token`)."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def issue(self, user: str, role: Role, *, hours: float, now: datetime | None = None) -> str:
        issued = now or datetime.now(UTC)
        claims = {
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
        try:
            return Principal(user=str(claims["sub"]), role=Role(claims.get("role")))
        except ValueError:
            raise Unauthenticated("the token names no known role") from None


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer …` header."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send the header 'Authorization: Bearer <token>'")
    return token.strip()
