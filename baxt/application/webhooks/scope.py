"""Whose endpoints a caller manages: a partner its own organisation's, an admin any."""

from __future__ import annotations

from dataclasses import dataclass

from baxt.application.access.principal import Forbidden, Principal, Role
from baxt.application.access.rules import Operation, require
from baxt.application.webhooks.errors import EndpointNotFound, OrganisationRequired

BOUND_TO_THEIR_ORGANISATION = frozenset({Role.PARTNER})
"""Roles that manage only their own organisation's endpoints (the token's `org` claim)."""


@dataclass(frozen=True)
class WebhookScope:
    """The organisation whose endpoints a caller manages, or None for every organisation."""

    organisation: str | None

    def covers(self, organisation_id: str) -> bool:
        return self.organisation is None or self.organisation == organisation_id

    def owner(self, requested: str | None) -> str:
        """The organisation a new endpoint belongs to: the caller's own, or the one named."""
        requested = requested.strip() if requested else None
        if self.organisation is None:
            if not requested:
                raise OrganisationRequired("name the organisation", ("organisation_id",))
            return requested
        if requested and requested != self.organisation:
            raise EndpointNotFound("no such organisation", ("organisation_id",))
        return self.organisation

    def listing(self, requested: str | None) -> str | None:
        """The organisation a listing is limited to (None: all); ask `covers` first."""
        return self.organisation or requested or None


def webhook_scope(principal: Principal) -> WebhookScope:
    """The caller's scope; FORBIDDEN when their role manages no webhooks, or a partner's token
    names no organisation."""
    require(principal, Operation.WEBHOOKS)
    if principal.role not in BOUND_TO_THEIR_ORGANISATION:
        return WebhookScope(None)
    if not principal.organisation:
        raise Forbidden("the token names no organisation (claim `org`)")
    return WebhookScope(principal.organisation)
