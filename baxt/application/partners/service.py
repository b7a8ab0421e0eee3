"""What a partner organisation does over the API: read, answer and report on its referrals,
and report a concern about a child (into the triage queue, as a report of concern)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from baxt.application.access.principal import Principal
from baxt.application.access.rules import Operation, require
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.application.cases.read_your_writes import AfterCommit, step_failed
from baxt.application.cases.saving import Saved
from baxt.application.cases.service import CaseService
from baxt.application.concern.service import ConcernService
from baxt.application.partners.reads import PartnerReferralReads, ReferralPage, ReferralPosition
from baxt.application.partners.rows import PartnerReferralRow
from baxt.application.partners.saved import referral_as_saved
from baxt.application.transient import retrying
from baxt.domain import validation as check
from baxt.domain.case import Case
from baxt.domain.concern import ReportedChild, Reporter, ReporterKind, ReportPlace
from baxt.domain.errors import ReferralNotFound
from baxt.domain.inputs import checked_child, checked_household
from baxt.domain.quarter import local_date
from baxt.domain.validation import age_on
from baxt.domain.values import Child, Household, ReferralStatus

REFERRAL = "PARTNER_REFERRAL_READ"

PartnerCommand = Callable[[Case, str, str], None]
"""A change to a case made by a partner: given the case, the organisation and the actor."""


def organisation_of(principal: Principal) -> str | None:
    """The organisation a partner acts for, from its token's `org` claim; FORBIDDEN to the
    roles that are no partner's. A token naming none sees no referral at all."""
    require(principal, Operation.PARTNER_REFERRALS)
    return principal.organisation or None


@dataclass(frozen=True)
class ConcernReceived:
    """What a partner's report of concern answers: when it was received, and its reference."""

    received_at: datetime
    reference: str


@dataclass(frozen=True)
class PartnerAnswer:
    """What a partner's command answers: its referral as saved, and what the steps after the
    commit found."""

    row: PartnerReferralRow
    after: AfterCommit


class PartnerService:
    """Partners' reads go to `partner_referral`; their commands run on the case in a thread
    and answer with the referral as saved. A referral the organisation may not see answers
    exactly as one that does not exist."""

    def __init__(
        self,
        app: CaseApplication,
        reads: PartnerReferralReads,
        read_model: CaseReadModel,
        *,
        read_your_writes_timeout: float,
        clock: Callable[[], datetime],
        concerns: ConcernService,
    ) -> None:
        self.reads = reads
        self._cases = CaseService(
            app, read_model, read_your_writes_timeout=read_your_writes_timeout
        )
        self._clock = clock
        self._concerns = concerns

    async def referral(self, principal: Principal, referral_id: str) -> PartnerReferralRow:
        """The referral as the principal's organisation sees it; INVALID_INPUT for an ID
        holding text no ID may hold, NOT_FOUND when there is none it may see."""
        check.safe(referral_id, ("referral_id",))
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

    async def referral_count(
        self, principal: Principal, *, statuses: tuple[ReferralStatus, ...]
    ) -> int:
        """How many referrals `referrals` lists for the principal, every page."""
        organisation = organisation_of(principal)
        if organisation is None:
            return 0
        return await self.reads.count(organisation, statuses=statuses)

    async def act(
        self,
        principal: Principal,
        referral_id: str,
        command: PartnerCommand,
        *,
        name: str = "partner_command",
    ) -> PartnerAnswer:
        """Runs a partner's command (called `name` in its trace) on the case of a referral it
        sees; answers with the referral as the command saved it (its own case checks the
        partner's reach again)."""
        before = await retrying(lambda: self.referral(principal, referral_id), what=REFERRAL)
        organisation, actor = before.organisation_id, principal.actor
        committed = await self._cases.commit(
            before.case_id, lambda case: command(case, organisation, actor), name=name
        )
        return await self._answer(principal, before, committed.saved, committed.after)

    async def report_concern(
        self, principal: Principal, child: Child, household: Household, note: str
    ) -> ConcernReceived:
        """Receives the partner's report about the child into the triage queue of the
        household's district, after checking the child and household as a flag would; a
        caseworker there links it to the child's case or opens one."""
        app = self._cases.app
        now = app.now()
        known = checked_child(child, now, app.verify_check_digit)
        place = checked_household(household)
        saved = await self._concerns.receive_from_partner(
            principal,
            reporter=Reporter(ReporterKind.PARTNER_NGO, name=principal.organisation or ""),
            child=ReportedChild(
                full_name=known.full_name,
                approximate_age=age_on(known.birth_date, local_date(now)),
                seen=check.note(note, ("note",)),
                personal_id=known.personal_id,
            ),
            place=ReportPlace(place.region, place.district, place.mahalla),
        )
        return ConcernReceived(received_at=self._clock(), reference=saved.row.reference)

    async def _answer(
        self,
        principal: Principal,
        before: PartnerReferralRow,
        saved: Saved,
        after: AfterCommit,
    ) -> PartnerAnswer:
        """The referral read again once the read model shows the write (it may hold steps the
        row read before missed); else, or if that read fails, the row before with the write."""
        if after.lag is None and not after.failed_steps:
            try:
                return PartnerAnswer(await self.referral(principal, before.referral_id), after)
            except Exception as error:
                step_failed(REFERRAL, error)
                after = after.failed(REFERRAL)
        return PartnerAnswer(referral_as_saved(before, saved), after)
