"""A caseworker's work plan revision and transfer on request: recorded as asked, approved into
the very `WorkPlanRevised` or `TransferRequested` of an action at once, rejected with a
comment or withdrawn back to where the case was; one request waits at a time; and the policy
that says which wait, and for whom."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from baxt.application.access.principal import Principal, Role
from baxt.application.cases.rows import case_summary_of
from baxt.application.cases.service import CaseService
from baxt.config import Settings
from baxt.domain.approvals import ApprovalKind, ApprovalPolicy
from baxt.domain.case import Case
from baxt.domain.case.work_plan import REVISABLE
from baxt.domain.errors import CaseErased, InvalidInput, InvalidTransition
from baxt.domain.personal_data import personal_event_fields
from baxt.domain.values import CaseStatus, CloseReason, GoalChange, GoalStatus, PlanItem
from tests.unit.answers import StoppedReadModel
from tests.unit.helpers import ACTOR, a_plan, an_application, case_in

SUPERVISOR = "supervisor-3"
OPEN = [s for s in CaseStatus if s is not CaseStatus.CLOSED]
NOT_REVISABLE = [s for s in CaseStatus if s not in REVISABLE]
KINDS = [ApprovalKind.WORK_PLAN, ApprovalKind.TRANSFER]
NEW_GOAL = PlanItem("Speech therapy twice a week", "SPEECH_THERAPY", date(2026, 9, 30))


def _names(case: Case) -> list[str]:
    return [type(event).__name__ for event in case.collect_events()]


def _request_revision(
    case: Case, add: Sequence[PlanItem] = (NEW_GOAL,), change: Sequence[GoalChange] = ()
) -> None:
    case.request_work_plan_revision(reason="The clinic moved", actor=ACTOR, add=add, change=change)


def _request_transfer(case: Case, district: str = "Chilonzor") -> None:
    case.request_transfer_approval(
        region="Tashkent", district=district, mahalla="Qatortol", reason="The family moved",
        actor=ACTOR,
    )  # fmt: skip


def _pending(kind: ApprovalKind, status: CaseStatus = CaseStatus.CONSULTED) -> Case:
    case = case_in(status)
    (_request_revision if kind is ApprovalKind.WORK_PLAN else _request_transfer)(case)
    case.collect_events()
    return case


@pytest.mark.parametrize("status", REVISABLE, ids=lambda s: s.value)
def test_a_requested_revision_is_recorded_and_leaves_the_plan_as_it_was(
    status: CaseStatus,
) -> None:
    case = case_in(status)
    goals = case.goals

    _request_revision(case)

    assert _names(case) == ["WorkPlanRevisionRequested"]
    assert case.goals == goals
    assert case.pending_revision is not None
    assert case.pending_revision.added == (NEW_GOAL,)
    assert case.pending_revision.requested_by == ACTOR


@pytest.mark.parametrize("status", NOT_REVISABLE, ids=lambda s: s.value)
def test_a_revision_cannot_be_requested_where_a_plan_cannot_be_revised(
    status: CaseStatus,
) -> None:
    with pytest.raises(InvalidTransition, match="cannot be revised"):
        _request_revision(case_in(status))


def test_a_requested_revision_is_checked_as_a_revision_is() -> None:
    case = case_in(CaseStatus.CONSULTED)

    with pytest.raises(InvalidInput):
        _request_revision(case, add=[])
    with pytest.raises(InvalidInput, match="no such goal"):
        _request_revision(case, add=[], change=[GoalChange("no-such-goal", note="x")])
    with pytest.raises(InvalidInput):
        case.request_work_plan_revision(reason=" ", actor=ACTOR, add=[NEW_GOAL])
    assert case.collect_events() == []


@pytest.mark.parametrize("status", REVISABLE, ids=lambda s: s.value)
def test_an_approved_revision_takes_effect_as_a_revision_at_once(status: CaseStatus) -> None:
    case = _pending(ApprovalKind.WORK_PLAN, status)
    first = case.goals[0].id

    case.approve_request(kind=ApprovalKind.WORK_PLAN, comment="Agreed", actor=SUPERVISOR)

    assert _names(case) == ["WorkPlanRevisionApproved", "WorkPlanRevised"]
    assert [g.text for g in case.goals] == [a_plan()[0].goal, NEW_GOAL.goal]
    assert case.goals[0].id == first
    assert case.pending_revision is None


def test_an_approved_change_is_made_to_the_goal_it_named() -> None:
    case = case_in(CaseStatus.CONSULTED)
    goal = case.goals[0].id
    _request_revision(case, add=[], change=[GoalChange(goal, status=GoalStatus.ACHIEVED)])

    case.approve_request(kind=ApprovalKind.WORK_PLAN, comment="", actor=SUPERVISOR)

    assert case.goals[0].status is GoalStatus.ACHIEVED


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_a_rejected_request_needs_a_comment_and_leaves_the_case_as_it_was(
    kind: ApprovalKind,
) -> None:
    case = _pending(kind)
    goals, household = case.goals, case.household

    with pytest.raises(InvalidInput):
        case.reject_request(kind=kind, comment=" ", actor=SUPERVISOR)
    case.reject_request(kind=kind, comment="Talk to the family first", actor=SUPERVISOR)

    rejected = {ApprovalKind.WORK_PLAN: "WorkPlanRevisionRejected"}
    assert _names(case) == [rejected.get(kind, "TransferApprovalRejected")]
    assert (case.goals, case.household, case.awaited_approval) == (goals, household, None)
    assert case.pending_transfer is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_a_withdrawn_request_leaves_the_case_as_it_was(kind: ApprovalKind) -> None:
    case = _pending(kind)

    case.withdraw_request(kind=kind, actor=ACTOR)

    withdrawn = {ApprovalKind.WORK_PLAN: "WorkPlanRevisionWithdrawn"}
    assert _names(case) == [withdrawn.get(kind, "TransferApprovalWithdrawn")]
    assert case.awaited_approval is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
@pytest.mark.parametrize("other", [*KINDS, ApprovalKind.CLOSURE], ids=lambda k: k.value)
def test_a_kind_with_nothing_waiting_is_refused(kind: ApprovalKind, other: ApprovalKind) -> None:
    case = _pending(kind) if kind is not other else case_in(CaseStatus.CONSULTED)

    with pytest.raises(InvalidTransition, match="no "):
        case.approve_request(kind=other, comment="", actor=SUPERVISOR)
    with pytest.raises(InvalidTransition, match="no "):
        case.reject_request(kind=other, comment="No", actor=SUPERVISOR)
    with pytest.raises(InvalidTransition, match="no "):
        case.withdraw_request(kind=other, actor=ACTOR)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_one_request_waits_at_a_time(kind: ApprovalKind) -> None:
    case = _pending(kind)

    with pytest.raises(InvalidTransition, match="waits for a supervisor"):
        _request_revision(case)
    with pytest.raises(InvalidTransition, match="waits for a supervisor"):
        _request_transfer(case)
    with pytest.raises(InvalidTransition, match="waits for a supervisor"):
        case.request_closure(reason=CloseReason.OTHER, note="", actor=ACTOR)
    with pytest.raises(InvalidTransition, match="waits for a supervisor"):
        case.close(reason=CloseReason.MOVED, note="", actor=SUPERVISOR)


def test_a_revision_at_once_waits_for_the_revision_asked_for_but_not_for_a_transfer() -> None:
    revising = _pending(ApprovalKind.WORK_PLAN)
    with pytest.raises(InvalidTransition, match="revision of this work plan waits"):
        revising.revise_work_plan(reason="Now", actor=SUPERVISOR, add=[NEW_GOAL])

    transferring = _pending(ApprovalKind.TRANSFER)
    transferring.revise_work_plan(reason="Now", actor=SUPERVISOR, add=[NEW_GOAL])
    with pytest.raises(InvalidTransition, match="sending district's supervisor"):
        transferring.request_transfer(
            region="Tashkent", district="Chilonzor", mahalla="Q", reason="r", actor=SUPERVISOR
        )


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_a_requested_transfer_waits_without_reaching_the_receiving_district(
    status: CaseStatus,
) -> None:
    case = case_in(status)

    _request_transfer(case)

    assert _names(case) == ["TransferApprovalRequested"]
    assert case.pending_transfer is None
    assert case.pending_transfer_approval is not None
    assert case.pending_transfer_approval.district == "Chilonzor"


def test_a_transfer_is_requested_only_as_a_transfer_is() -> None:
    with pytest.raises(InvalidTransition):
        _request_transfer(case_in(CaseStatus.CLOSED))
    with pytest.raises(InvalidInput, match="correctHousehold"):
        _request_transfer(case_in(CaseStatus.VISITED), district="Yunusobod")


@pytest.mark.parametrize("status", OPEN, ids=lambda s: s.value)
def test_an_approved_transfer_asks_the_receiving_district_as_a_transfer_at_once(
    status: CaseStatus,
) -> None:
    case = _pending(ApprovalKind.TRANSFER, status)

    case.approve_request(kind=ApprovalKind.TRANSFER, comment="", actor=SUPERVISOR)

    assert _names(case) == ["TransferApprovalGranted", "TransferRequested"]
    assert case.pending_transfer_approval is None
    assert case.pending_transfer is not None
    assert (case.pending_transfer.district, case.pending_transfer.reason) == (
        "Chilonzor",
        "The family moved",
    )
    case.accept_transfer(actor="supervisor-chilonzor")
    assert case.household.district == "Chilonzor"


def test_the_generic_commands_decide_a_closure_as_its_own_do() -> None:
    case = case_in(CaseStatus.VISITED)
    case.request_closure(reason=CloseReason.OTHER, note="", actor=ACTOR)
    case.collect_events()

    case.approve_request(kind=ApprovalKind.CLOSURE, comment="", actor=SUPERVISOR)

    assert _names(case) == ["ClosureApproved", "Closed"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_an_erased_case_forgets_its_request_and_takes_no_decision(kind: ApprovalKind) -> None:
    case = _pending(kind)
    case.erase_child_data(legal_reason="The guardian's request under the law", actor=SUPERVISOR)

    assert case.awaited_approval is None
    with pytest.raises(CaseErased):
        case.approve_request(kind=kind, comment="", actor=SUPERVISOR)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_the_read_models_show_the_request_without_its_text(kind: ApprovalKind) -> None:
    pending = case_summary_of(_pending(kind)).pending_approval

    assert pending is not None
    assert (pending.kind, pending.requested_by, pending.close_reason) == (kind, ACTOR, None)


def test_the_texts_of_requests_and_decisions_are_sealed_as_personal_data() -> None:
    assert "reason" in personal_event_fields(Case.WorkPlanRevisionRequested)
    assert "reason" in personal_event_fields(Case.TransferApprovalRequested)
    for decided in (Case.WorkPlanRevisionRejected, Case.TransferApprovalRejected):
        assert "comment" in personal_event_fields(decided)


def _service(policy: ApprovalPolicy | None = None) -> CaseService:
    return CaseService(
        an_application(), StoppedReadModel(), read_your_writes_timeout=1, approvals=policy
    )


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_by_default_neither_a_revision_nor_a_transfer_waits(kind: ApprovalKind) -> None:
    assert not _service().waits_for_approval(Principal("cw", Role.CASEWORKER), kind)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR], ids=lambda r: r.value)
def test_where_the_policy_says_so_only_a_caseworker_s_request_waits(
    kind: ApprovalKind, role: Role
) -> None:
    service = _service(ApprovalPolicy(work_plan=True, transfer=True))

    assert service.waits_for_approval(Principal("someone", role), kind) is (role is Role.CASEWORKER)


def test_the_settings_turn_each_kind_on() -> None:
    assert Settings().approvals == ApprovalPolicy()
    policy = Settings(work_plan_approval=True).approvals
    assert (policy.work_plan, policy.transfer) == (True, False)
    policy = Settings(transfer_approval=True).approvals
    assert (policy.work_plan, policy.transfer) == (False, True)
