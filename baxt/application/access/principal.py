"""Who is acting: the caller's role and the places or organisation it is scoped to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(Enum):
    """What a signed-in caller may do, as their token's `role` claim names it.

    Not the roster's `StaffRole` (the job a staff member holds, which cases can be assigned
    to): the roster lists caseworkers and supervisors only, while auditors, analysts,
    partners and admins sign in without being on it.
    """

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
