"""A caseworker's closure on request: recorded as asked, approved into `Closed`, or rejected
back to where the case was; and the policy that says which closures wait, and for whom."""

from __future__ import annotations

import pytest

from baxt.application.access.principal import Principal, Role
from baxt.application.access.rules import RULES, Operation
from baxt.application.cases.service import CaseService
from baxt.config import ConfigError, Settings, load_settings
from baxt.domain.approvals import DEFAULT_CLOSURE_REASONS, ApprovalKind, ApprovalPolicy
from baxt.domain.case import Case
from baxt.domain.errors import (
    CaseErased,
    ChildNotSeen,
    InvalidInput,
    InvalidTransition,
    ReferralRequired,
)
from baxt.domain.values import CaseStatus, CloseReason
from tests.unit.answers import StoppedReadModel
from tests.unit.helpers import ACTOR, NOW, an_application, case_in, flag_child, read_case

SUPERVISOR = "supervisor-3"
OPEN = [s for s in CaseStatus if s is not CaseStatus.CLOSED]


def _request(case: Case, reason: CloseReason = CloseReason.OTHER) -> None:
    case.request_closure(reason=reason, note="The family asked to end the work", actor=ACTOR)


def _pending_case(status: CaseStatus = CaseStatus.VISITED) -> Case:
    case = case_in(status)
    _request(case)
    case.collect_events()
    return case


