"""A transfer: asked for with a reason while the case stays where it is, then accepted, moving
the family's place (and the case's caseworker), or declined, leaving it where it was."""

from __future__ import annotations

import pytest

from baxt.domain.case import Case
from baxt.domain.errors import CaseErased, InvalidInput, InvalidTransition
from baxt.domain.personal_data import personal_event_fields
from baxt.domain.values import CaseStatus
from tests.unit.helpers import ACTOR, case_in, close

SUPERVISOR = "supervisor-chilonzor"
OPEN = [s for s in CaseStatus if s is not CaseStatus.CLOSED]


def _request(case: Case, district: str = "Chilonzor", region: str = "Tashkent") -> None:
    case.request_transfer(
        region=region, district=district, mahalla="Katta Qozirabot", reason="The family moved",
        actor=ACTOR,
    )  # fmt: skip


def _pending(status: CaseStatus = CaseStatus.VISITED) -> Case:
    case = case_in(status)
    _request(case)
    case.collect_events()
    return case


def _names(case: Case) -> list[str]:
    return [type(event).__name__ for event in case.collect_events()]


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_a_requested_transfer_waits_and_leaves_the_case_where_it_was(status: CaseStatus) -> None:
    case = case_in(status)
    place = case.household

    _request(case)

    assert _names(case) == ["TransferRequested"]
    assert case.household == place
    assert case.status is status
    pending = case.pending_transfer
    assert pending is not None
    assert (pending.district, pending.mahalla, pending.requested_by) == (
        "Chilonzor",
        "Katta Qozirabot",
        ACTOR,
    )


def test_a_transfer_to_another_region_is_a_transfer_too() -> None:
    case = case_in(CaseStatus.FLAGGED)

    _request(case, district="Yunusobod", region="Samarqand")

    assert _names(case) == ["TransferRequested"]


def test_a_move_inside_the_district_is_a_correction_not_a_transfer() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput, match="correctHousehold") as refused:
        _request(case, district="Yunusobod")
    assert refused.value.field == ("district",)
    assert case.collect_events()[1:] == []


def test_a_transfer_needs_a_reason_and_a_place() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(InvalidInput):
        case.request_transfer(
            region="Tashkent", district="Chilonzor", mahalla="X", reason=" ", actor=ACTOR
        )
    with pytest.raises(InvalidInput):
        case.request_transfer(
            region="Tashkent", district="", mahalla="X", reason="moved", actor=ACTOR
        )


def test_a_closed_or_erased_case_is_not_transferred() -> None:
    closed = case_in(CaseStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        _request(closed)
    erased = case_in(CaseStatus.FLAGGED)
    erased.erase_child_data(legal_reason="court order", actor=ACTOR)
    with pytest.raises(CaseErased):
        _request(erased)


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_one_transfer_waits_at_a_time(status: CaseStatus) -> None:
    case = _pending(status)

    with pytest.raises(InvalidTransition, match="waits"):
        _request(case, district="Mirobod")
    assert case.collect_events() == []


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_an_accepted_transfer_moves_the_family_and_gives_the_case_on(status: CaseStatus) -> None:
    case = _pending(status)

    case.accept_transfer(caseworker="caseworker-chilonzor", actor=SUPERVISOR)

    (accepted,) = case.collect_events()
    assert isinstance(accepted, Case.TransferAccepted)
    assert (accepted.from_district, accepted.district) == ("Yunusobod", "Chilonzor")
    assert accepted.requested_by == ACTOR
    assert (case.household.region, case.household.district, case.household.mahalla) == (
        "Tashkent",
        "Chilonzor",
        "Katta Qozirabot",
    )
    assert case.household.guardian_name == "Dilnoza Karimova"
    assert case.caseworker == "caseworker-chilonzor"
    assert case.pending_transfer is None
    assert case.status is status


def test_accepted_without_a_caseworker_the_case_is_nobodys_until_assigned() -> None:
    case = _pending()
    case.assign(caseworker="caseworker-yunusobod", reason="", actor=SUPERVISOR)

    case.accept_transfer(actor=SUPERVISOR)

    assert case.caseworker is None


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_a_declined_transfer_leaves_the_case_where_it_was(status: CaseStatus) -> None:
    case = _pending(status)
    place = case.household

    case.decline_transfer(reason="The family is not at that address", actor=SUPERVISOR)

    assert _names(case) == ["TransferDeclined"]
    assert case.household == place
    assert case.pending_transfer is None
    _request(case, district="Mirobod")
    assert _names(case) == ["TransferRequested"]


def test_a_decline_needs_a_reason() -> None:
    case = _pending()

    with pytest.raises(InvalidInput):
        case.decline_transfer(reason="", actor=SUPERVISOR)


@pytest.mark.parametrize("status", [*OPEN, CaseStatus.CLOSED], ids=lambda s: s.value)
def test_without_a_pending_transfer_there_is_nothing_to_decide(status: CaseStatus) -> None:
    case = case_in(status)

    with pytest.raises(InvalidTransition):
        case.accept_transfer(actor=SUPERVISOR)
    with pytest.raises(InvalidTransition):
        case.decline_transfer(reason="no", actor=SUPERVISOR)


def test_closing_or_erasing_the_case_drops_the_waiting_transfer() -> None:
    case = _pending()
    close(case)
    assert case.pending_transfer is None
    with pytest.raises(InvalidTransition):
        case.accept_transfer(actor=SUPERVISOR)

    erased = _pending()
    erased.erase_child_data(legal_reason="court order", actor=ACTOR)
    assert erased.pending_transfer is None
    with pytest.raises(CaseErased):
        erased.accept_transfer(actor=SUPERVISOR)


def test_a_transfers_reasons_are_sealed_as_personal_data() -> None:
    assert "reason" in personal_event_fields(Case.TransferRequested)
    assert "reason" in personal_event_fields(Case.TransferDeclined)
