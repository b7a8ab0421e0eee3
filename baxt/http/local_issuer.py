"""The HS256 tokens of a local instance: issued by `baxt token`, checked by the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from baxt.application.access.principal import (
    Principal,
    Role,
    Unauthenticated,
    principal_from_claims,
)

ISSUER = "baxt-local"
AUDIENCE = "baxt"
_ALGORITHM = "HS256"


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
