"""Webhooks as the API manages them: each call kept to the caller's scope, run in a thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import anyio.to_thread

from baxt.application.access.principal import Principal
from baxt.application.webhooks.errors import DeliveryNotFound, EndpointDisabled, WebhookError
from baxt.application.webhooks.log import Attempt, DeliveryLog, DeliveryRecord
from baxt.application.webhooks.registry import Endpoint, EndpointRegistry, WithSecret
from baxt.application.webhooks.scope import webhook_scope
from baxt.domain.characters import unsafe_character


@dataclass(frozen=True)
class DeliveryPage:
    """Deliveries newest first, each with its attempts; one more was asked for than is shown."""

    deliveries: list[DeliveryRecord]
    attempts: dict[UUID, list[Attempt]]


class WebhookService:
    """Registers and manages endpoints, and reads and replays deliveries, for one caller."""

    def __init__(self, registry: EndpointRegistry, log: DeliveryLog) -> None:
        self._registry = registry
        self._log = log

    async def register(
        self,
        caller: Principal,
        *,
        organisation_id: str | None,
        url: str,
        description: str,
        event_types: Sequence[str] | None,
    ) -> WithSecret:
        scope = webhook_scope(caller)
        _refuse_unsafe(url=url, organisation_id=organisation_id, description=description)
        return await anyio.to_thread.run_sync(
            lambda: self._registry.register(
                scope,
                organisation_id=organisation_id,
                url=url,
                description=description,
                event_types=event_types,
                actor=caller.actor,
            )
        )

    async def rotate_secret(self, caller: Principal, endpoint_id: UUID) -> WithSecret:
        scope = webhook_scope(caller)
        return await anyio.to_thread.run_sync(self._registry.rotate_secret, scope, endpoint_id)

    async def set_enabled(self, caller: Principal, endpoint_id: UUID, enabled: bool) -> Endpoint:
        scope = webhook_scope(caller)
        reason = None if enabled else f"disabled by {caller.actor}"
        return await anyio.to_thread.run_sync(
            lambda: self._registry.set_enabled(scope, endpoint_id, enabled=enabled, reason=reason)
        )

    async def endpoints(self, caller: Principal, organisation_id: str | None) -> list[Endpoint]:
        scope = webhook_scope(caller)
        if organisation_id and not scope.covers(organisation_id):
            return []
        listing = scope.listing(organisation_id)
        return await anyio.to_thread.run_sync(self._registry.listing, listing)

    async def deliveries(
        self,
        caller: Principal,
        *,
        endpoint_id: UUID | None,
        status: str | None,
        limit: int,
        after: tuple[datetime, UUID] | None,
    ) -> DeliveryPage:
        """A page of the caller's deliveries; EndpointNotFound for an endpoint not theirs."""
        scope = webhook_scope(caller)

        def read() -> DeliveryPage:
            if endpoint_id is not None:
                self._registry.get(scope, endpoint_id)
            found = self._log.page(
                organisation_id=scope.organisation,
                endpoint_id=endpoint_id,
                status=status,
                limit=limit,
                after=after,
            )
            return DeliveryPage(found, self._log.attempts([d.id for d in found]))

        return await anyio.to_thread.run_sync(read)

    async def delivery_count(
        self, caller: Principal, *, endpoint_id: UUID | None, status: str | None
    ) -> int:
        """How many deliveries `deliveries` lists for the caller, every page."""
        scope = webhook_scope(caller)

        def count() -> int:
            if endpoint_id is not None:
                self._registry.get(scope, endpoint_id)
            return self._log.count(
                organisation_id=scope.organisation, endpoint_id=endpoint_id, status=status
            )

        return await anyio.to_thread.run_sync(count)

    async def replay(self, caller: Principal, delivery_id: UUID) -> DeliveryPage:
        """Puts one delivery back to be sent now with its webhook-id; DeliveryNotFound or
        EndpointDisabled when it cannot be."""
        scope = webhook_scope(caller)

        def replay() -> DeliveryPage:
            org = scope.organisation
            if not self._log.page(organisation_id=org, ids=[delivery_id], limit=1):
                raise DeliveryNotFound(f"no delivery {delivery_id}", ("delivery_id",))
            if not self._log.replay([delivery_id], org):
                raise EndpointDisabled("enable the endpoint first", ("delivery_id",))
            found = self._log.page(organisation_id=org, ids=[delivery_id], limit=1)
            return DeliveryPage(found, self._log.attempts([delivery_id]))

        return await anyio.to_thread.run_sync(replay)


def _refuse_unsafe(**texts: str | None) -> None:
    """INVALID_INPUT for a text no text may hold (a NUL, a control character, a lone
    surrogate; a line break but in the description), as the domain refuses it."""
    for field, value in texts.items():
        unsafe = unsafe_character(value or "", multiline=field == "description")
        if unsafe is not None:
            raise WebhookError(f"{field} must not hold {unsafe}", (field,))
