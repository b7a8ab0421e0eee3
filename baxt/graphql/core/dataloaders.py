"""The request's DataLoaders: what many rows of one answer ask for is read once, in a batch.

One set is made per request (`Context.loaders`), so nothing is cached across callers. Each
loader is keyed by ID and reads through the service layer's batch reads, with the caller's
reach and masks applied there, so a page of cases costs the same queries as one case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from baxt.application.access.view import CaseView
from baxt.application.cases.application import HistoryEntry
from baxt.application.cases.histories import CaseHistories, HistoryPage
from baxt.application.cases.service import CaseService
from baxt.application.directory import LocationEntry, OrganisationEntry, ServiceDirectory
from baxt.application.partners.reads import PartnerReferralReads
from baxt.application.partners.rows import ProgressEntry

HistoryLoader = DataLoader[HistoryPage, list[HistoryEntry] | None]
StepsLoader = DataLoader[str, tuple[ProgressEntry, ...]]
OrganisationLoader = DataLoader[str, OrganisationEntry | None]
LocationsLoader = DataLoader[str, list[LocationEntry]]


@dataclass(frozen=True)
class Loaders:
    """The DataLoaders of one request.

    `history` gives a case's history page as the caller sees it, None when out of their
    reach; `referral_steps` a referral's recorded steps; `organisations` a directory
    organisation, None when there is none; `locations` an organisation's locations.
    """

    history: HistoryLoader
    referral_steps: StepsLoader
    organisations: OrganisationLoader
    locations: LocationsLoader


def request_loaders(
    cases: CaseService,
    referrals: PartnerReferralReads,
    directory: ServiceDirectory,
    view: Callable[[], CaseView],
) -> Loaders:
    """A fresh set of loaders for one request; `view` gives the caller's view when first asked."""
    histories = CaseHistories(cases.app, cases.read_model)

    async def history(pages: list[HistoryPage]) -> Sequence[list[HistoryEntry] | None]:
        return await histories.pages(view(), pages)

    async def steps(referral_ids: list[str]) -> Sequence[tuple[ProgressEntry, ...]]:
        found = await referrals.steps(referral_ids)
        return [found.get(referral_id, ()) for referral_id in referral_ids]

    async def organisations(ids: list[str]) -> Sequence[OrganisationEntry | None]:
        found = await directory.organisations_by_id(ids)
        return [found.get(i) for i in ids]

    async def locations(ids: list[str]) -> Sequence[list[LocationEntry]]:
        found = await directory.locations_of_each(ids)
        return [found.get(i, []) for i in ids]

    return Loaders(
        history=DataLoader(history),
        referral_steps=DataLoader(steps),
        organisations=DataLoader(organisations),
        locations=DataLoader(locations),
    )
