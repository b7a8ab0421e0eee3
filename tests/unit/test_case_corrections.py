from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from baxt.domain.case import Case, events
from baxt.domain.errors import CaseErased, InvalidInput, InvalidPinfl
from baxt.domain.personal_data import ERASED
from baxt.domain.values import CaseStatus, FlagSource, Sex
from tests.unit.helpers import (
    ACTOR,
    BIRTH_DATE,
    a_child,
    a_household,
    an_application,
    case_in,
    flag_child,
    read_case,
)

REASON = "The name was misspelt at the screening; the birth certificate shows it"


def _correct_child(case: Case, **given: Any) -> bool:
    return case.correct_child(reason=given.pop("reason", REASON), actor=ACTOR, **given)


def _correct_household(case: Case, **given: Any) -> bool:
    return case.correct_household(reason=given.pop("reason", REASON), actor=ACTOR, **given)


def _erased_case() -> Case:
    case = case_in(CaseStatus.FLAGGED)
    case.erase_child_data(legal_reason="Court order 2026/77", actor="admin")
    case.collect_events()
    return case


def _flagged_by_an_earlier_release(birth_date: date, sex: Sex) -> Case:
    """A case whose stored birth date or sex disagrees with its PINFL, as no flag made today
    could store: the PINFL spells 2015-03-04 and FEMALE."""
    child = replace(a_child(), birth_date=birth_date, sex=sex)
    case: Case = Case._create(
        events.Flagged,
        id=uuid4(),
        child=child,
        household=a_household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=(),
        note="",
        quarter="2026-Q2",
        actor=ACTOR,
    )
    case.collect_events()
    return case


@pytest.mark.parametrize("status", list(CaseStatus), ids=lambda s: s.value)
def test_the_child_s_name_is_corrected_in_every_status_without_moving_it(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    changed = _correct_child(case, full_name="Aziza Karimovna")

    recorded = case.collect_events()
    assert changed
    assert [type(e) for e in recorded] == [Case.ChildCorrected]
    assert case.child.full_name == "Aziza Karimovna"
    assert case.child.personal_id == a_child().personal_id
    assert case.status is status


@pytest.mark.parametrize("status", list(CaseStatus), ids=lambda s: s.value)
def test_the_household_is_corrected_in_every_status_without_moving_it(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    changed = _correct_household(case, guardian_phone="+998 90 765 43 21", mahalla="Chinor")

    assert changed
    assert [type(e) for e in case.collect_events()] == [Case.HouseholdCorrected]
    assert case.household == replace(
        a_household(), guardian_phone="+998907654321", mahalla="Chinor"
    )
    assert case.status is status


@pytest.mark.parametrize(
    "correct",
    [
        pytest.param(lambda case: _correct_child(case, full_name="Aziza"), id="child"),
        pytest.param(lambda case: _correct_household(case, mahalla="Chinor"), id="household"),
    ],
)
def test_an_erased_case_takes_no_correction(correct: Any) -> None:
    case = _erased_case()

    with pytest.raises(CaseErased) as refused:
        correct(case)

    assert refused.value.code == "CASE_ERASED"
    assert case.collect_events() == []


def test_a_correction_records_only_the_fields_that_change() -> None:
    case = case_in(CaseStatus.FLAGGED)

    _correct_household(
        case, guardian_name="Dilnoza Karimova", guardian_phone="+998907654321", mahalla="Chinor"
    )

    (corrected,) = case.collect_events()
    assert isinstance(corrected, Case.HouseholdCorrected)
    assert corrected.corrections() == {"guardian_phone": "+998907654321", "mahalla": "Chinor"}
    assert corrected.guardian_name is None
    assert corrected.reason == REASON


def test_a_correction_that_changes_nothing_records_nothing() -> None:
    case = case_in(CaseStatus.FLAGGED)
    version = case.version

    changed = _correct_child(case, full_name=" Aziza Karimova ", birth_date=BIRTH_DATE)

    assert not changed
    assert case.collect_events() == []
    assert case.version == version


def test_a_birth_date_or_sex_that_agrees_with_the_pinfl_corrects_what_an_earlier_release_kept() -> (
    None
):
    case = _flagged_by_an_earlier_release(date(2015, 4, 3), Sex.MALE)

    _correct_child(case, birth_date=BIRTH_DATE, sex=Sex.FEMALE)

    (corrected,) = case.collect_events()
    mapper = an_application().mapper
    stored = mapper.to_domain_event(mapper.to_stored_event(corrected))
    assert isinstance(stored, Case.ChildCorrected)
    assert stored.corrections() == {"birth_date": BIRTH_DATE, "sex": Sex.FEMALE}
    assert (case.child.birth_date, case.child.sex) == (BIRTH_DATE, Sex.FEMALE)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        pytest.param({"birth_date": date(2015, 4, 3)}, ("birth_date",), id="birth-date"),
        pytest.param({"sex": Sex.MALE}, ("sex",), id="sex"),
        pytest.param(
            {"birth_date": date(2014, 3, 4), "sex": Sex.FEMALE}, ("birth_date",), id="both"
        ),
    ],
)
def test_a_birth_date_or_sex_the_pinfl_disagrees_with_is_refused_on_its_field(
    given: dict[str, Any], field: tuple[str, ...]
) -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidPinfl) as refused:
        _correct_child(case, **given)

    assert refused.value.code == "INVALID_PINFL"
    assert refused.value.field == field
    assert case.collect_events() == []
    assert case.child == a_child()


