"""What a partner organisation does over the API: read, answer and report on its referrals,
and raise a concern about a child."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import anyio.to_thread

from baxt.application.access_policy import Operation, require
from baxt.application.cases import CaseApplication, Saved
from baxt.application.partners.reads import PartnerReferralReads, ReferralPage, ReferralPosition
from baxt.application.partners.rows import PartnerReferralRow
from baxt.application.read_model import CaseReadModel
from baxt.domain.case import Case
from baxt.domain.errors import ReferralNotFound
from baxt.domain.values import Child, FlagSource, Household, ReferralStatus
from baxt.identity import Principal

_log = logging.getLogger(__name__)

PartnerCommand = Callable[[Case, str, str], None]
"""A change to a case made by a partner: given the case, the organisation and the actor."""


def organisation_of(principal: Principal) -> str | None:
    """The organisation a partner acts for, from its token's `org` claim; FORBIDDEN to the
    roles that are no partner's. A token naming none sees no referral at all."""
    require(principal, Operation.PARTNER_REFERRALS)
    return principal.organisation or None


class PartnerService:
    """Partners' reads go to `partner_referral`; their commands run on the case in a thread,
    and answer once the read model shows them. A referral the organisation may not see
    answers exactly as one that does not exist."""

    def __init__(
        self,
        app: CaseApplication,
        reads: PartnerReferralReads,
        read_model: CaseReadModel,
        *,
        read_your_writes_timeout: float,
        clock: Callable[[], datetime],
    ) -> None:
        self.reads = reads
        self._app = app
        self._read_model = read_model
        self._timeout = read_your_writes_timeout
        self._clock = clock

    async def referral(self, principal: Principal, referral_id: str) -> PartnerReferralRow:
        organisation = organisation_of(principal)
        row = await self.reads.get(referral_id, organisation) if organisation else None
        if row is None:
            raise ReferralNotFound("no such referral", ("referral_id",))
        return row

    async def referrals(
        self,
        principal: Principal,
        *,
        statuses: tuple[ReferralStatus, ...],
        limit: int,
        after: ReferralPosition | None,
    ) -> ReferralPage:
        organisation = organisation_of(principal)
        if organisation is None:
            return ReferralPage([], has_next=False)
        return await self.reads.page(organisation, statuses=statuses, limit=limit, after=after)

    async def act(
        self, principal: Principal, referral_id: str, command: PartnerCommand
    ) -> PartnerReferralRow:
        """Runs a partner's command on the case of a referral it sees; the referral after it."""
        row = await self.referral(principal, referral_id)
        organisation, actor = row.organisation_id, principal.actor
        saved = await anyio.to_thread.run_sync(
            lambda: self._app.change_case(
                row.case_id, lambda case: command(case, organisation, actor)
            )
        )
        await self._wait(saved)
        return await self.referral(principal, referral_id)

    async def report_concern(
        self, principal: Principal, child: Child, household: Household, note: str
    ) -> datetime:
        """Flags the child as reported by a partner; answers only when it was received."""
        require(principal, Operation.REPORT_CONCERN)
        saved = await anyio.to_thread.run_sync(
            lambda: self._app.flag_child(
                child=child,
                household=household,
                source=FlagSource.PARTNER_NGO,
                indicators=(),
                note=note,
                actor=principal.actor,
            )
        )
        await self._wait(saved)
        return self._clock()

    async def _wait(self, saved: Saved) -> None:
        if not await self._read_model.wait_for(saved.notification_id, seconds=self._timeout):
            _log.warning("read model still behind notification %s", saved.notification_id)
