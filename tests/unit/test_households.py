"""A household record: checked on registration, sealed with its own key, linked to by its
children's cases, and unlinked from a child whose data is erased; the demo's mother of four."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from baxt.application.households.store import load_household, save_household
from baxt.devtools.demo import load_demo, stories
from baxt.domain.case import Case
from baxt.domain.errors import InvalidInput
from baxt.domain.household import Address, Guardian, Household, Member
from baxt.domain.household.events import HOUSEHOLD_EVENTS
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus

from .helpers import an_application, flag_child

ADDRESS = Address("Toshkent shahri", "Chilonzor", "Bunyodkor", "Bunyodkor ko'chasi 12")
MOTHER = Guardian("Karimova Dilnoza", "+998 90 123-45-67", "mother")


def _registered() -> Household:
    return Household.register(
        household_id=uuid4(),
        guardians=[MOTHER],
        address=ADDRESS,
        members=[Member("Karimov Anvar", None, "grandfather")],
        actor="caseworker-7",
    )


def test_a_household_keeps_its_guardians_phone_in_international_form() -> None:
    household = _registered()

    assert household.guardians == (Guardian("Karimova Dilnoza", "+998901234567", "mother"),)
    assert household.address == ADDRESS


def test_a_household_without_a_guardian_is_refused_on_its_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        Household.register(
            household_id=uuid4(), guardians=[], address=ADDRESS, members=[], actor="cw"
        )

    assert refused.value.field == ("guardians",)


def test_the_households_personal_data_is_sealed_and_reads_erased_once_its_key_is_gone() -> None:
    app = an_application()
    household = _registered()
    save_household(app, household)
    (record,) = app.recorder.select_events(household.id)

    assert b"Karimova" not in record.state
    assert b"Bunyodkor ko" not in record.state
    assert load_household(app, household.id).guardians[0].full_name == "Karimova Dilnoza"
    app.child_keys.erase(household.id)
    assert load_household(app, household.id).guardians[0].full_name == ERASED
    assert load_household(app, household.id).address.region == "Toshkent shahri"


def test_erasing_a_childs_data_unlinks_the_case_from_its_household() -> None:
    app = an_application()
    household = _registered()
    save_household(app, household)
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda c: c.link_to_household(household_id=household.id, actor="cw"))

    app.erase_child_data(case_id, legal_reason="court order 7", actor="admin")

    case: Case = app.repository.get(case_id)
    assert case.household_id is None


def test_the_mother_of_four_is_one_household_with_four_cases_the_siblings_seen_on_one_visit() -> (
    None
):
    now = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)
    app = an_application(now)
    load_demo(app, clock=app.now, report=lambda _: None)
    story = next(s for s in stories(now.date()) if s.siblings)

    cases: list[Case] = [
        app.repository.get(app.case_id_for(c.personal_id)) for c in (story.child, *story.siblings)
    ]

    assert len(cases) == 4
    assert len({case.household_id for case in cases}) == 1
    assert cases[0].household_id is not None
    assert load_household(app, cases[0].household_id).guardians[0].full_name == "Jeonghwa Park"
    assert [case.status for case in cases[1:]] == [CaseStatus.VISITED] * 3
    assert {case.visits[-1].visited_at for case in cases} == {cases[0].visits[0].visited_at}


def test_the_household_events_keep_the_topics_they_are_stored_under() -> None:
    topics = [get_topic(cls) for cls in HOUSEHOLD_EVENTS]

    assert topics == [
        "baxt.domain.household:Household.Registered",
        "baxt.domain.household:Household.GuardiansChanged",
        "baxt.domain.household:Household.DataErased",
    ]
    assert [resolve_topic(topic) for topic in topics] == list(HOUSEHOLD_EVENTS)