@pytest.mark.parametrize(
    ("correct", "given", "field"),
    [
        (_correct_child, {"full_name": "   "}, ("full_name",)),
        (_correct_child, {"full_name": "12345"}, ("full_name",)),
        (_correct_child, {"full_name": "Aziza\x00"}, ("full_name",)),
        (_correct_child, {"full_name": "Aziza", "reason": " "}, ("reason",)),
        (_correct_child, {}, ()),
        (_correct_household, {"guardian_phone": "90 123 45 67"}, ("guardian_phone",)),
        (_correct_household, {"guardian_name": ""}, ("guardian_name",)),
        (_correct_household, {"mahalla": "\u202eChinor"}, ("mahalla",)),
        (_correct_household, {"mahalla": "Chinor", "reason": ""}, ("reason",)),
        (_correct_household, {}, ()),
    ],
    ids=[
        "child-blank-name",
        "child-name-without-letter",
        "child-name-with-nul",
        "child-blank-reason",
        "child-nothing-given",
        "household-local-phone",
        "household-empty-guardian",
        "household-bidi-override",
        "household-empty-reason",
        "household-nothing-given",
    ],
)
def test_bad_input_is_refused_on_its_field_and_changes_nothing(
    correct: Any, given: dict[str, Any], field: tuple[str, ...]
) -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput) as refused:
        correct(case, **given)

    assert type(refused.value) is InvalidInput
    assert refused.value.field == field
    assert case.collect_events() == []


def test_a_saved_correction_reads_back_from_the_store_sealed_as_the_flag_is() -> None:
    app = an_application()
    case_id = flag_child(app).case_id

    app.change_case(case_id, lambda case: _correct_child(case, full_name="Aziza Karimovna"))
    app.change_case(
        case_id,
        lambda case: _correct_household(case, guardian_phone="+998907654321", mahalla="Chinor"),
    )

    recorder: Any = app.recorder
    stored = b"".join(bytes(e.state) for e in recorder.select_events(case_id))
    case = read_case(app, case_id)
    assert case.child.full_name == "Aziza Karimovna"
    assert case.household.guardian_phone == "+998907654321"
    assert case.household.mahalla == "Chinor"
    for personal in ("Aziza Karimovna", "+998907654321", REASON):
        assert personal.encode() not in stored
    assert b"Chinor" in stored  # places are not personal data


def test_an_erasure_leaves_a_correction_s_personal_fields_reading_as_erased() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda case: _correct_child(case, full_name="Aziza Karimovna"))
    app.change_case(case_id, lambda case: _correct_household(case, guardian_name="Dilnoza K."))

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")

    case = read_case(app, case_id)
    corrections = [entry.data for entry in app.history(case_id)][1:3]
    assert (case.child.full_name, case.household.guardian_name) == (ERASED, ERASED)
    assert corrections == [
        {"reason": ERASED, "full_name": ERASED, "birth_date": None, "sex": None},
        {"reason": ERASED, "guardian_name": ERASED, "guardian_phone": None, "mahalla": None},
    ]