def _names(case: Case) -> list[str]:
    return [type(event).__name__ for event in case.collect_events()]


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_a_requested_closure_is_recorded_and_leaves_the_case_open_as_it_was(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    _request(case)

    assert _names(case) == ["ClosureRequested"]
    assert case.status is status
    assert case.pending_closure is not None
    assert (case.pending_closure.reason, case.pending_closure.requested_by) == (
        CloseReason.OTHER,
        ACTOR,
    )
    assert case.pending_closure.note == "The family asked to end the work"


def test_a_closure_of_a_closed_case_cannot_be_requested() -> None:
    case = case_in(CaseStatus.CLOSED)

    with pytest.raises(InvalidTransition):
        _request(case)


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_while_a_closure_waits_a_second_request_and_a_direct_close_are_refused(
    status: CaseStatus,
) -> None:
    case = _pending_case(status)

    with pytest.raises(InvalidTransition, match="waits for a supervisor"):
        _request(case, CloseReason.MOVED)
    with pytest.raises(InvalidTransition, match="waits for a supervisor"):
        case.close(reason=CloseReason.MOVED, note="", actor=SUPERVISOR)
    assert case.collect_events() == []


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_an_approval_records_the_decision_then_the_closed_that_closes_the_case(
    status: CaseStatus,
) -> None:
    case = _pending_case(status)

    case.approve_closure(comment="Agreed after the call", actor=SUPERVISOR)

    approved, closed = case.collect_events()
    assert (type(approved).__name__, type(closed).__name__) == ("ClosureApproved", "Closed")
    assert isinstance(approved, Case.ClosureApproved)
    assert isinstance(closed, Case.Closed)
    assert (approved.actor, approved.requested_by, approved.reason) == (
        SUPERVISOR,
        ACTOR,
        CloseReason.OTHER,
    )
    assert approved.comment == "Agreed after the call"
    assert (closed.actor, closed.reason, closed.note) == (
        SUPERVISOR,
        CloseReason.OTHER,
        "The family asked to end the work",
    )
    assert (case.status, case.close_reason, case.pending_closure) == (
        CaseStatus.CLOSED,
        CloseReason.OTHER,
        None,
    )


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_a_rejection_with_a_comment_puts_the_case_back_where_it_was(status: CaseStatus) -> None:
    case = _pending_case(status)
    version = case.version

    case.reject_closure(comment="Visit the family once more first", actor=SUPERVISOR)

    (rejected,) = case.collect_events()
    assert isinstance(rejected, Case.ClosureRejected)
    assert (rejected.actor, rejected.requested_by, rejected.comment) == (
        SUPERVISOR,
        ACTOR,
        "Visit the family once more first",
    )
    assert (case.status, case.pending_closure, case.version) == (status, None, version + 1)
    _request(case, CloseReason.MOVED)
    assert _names(case) == ["ClosureRequested"]


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_a_withdrawn_request_leaves_the_case_as_it_was_and_may_be_asked_again(
    status: CaseStatus,
) -> None:
    case = _pending_case(status)

    case.withdraw_closure_request(actor=ACTOR)

    (withdrawn,) = case.collect_events()
    assert isinstance(withdrawn, Case.ClosureWithdrawn)
    assert (withdrawn.reason, withdrawn.requested_by) == (CloseReason.OTHER, ACTOR)
    assert (case.status, case.pending_closure) == (status, None)
    _request(case)
    assert _names(case) == ["ClosureRequested"]


def test_a_rejection_needs_a_comment_for_the_caseworker() -> None:
    case = _pending_case()

    with pytest.raises(InvalidInput) as refused:
        case.reject_closure(comment="  ", actor=SUPERVISOR)

    assert refused.value.field == ("comment",)
    assert case.pending_closure is not None


@pytest.mark.parametrize("status", list(CaseStatus), ids=lambda s: s.value)
def test_with_no_closure_waiting_there_is_nothing_to_approve_or_reject(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    with pytest.raises(InvalidTransition):
        case.approve_closure(comment="", actor=SUPERVISOR)
    with pytest.raises(InvalidTransition):
        case.reject_closure(comment="No", actor=SUPERVISOR)
    with pytest.raises(InvalidTransition):
        case.withdraw_closure_request(actor=ACTOR)
    assert case.collect_events() == []


@pytest.mark.parametrize(
    ("status", "reason", "refusal"),
    [
        (CaseStatus.FLAGGED, CloseReason.NO_NEEDS_FOUND, ChildNotSeen),
        (CaseStatus.CONSULTED, CloseReason.SERVICES_LINKED, ReferralRequired),
        (CaseStatus.VISITED, CloseReason.DATA_ERASED, InvalidInput),
    ],
)
def test_a_request_is_checked_as_a_closure_is(
    status: CaseStatus, reason: CloseReason, refusal: type[Exception]
) -> None:
    case = case_in(status)

    with pytest.raises(refusal):
        _request(case, reason)

    assert case.pending_closure is None


def test_erasing_the_child_s_data_ends_the_waiting_request_with_the_case() -> None:
    case = _pending_case()

    case.erase_child_data(legal_reason="Court order 2026/77", actor="admin")

    assert (case.status, case.pending_closure) == (CaseStatus.CLOSED, None)
    with pytest.raises(CaseErased):
        case.approve_closure(comment="", actor=SUPERVISOR)


def test_a_waiting_request_and_its_approval_replay_from_the_store() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    app.change_case(case_id, lambda case: _request(case))

    waiting = read_case(app, case_id)
    app.change_case(case_id, lambda case: case.approve_closure(comment="", actor=SUPERVISOR))
    closed = read_case(app, case_id)

    assert waiting.pending_closure is not None
    assert (waiting.status, waiting.pending_closure.requested_by) == (CaseStatus.FLAGGED, ACTOR)
    assert waiting.pending_closure.requested_at >= NOW
    assert (closed.status, closed.pending_closure) == (CaseStatus.CLOSED, None)
    assert [e.type for e in app.history(case_id)][-3:] == [
        "ClosureRequested",
        "ClosureApproved",
        "Closed",
    ]


def test_the_read_model_s_row_shows_the_waiting_request_without_its_note() -> None:
    app = an_application()
    case_id = flag_child(app).case_id

    saved = app.change_case(case_id, lambda case: _request(case))

    pending = saved.row.pending_approval
    assert pending is not None
    assert (pending.kind, pending.requested_by, pending.close_reason) == (
        ApprovalKind.CLOSURE,
        ACTOR,
        CloseReason.OTHER,
    )
    assert not hasattr(pending, "note")


def _service(policy: ApprovalPolicy | None = None) -> CaseService:
    return CaseService(
        an_application(), StoppedReadModel(), read_your_writes_timeout=1, approvals=policy
    )


CLOSERS = [role for role, rules in RULES.items() if Operation.CHANGE_CASES in rules.operations]


def test_caseworkers_and_supervisors_are_the_roles_that_close_cases() -> None:
    assert set(CLOSERS) == {Role.CASEWORKER, Role.SUPERVISOR}


@pytest.mark.parametrize("role", CLOSERS, ids=[role.value for role in CLOSERS])
@pytest.mark.parametrize("reason", [r for r in CloseReason if r in DEFAULT_CLOSURE_REASONS])
def test_only_a_caseworker_s_closure_for_a_reason_the_policy_names_waits(
    role: Role, reason: CloseReason
) -> None:
    waits = _service().closure_waits_for_approval(Principal("someone", role), reason)

    assert waits is (role is Role.CASEWORKER)


@pytest.mark.parametrize(
    "reason",
    [r for r in CloseReason if r not in DEFAULT_CLOSURE_REASONS],
    ids=lambda r: r.value,
)
def test_by_default_a_caseworker_closes_at_once_for_a_reason_resting_on_facts(
    reason: CloseReason,
) -> None:
    waits = _service().closure_waits_for_approval(Principal("cw", Role.CASEWORKER), reason)

    assert waits is False


def test_a_policy_naming_no_reason_lets_every_caseworker_close_at_once() -> None:
    service = _service(ApprovalPolicy.of_names([""]))

    assert not any(
        service.closure_waits_for_approval(Principal("cw", Role.CASEWORKER), reason)
        for reason in CloseReason
    )


def test_only_supervisors_may_approve() -> None:
    approvers = {
        role for role, rules in RULES.items() if Operation.APPROVE_CASES in rules.operations
    }

    assert approvers == {Role.SUPERVISOR}


def test_the_setting_names_the_default_policy_and_takes_another() -> None:
    assert Settings().approvals == ApprovalPolicy()
    chosen = Settings(closure_approval_reasons="MOVED, OTHER").approvals

    assert chosen.closure_reasons == {CloseReason.MOVED, CloseReason.OTHER}


@pytest.mark.parametrize("value", ["MOVED,GONE", "DATA_ERASED"])
def test_a_policy_naming_what_is_no_close_reason_is_a_one_line_config_error(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAXT_CLOSURE_APPROVAL_REASONS", value)

    with pytest.raises(ConfigError, match="BAXT_CLOSURE_APPROVAL_REASONS"):
        load_settings()
