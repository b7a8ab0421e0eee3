"""Text no text may hold (NUL, control characters, lone surrogates, bidirectional overrides)
and implausible times are refused by every command, each with INVALID_INPUT and its field."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest

from baxt.application.roster import member_from
from baxt.domain import validation as check
from baxt.domain.case import Case
from baxt.domain.characters import unsafe_character
from baxt.domain.directory import OrganisationKind
from baxt.domain.directory_checks import checked_location, checked_organisation
from baxt.domain.errors import InvalidInput
from baxt.domain.referrals import ConsentPurpose, ProgressKind, ReferralOutcome
from baxt.domain.values import (
    CaseStatus,
    CloseReason,
    ContactOutcome,
    FlagSource,
    PlanItem,
    Visit,
)

from .helpers import (
    ACTOR,
    NOW,
    a_child,
    a_household,
    a_plan,
    a_visit,
    case_in,
    some_needs,
)

NUL, SURROGATE, BELL = "\x00", "\ud800", "\x07"
HOSTILE = [NUL, SURROGATE, BELL, "\x1b", "\x7f", "\x85", "\u202e", "\u2066"]
ORG = "org-sos"


def _refused(run: Callable[[], object]) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        run()
    assert refused.value.code == "INVALID_INPUT"
    return refused.value


@pytest.mark.parametrize("character", HOSTILE)
def test_a_hostile_character_is_refused_in_a_one_line_text_and_in_a_note(character: str) -> None:
    for run in (
        lambda: check.text(f"Al{character}i", ("full_name",)),
        lambda: check.note(f"seen{character}today", ("note",)),
    ):
        assert _refused(run).message.endswith(f"(U+{ord(character):04X})")


def test_every_control_character_but_newline_and_tab_is_refused_in_a_note() -> None:
    controls = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]

    refused = [c for c in controls if unsafe_character(f"a{c}b", multiline=True)]

    assert sorted(set(controls) - set(refused)) == ["\t", "\n"]


def test_every_lone_surrogate_is_refused() -> None:
    assert all(
        unsafe_character(chr(c)) == f"a lone surrogate (U+{c:04X})" for c in (0xD800, 0xDFFF)
    )


def test_a_note_keeps_its_newlines_and_tabs() -> None:
    assert check.note("first line\n\tsecond line", ("note",)) == "first line\n\tsecond line"


def test_a_note_sent_with_carriage_returns_keeps_plain_newlines() -> None:
    assert check.note("first\r\nsecond", ("note",)) == "first\nsecond"


def test_a_lone_carriage_return_is_a_control_character() -> None:
    assert _refused(lambda: check.note("first\rsecond", ("note",))).field == ("note",)


@pytest.mark.parametrize("line_break", ["\n", "\t", "\u2028", "\u2029"])
def test_a_one_line_text_refuses_line_breaks_and_tabs(line_break: str) -> None:
    refusal = _refused(lambda: check.text(f"Ali{line_break}Valiyev", ("full_name",)))

    assert refusal.message.startswith("full_name must not hold a line break or tab")


def test_a_name_of_only_zero_width_spaces_is_refused() -> None:
    assert _refused(lambda: check.name("\u200b\u200b", ("full_name",))).field == ("full_name",)


def test_a_name_without_a_letter_is_refused() -> None:
    assert _refused(lambda: check.name("12345", ("full_name",))).message == (
        "full_name must hold a letter"
    )


def test_a_required_text_of_only_invisible_format_characters_is_empty() -> None:
    refusal = _refused(lambda: check.text("\ufeff\u200d\u00ad", ("reason",)))

    assert refusal.message == "reason must not be empty"


def test_joiners_and_direction_marks_inside_real_writing_are_kept() -> None:
    assert check.name("Ali\u200dValiyev", ("full_name",)) == "Ali\u200dValiyev"
    assert check.name("\u200fعلی", ("full_name",)) == "\u200fعلی"
    assert check.name("Ёқубжон Ўғли", ("full_name",)) == "Ёқубжон Ўғли"


def test_a_refusal_names_the_field_and_the_character_but_never_echoes_the_text() -> None:
    refusal = _refused(lambda: check.text("secret\x00name", ("full_name",)))

    assert refusal.message == "full_name must not hold a NUL character (U+0000)"


# Every command's texts, each refused with its own field.


def _flag(**changes: Any) -> Case:
    given: dict[str, Any] = {
        "case_id": uuid4(),
        "child": replace(a_child(), **changes.pop("child", {})),
        "household": replace(a_household(), **changes.pop("household", {})),
        "source": FlagSource.COMMUNITY_REPORT,
        "indicators": (),
        "note": "",
        "actor": ACTOR,
        "now": NOW,
    }
    return Case.flag(**(given | changes))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"child": {"full_name": f"Aziza{NUL}"}}, ("child", "full_name")),
        ({"child": {"full_name": "\u200b\u200b"}}, ("child", "full_name")),
        ({"household": {"guardian_name": f"Dilnoza{SURROGATE}"}}, ("household", "guardian_name")),
        ({"household": {"region": f"Tashkent{BELL}"}}, ("household", "region")),
        ({"household": {"district": f"Yunus{NUL}obod"}}, ("household", "district")),
        ({"household": {"mahalla": f"Bodomzor{BELL}"}}, ("household", "mahalla")),
        ({"household": {"guardian_phone": f"+99890123456{NUL}"}}, ("household", "guardian_phone")),
        ({"note": f"reported by a neighbour{NUL}"}, ("note",)),
        ({"indicators": ["WATER_CUTOFF\n"]}, ("indicators",)),
        ({"round": f"RISK_SCREENING:2026-Q1{NUL}"}, ("round",)),
    ],
)
def test_flagging_refuses_hostile_text_in_each_field(
    changes: dict[str, Any], field: tuple[str, ...]
) -> None:
    assert _refused(lambda: _flag(**changes)).field == field


def _contact(case: Case, *, at: datetime | None = None, note: str = "") -> None:
    case.record_contact_attempt(
        outcome=ContactOutcome.REACHED,
        visit_scheduled_at=at or NOW + timedelta(days=2),
        note=note,
        actor=ACTOR,
        now=NOW,
    )


def _visit_at(at: datetime, observations: str = "") -> Callable[[Case], None]:
    visit = replace(a_visit(at=at), observations=observations)
    return lambda case: case.record_visit(visit=visit, actor=ACTOR, now=NOW)


def _consult(plan: PlanItem | None = None, need_note: str = "") -> Callable[[Case], None]:
    needs = [replace(some_needs()[0], note=need_note)]
    return lambda case: case.record_consultation(
        needs=needs, plan=[plan or a_plan()[0]], note="", actor=ACTOR
    )


def _refer(**changes: str) -> Callable[[Case], object]:
    given = {"service_category": "HEALTH_CLINIC", "provider": "Polyclinic", "reason": "Needed"}
    return lambda case: case.refer(consent_given=True, actor=ACTOR, **(given | changes))


YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)
YEAR_ONE_EAST = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
PLAN = a_plan()[0]
SHARE = ConsentPurpose.SHARE_WITH_PARTNER
F, V, C = CaseStatus.FLAGGED, CaseStatus.VISITED, CaseStatus.CONSULTED
CASE_COMMANDS: list[tuple[CaseStatus, Callable[[Case], object], tuple[str, ...]]] = [
    (F, lambda c: _contact(c, note=f"called{BELL}"), ("note",)),
    (F, lambda c: _contact(c, at=YEAR_ONE), ("visit_scheduled_at",)),
    (F, lambda c: _contact(c, at=NOW + timedelta(days=800)), ("visit_scheduled_at",)),
    (F, _visit_at(YEAR_ONE), ("visited_at",)),
    (F, _visit_at(YEAR_ONE_EAST), ("visited_at",)),
    (F, _visit_at(datetime(1999, 12, 31, tzinfo=UTC)), ("visited_at",)),
    (F, _visit_at(NOW, f"home{NUL}"), ("observations",)),
    (V, _consult(need_note=f"no record{SURROGATE}"), ("needs", "0", "note")),
    (V, _consult(replace(PLAN, goal=f"vaccinate{NUL}")), ("plan", "0", "goal")),
    (V, _consult(replace(PLAN, service_category="HEA\nLTH")), ("plan", "0", "service_category")),
    (V, _consult(replace(PLAN, due_on=date(1, 1, 1))), ("plan", "0", "due_on")),
    (C, _refer(provider=f"Clinic{NUL}"), ("provider",)),
    (C, _refer(reason=f"overdue{BELL}"), ("reason",)),
    (C, _refer(service_category=f"HEALTH{NUL}"), ("service_category",)),
    (C, _refer(service_id=f"s{NUL}"), ("service_id",)),
    (F, lambda c: c.close(reason=CloseReason.MOVED, note=NUL, actor=ACTOR), ("note",)),
    (CaseStatus.CLOSED, lambda c: c.reopen(reason=NUL, actor=ACTOR, now=NOW), ("reason",)),
    (F, lambda c: c.assign(caseworker="azi\nza", reason="", actor=ACTOR), ("caseworker",)),
    (F, lambda c: c.assign(caseworker="aziza", reason=BELL, actor=ACTOR), ("reason",)),
    (F, lambda c: c.erase_child_data(legal_reason=NUL, actor=ACTOR), ("legal_reason",)),
    (
        F,
        lambda c: c.give_consent(organisation_id=NUL, purpose=SHARE, actor=ACTOR),
        ("organisation_id",),
    ),
]


@pytest.mark.parametrize(("status", "command", "field"), CASE_COMMANDS)
def test_each_case_command_refuses_hostile_text_and_implausible_times_and_records_nothing(
    status: CaseStatus, command: Callable[[Case], object], field: tuple[str, ...]
) -> None:
    case = case_in(status)

    assert _refused(lambda: command(case)).field == field
    assert case.collect_events() == []


def _referred_to_partner() -> tuple[Case, str]:
    case = case_in(CaseStatus.CONSULTED)
    case.give_consent(organisation_id=ORG, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor=ACTOR)
    referral_id = _refer(organisation_id=ORG)(case)
    assert isinstance(referral_id, str)
    case.collect_events()
    return case, referral_id


def _accepted(case: Case, referral_id: str) -> None:
    case.accept_referral(referral_id=referral_id, organisation_id=ORG, actor=ACTOR)
    case.collect_events()


def test_a_partner_s_decline_reason_with_a_nul_is_refused() -> None:
    case, referral = _referred_to_partner()

    def decline() -> None:
        case.decline_referral(
            referral_id=referral, organisation_id=ORG, reason=f"full{NUL}", actor=ACTOR
        )

    assert _refused(decline).field == ("reason",)


@pytest.mark.parametrize(
    ("note", "certificate", "field"),
    [(f"session{BELL}", "CERT-1", ("note",)), ("", f"CERT{NUL}", ("certificate_number",))],
)
def test_a_partner_s_progress_with_hostile_text_is_refused(
    note: str, certificate: str, field: tuple[str, ...]
) -> None:
    case, referral = _referred_to_partner()
    _accepted(case, referral)

    def progress() -> None:
        case.record_referral_progress(
            referral_id=referral,
            organisation_id=ORG,
            kind=ProgressKind.TRAINING_COMPLETED,
            note=note,
            certificate_number=certificate,
            actor=ACTOR,
        )

    assert _refused(progress).field == field


def test_a_partner_s_completion_note_with_a_lone_surrogate_is_refused() -> None:
    case, referral = _referred_to_partner()
    _accepted(case, referral)
    case.record_referral_progress(
        referral_id=referral,
        organisation_id=ORG,
        kind=ProgressKind.SESSION_HELD,
        note="",
        certificate_number=None,
        actor=ACTOR,
    )

    def complete() -> None:
        case.complete_referral(
            referral_id=referral,
            organisation_id=ORG,
            outcome=ReferralOutcome.GOALS_MET,
            note=f"done{SURROGATE}",
            actor=ACTOR,
        )

    assert _refused(complete).field == ("note",)


def test_a_cancel_or_revoke_reason_with_a_control_character_is_refused() -> None:
    case, referral = _referred_to_partner()

    cancelled = _refused(
        lambda: case.cancel_referral(referral_id=referral, reason=BELL, actor=ACTOR)
    )
    revoked = _refused(lambda: case.revoke_consent(organisation_id=ORG, reason=NUL, actor=ACTOR))

    assert (cancelled.field, revoked.field) == (("reason",), ("reason",))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": f"SOS{NUL}"}, ("name",)),
        ({"email": f"info{NUL}@sos.uz"}, ("email",)),
        ({"website": f"https://sos.uz/{BELL}"}, ("website",)),
        ({"description": f"children's villages{SURROGATE}"}, ("description",)),
    ],
)
def test_a_directory_organisation_with_hostile_text_is_refused(
    changes: dict[str, str], field: tuple[str, ...]
) -> None:
    given: dict[str, Any] = {"id": None, "name": "SOS", "kind": OrganisationKind.NGO}

    assert _refused(lambda: checked_organisation(**(given | changes))).field == field


def test_a_directory_location_address_with_a_nul_is_refused() -> None:
    def location() -> object:
        return checked_location(
            id=None,
            organisation_id=str(uuid4()),
            name="Branch",
            address=f"Amir Temur 1{NUL}",
            region="Toshkent shahri",
        )

    assert _refused(location).field == ("address",)


@pytest.mark.parametrize("column", ["user_id", "full_name", "email", "region", "mahallas"])
def test_a_roster_row_with_a_nul_in_any_text_is_refused(column: str) -> None:
    row = {
        "user_id": "aziza", "full_name": "Aziza Karimova", "role": "CASEWORKER",
        "email": "aziza@example.uz", "phone": "", "language": "uz-Latn",
        "region": "Toshkent shahri", "district": "Chilonzor", "mahallas": "Bunyodkor",
        "capacity": "10",
    }  # fmt: skip
    row[column] = row[column] + NUL

    assert _refused(lambda: member_from(row)).field == (column,)


def test_a_visit_in_2000_and_one_agreed_a_year_ahead_are_accepted() -> None:
    case = case_in(CaseStatus.FLAGGED)
    _contact(case, at=NOW + timedelta(days=365))
    _visit_at(datetime(2000, 1, 1, tzinfo=UTC))(case)

    assert [type(e).__name__ for e in case.collect_events()] == ["ContactAttempted", "Visited"]


def test_a_plain_visit_keeps_its_observations_lines() -> None:
    case = case_in(CaseStatus.FLAGGED)
    visit = Visit(NOW, True, True, "kitchen:\r\n\tno food", False)

    case.record_visit(visit=visit, actor=ACTOR, now=NOW)

    assert case.visits[-1].observations == "kitchen:\n\tno food"
