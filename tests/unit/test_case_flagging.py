from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import InvalidInput, InvalidPinfl, NotUnder18
from baxt.domain.values import CaseStatus, FlagSource, FlagTags, MahallaRole, RegistryCategory, Sex

from .helpers import NOW, a_child, a_household, flagged_case

BORN = date(2008, 5, 11)  # 18 from 2026-05-11 00:00 in Tashkent, i.e. 2026-05-10 19:00 UTC


def test_a_flagged_case_starts_its_first_episode() -> None:
    case = flagged_case()

    assert case.status is CaseStatus.FLAGGED
    assert (case.contact_attempts, case.child_seen, case.close_reason) == (0, False, None)
    assert case.version == 1
    assert [type(e).__name__ for e in case.collect_events()] == ["Flagged"]


def test_a_child_is_under_18_until_the_eve_of_the_birthday_ends_in_tashkent() -> None:
    case = flagged_case(
        child=a_child(birth_date=BORN), now=datetime(2026, 5, 10, 18, 59, tzinfo=UTC)
    )

    assert case.status is CaseStatus.FLAGGED


def test_a_child_is_18_from_midnight_in_tashkent_though_utc_is_still_on_the_eve() -> None:
    with pytest.raises(NotUnder18) as refused:
        flagged_case(child=a_child(birth_date=BORN), now=datetime(2026, 5, 10, 19, 0, tzinfo=UTC))

    assert refused.value.code == "NOT_UNDER_18"
    assert refused.value.field == ("child", "birth_date")


def test_a_child_born_in_the_future_is_refused_as_invalid_input() -> None:
    with pytest.raises(InvalidInput) as refused:
        flagged_case(child=a_child(birth_date=date(2026, 6, 1)))

    assert refused.value.code == "INVALID_INPUT"


def test_a_case_flagged_on_new_years_eve_evening_in_utc_belongs_to_the_next_years_q1() -> None:
    case = flagged_case(now=datetime(2026, 12, 31, 20, 0, tzinfo=UTC))

    assert case.quarter == "2027-Q1"


def test_a_case_flagged_just_before_midnight_in_tashkent_stays_in_q4() -> None:
    case = flagged_case(now=datetime(2026, 12, 31, 18, 59, tzinfo=UTC))

    assert case.quarter == "2026-Q4"


def test_a_pinfl_that_disagrees_with_the_childs_sex_is_refused() -> None:
    child = replace(a_child(sex=Sex.MALE), sex=Sex.FEMALE)

    with pytest.raises(InvalidPinfl) as refused:
        flagged_case(child=child)

    assert refused.value.code == "INVALID_PINFL"
    assert refused.value.field == ("child", "personal_id")


def test_a_pinfl_with_blanks_around_it_is_stored_without_them() -> None:
    child = a_child()

    case = flagged_case(child=replace(child, personal_id=f"  {child.personal_id} "))

    assert case.child.personal_id == child.personal_id


def test_the_childs_name_must_not_be_blank() -> None:
    with pytest.raises(InvalidInput) as refused:
        flagged_case(child=replace(a_child(), full_name="   "))

    assert refused.value.field == ("child", "full_name")


def test_a_guardian_phone_is_kept_in_international_form_without_separators() -> None:
    household = replace(a_household(), guardian_phone="+998 (90) 123-45-67")

    case = flagged_case(household=household)

    assert case.household.guardian_phone == "+998901234567"


def test_a_guardian_phone_without_a_country_code_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        flagged_case(household=replace(a_household(), guardian_phone="90 123 45 67"))

    assert refused.value.field == ("household", "guardian_phone")


def test_indicator_codes_are_kept_once_each_in_the_order_given() -> None:
    case = flagged_case(indicators=["SCHOOL_ABSENCE", "NO_BIRTH_REGISTRATION", "SCHOOL_ABSENCE"])

    assert case.indicators == ("SCHOOL_ABSENCE", "NO_BIRTH_REGISTRATION")


def test_an_indicator_code_that_is_not_upper_case_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        flagged_case(indicators=["school absence"])

    assert refused.value.field == ("indicators",)


def test_a_flag_keeps_the_registry_category_and_a_later_flag_without_one_keeps_it_known() -> None:
    case = Case.flag(
        case_id=uuid4(),
        child=a_child(),
        household=a_household(),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=(),
        note="",
        actor="registry",
        now=NOW,
        tags=FlagTags(registry_category=RegistryCategory.POOR),
    )
    case.add_flag(source=FlagSource.COMMUNITY_REPORT, indicators=(), note="", actor="neighbour")
    case.add_flag(
        source=FlagSource.MAHALLA_TEAM,
        indicators=(),
        note="",
        actor="mahalla-1",
        tags=FlagTags(RegistryCategory.STATE_SUPPORTED, MahallaRole.WOMENS_ACTIVIST),
    )

    assert case.registry_category is RegistryCategory.STATE_SUPPORTED
    added = case.collect_events()[-1]
    assert isinstance(added, Case.FlagAdded)
    assert added.mahalla_role is MahallaRole.WOMENS_ACTIVIST


def test_only_a_mahalla_teams_flag_may_name_the_members_role() -> None:
    with pytest.raises(InvalidInput) as refused:
        Case.flag(
            case_id=uuid4(),
            child=a_child(),
            household=a_household(),
            source=FlagSource.COMMUNITY_REPORT,
            indicators=(),
            note="",
            actor="neighbour",
            now=NOW,
            tags=FlagTags(mahalla_role=MahallaRole.CHAIR),
        )

    assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", ("mahalla_role",))
