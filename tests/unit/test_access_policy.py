from __future__ import annotations

import logging

import pytest

from baxt.application.access.masks import MaskedField, field_masks, mask_phone, mask_pinfl
from baxt.application.access.principal import Forbidden, Principal, Role
from baxt.application.access.rules import RULES, Operation, Reach, allows, require
from baxt.application.access.scope import CaseFacts, aggregate_scope, case_scope
from baxt.application.access.view import case_view
from baxt.domain.staff import StaffRole

BUNYODKOR = CaseFacts("Toshkent shahri", "Chilonzor", "Bunyodkor")
BUNYODKOR_ELSEWHERE = CaseFacts("Samarqand viloyati", "Urgut", "Bunyodkor")
MINOR = CaseFacts("Toshkent shahri", "Yunusobod", "Minor")
NAVBAHOR = CaseFacts("Samarqand viloyati", "Urgut", "Navbahor")


def caseworker(mahallas: tuple[str, ...] = (), districts: tuple[str, ...] = ()) -> Principal:
    return Principal("cw.aziza", Role.CASEWORKER, mahallas=mahallas, districts=districts)


def test_a_caseworker_reaches_the_cases_in_their_mahallas() -> None:
    scope = case_scope(caseworker(mahallas=("Bunyodkor",)))

    assert scope.covers(BUNYODKOR)
    assert scope.covers(BUNYODKOR_ELSEWHERE)
    assert not scope.covers(MINOR)


def test_districts_on_a_caseworker_s_token_narrow_their_mahallas() -> None:
    scope = case_scope(caseworker(mahallas=("Bunyodkor",), districts=("Chilonzor",)))

    assert scope.covers(BUNYODKOR)
    assert not scope.covers(BUNYODKOR_ELSEWHERE)


def test_a_caseworker_reaches_a_case_assigned_to_them_anywhere() -> None:
    scope = case_scope(caseworker(mahallas=("Bunyodkor",)))
    theirs = CaseFacts(NAVBAHOR.region, NAVBAHOR.district, NAVBAHOR.mahalla, "cw.aziza")
    someone_elses = CaseFacts(NAVBAHOR.region, NAVBAHOR.district, NAVBAHOR.mahalla, "cw.other")

    assert scope.covers(theirs)
    assert not scope.covers(someone_elses)


def test_a_caseworker_flags_only_where_they_work_even_on_a_case_of_their_own() -> None:
    scope = case_scope(caseworker(mahallas=("Bunyodkor",)))
    assigned_elsewhere = CaseFacts(NAVBAHOR.region, NAVBAHOR.district, NAVBAHOR.mahalla, "cw.aziza")

    assert scope.covers_place(BUNYODKOR)
    assert not scope.covers_place(assigned_elsewhere)


def test_a_caseworker_without_a_scope_reaches_only_what_is_assigned() -> None:
    scope = case_scope(caseworker())

    assert not scope.covers(BUNYODKOR)
    assert not scope.covers_place(BUNYODKOR)


def test_a_supervisor_reaches_their_districts_and_regions() -> None:
    by_district = case_scope(Principal("sup", Role.SUPERVISOR, districts=("Chilonzor",)))
    by_region = case_scope(Principal("sup", Role.SUPERVISOR, regions=("Samarqand viloyati",)))

    assert by_district.covers(BUNYODKOR)
    assert not by_district.covers(MINOR)
    assert by_region.covers(NAVBAHOR)
    assert not by_region.covers(BUNYODKOR)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.PARTNER, Role.ADMIN])
def test_roles_without_case_work_reach_no_case(role: Role) -> None:
    scope = case_scope(Principal("x", role, mahallas=("Bunyodkor",), districts=("Chilonzor",)))

    assert not scope.covers(BUNYODKOR)
    assert not allows(Principal("x", role), Operation.READ_CASES)


def test_an_auditor_reaches_every_case_and_changes_none() -> None:
    auditor = Principal("aud", Role.AUDITOR)

    assert case_scope(auditor).covers(NAVBAHOR)
    assert allows(auditor, Operation.ACCESS_LOG)
    assert not any(
        allows(auditor, o)
        for o in (Operation.CHANGE_CASES, Operation.FLAG_CHILDREN, Operation.ASSIGN_CASES)
    )


def test_only_auditors_get_inclusion_proofs_and_the_access_log() -> None:
    allowed = {
        role
        for role in Role
        if allows(Principal("x", role), Operation.INCLUSION_PROOFS)
        or allows(Principal("x", role), Operation.ACCESS_LOG)
    }

    assert allowed == {Role.AUDITOR}


def test_analysts_count_everywhere_and_supervisors_in_their_places() -> None:
    assert aggregate_scope(Principal("an", Role.ANALYST)).reach is Reach.EVERYTHING
    supervisor = aggregate_scope(Principal("sup", Role.SUPERVISOR, districts=("Chilonzor",)))
    assert supervisor.reach is Reach.DISTRICTS_OR_REGIONS
    assert supervisor.districts == ("Chilonzor",)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER, Role.ADMIN])
def test_other_roles_get_no_counts(role: Role) -> None:
    with pytest.raises(Forbidden):
        aggregate_scope(Principal("x", role))


def test_every_role_has_rules() -> None:
    assert set(RULES) == set(Role)


def test_a_refusal_is_logged_with_who_what_and_why(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="baxt.access"), pytest.raises(Forbidden):
        require(Principal("an.alyst", Role.ANALYST), Operation.READ_CASES)

    (record,) = caplog.records
    assert record.name == "baxt.access"
    message = record.getMessage()
    assert all(part in message for part in ("an.alyst", "ANALYST", "cases.read", "role"))


def test_the_phone_mask_keeps_the_country_code_and_the_last_digits() -> None:
    assert mask_phone("+998901234567") == "+998*******67"


def test_the_pinfl_mask_shows_no_digit_of_it() -> None:
    masked = mask_pinfl("51505012345678")

    assert masked == "*" * 14
    assert not any(character.isdigit() for character in masked)


@pytest.mark.parametrize(
    ("role", "masked"),
    [
        (Role.CASEWORKER, set()),
        (Role.AUDITOR, set()),
        (Role.SUPERVISOR, {MaskedField.PINFL}),
        (Role.ANALYST, set(MaskedField)),
        (Role.PARTNER, set(MaskedField)),
    ],
)
def test_who_sees_which_field_masked(role: Role, masked: set[MaskedField]) -> None:
    assert field_masks(Principal("x", role)).masked == masked


def test_masks_apply_to_plain_event_data_at_any_depth() -> None:
    masks = case_view(Principal("x", Role.ANALYST)).masks
    data = {
        "child": {"personal_id": "51505012345678", "full_name": "Madina"},
        "household": {"guardian_phone": "+998901234567"},
        "visits": [{"observations": "a bruise on the arm", "child_seen": True}],
    }

    assert masks.plain(data) == {
        "child": {"personal_id": "**************", "full_name": "Madina"},
        "household": {"guardian_phone": "+998*******67"},
        "visits": [{"observations": "[restricted]", "child_seen": True}],
    }


def test_every_roster_job_is_the_access_role_of_the_same_stored_name() -> None:
    assert {job.value for job in StaffRole} <= {role.value for role in Role}
    assert {job.name for job in StaffRole} == {job.value for job in StaffRole}
