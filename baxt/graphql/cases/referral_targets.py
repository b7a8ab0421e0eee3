"""Where a caseworker's referral goes, checked against the service directory."""

from __future__ import annotations

from dataclasses import dataclass

from baxt.domain.directory import DirectoryEntryNotFound, ServiceStatus
from baxt.domain.errors import InvalidInput
from baxt.graphql.core.context import Info


@dataclass(frozen=True)
class ReferralTarget:
    """Where a referral goes: a directory service and its organisation, or neither."""

    service_category: str
    organisation_id: str | None = None
    service_id: str | None = None


async def referral_target(
    info: Info, category: str, service_id: str | None, organisation_id: str | None
) -> ReferralTarget:
    """The target checked against the directory; a service names its organisation and
    category. Raises DirectoryEntryNotFound or InvalidInput."""
    directory = info.context.services.directory
    if service_id:
        service = await directory.service(service_id)
        if service is None:
            raise DirectoryEntryNotFound("no such service in the directory", ("service_id",))
        if service.status != ServiceStatus.ACTIVE:
            raise InvalidInput("this service takes no referrals now", ("service_id",))
        if organisation_id and organisation_id != service.organisation_id:
            raise InvalidInput("the service belongs to another organisation", ("organisation_id",))
        return ReferralTarget(str(service.category), service.organisation_id, service.id)
    if organisation_id:
        await require_organisation(info, organisation_id)
    return ReferralTarget(category, organisation_id or None)


async def require_organisation(info: Info, organisation_id: str) -> None:
    if await info.context.services.directory.organisation(organisation_id) is None:
        raise DirectoryEntryNotFound("no such organisation in the directory", ("organisation_id",))
