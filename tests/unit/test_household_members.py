"""Which of a household's members is the child being erased: the same name in its one form,
and the same birth date where the entry has one; the erasure records those entries."""

from __future__ import annotations

import dataclasses
from datetime import date
from uuid import uuid4

from baxt.application.households.store import save_household
from baxt.domain.case import Case
from baxt.domain.household import Address, Guardian, Household, Member
from baxt.domain.household.members import positions_of

from .helpers import a_child, an_application, flag_child

BORN = date(2019, 5, 4)
ZARINA = dataclasses.replace(a_child(BORN), full_name="Zarina Tursunova")


def test_the_child_is_found_whatever_the_order_or_script_of_the_name_s_words() -> None:
    members = [
        Member("Bobur Tursunov", date(2017, 1, 2), "son"),
        Member("Турсунова Зарина", None, "daughter"),
        Member("tursunova zarina", BORN, "daughter"),
    ]

    assert positions_of(members, ZARINA) == (1, 2)


def test_a_namesake_born_on_another_day_is_not_the_child() -> None:
    members = [Member("Zarina Tursunova", date(1961, 3, 3), "grandmother")]

    assert positions_of(members, ZARINA) == ()


def test_erasing_a_child_records_their_own_entries_in_the_household_s_members() -> None:
    app = an_application()
    case_id = flag_child(app, ZARINA).case_id
    record = Household.register(
        household_id=uuid4(),
        guardians=[Guardian("Tursunova Dilnoza", "+998901234567", "mother")],
        address=Address("Toshkent shahri", "Chilonzor", "Bunyodkor"),
        members=[Member("Bobur Tursunov"), Member("Zarina Tursunova", BORN, "daughter")],
        actor="cw",
    )
    save_household(app, record)
    app.change_case(case_id, lambda c: c.link_to_household(household_id=record.id, actor="cw"))

    app.erase_child_data(case_id, legal_reason="court order 7", actor="admin")

    [erasure] = [e for e in app.events.get(case_id) if isinstance(e, Case.ChildDataErased)]
    assert list(erasure.household_members or ()) == [1]
