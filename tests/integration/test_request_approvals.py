"""Work plan revisions and transfers on approval, on the real PostgreSQL: the queue shows them
by kind without their text, followed live as a rebuild makes it; an approved transfer reaches
the receiving district's incoming list only then; the notices of each request and decision
are in the outbox; and the texts are sealed at rest."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel
from baxt.bootstrap import event_store_env
from baxt.domain.approvals import ApprovalKind
from baxt.domain.values import PlanItem
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from tests.integration.test_approvals import CASEWORKER, IN_DISTRICT, SUPERVISOR, _notices
from tests.integration.test_work_plan import _consulted
from tests.outbox import Outbox

REASON = "The clinic in Samarqand takes Shahzoda from September"
COMMENT = "Ask the mother about the bus fare first"
FIRST = PlanItem("Vaccinations brought up to date", "HEALTH_CLINIC", date(2026, 9, 30))
"""The plan's one goal at the consultation, which every consultation needs."""
GOAL = PlanItem("Speech sessions in Samarqand", "SPEECH_THERAPY", date(2026, 9, 30))
RECEIVING = Principal("sup.yunusobod", Role.SUPERVISOR, districts=("Yunusobod",))


def _request(app: CaseApplication, case_id: UUID, kind: ApprovalKind) -> None:
    if kind is ApprovalKind.WORK_PLAN:
        app.change_case(
            case_id,
            lambda case: case.request_work_plan_revision(
                reason=REASON, actor=CASEWORKER, add=[GOAL]
            ),
        )
    else:
        app.change_case(
            case_id,
            lambda case: case.request_transfer_approval(
                region="Toshkent shahri",
                district="Yunusobod",
                mahalla="Bodomzor",
                reason=REASON,
                actor=CASEWORKER,
            ),
        )


def _approve(app: CaseApplication, case_id: UUID, kind: ApprovalKind) -> None:
    app.change_case(
        case_id, lambda case: case.approve_request(kind=kind, comment="", actor=SUPERVISOR)
    )


def _reject(app: CaseApplication, case_id: UUID, kind: ApprovalKind) -> None:
    app.change_case(
        case_id, lambda case: case.reject_request(kind=kind, comment=COMMENT, actor=SUPERVISOR)
    )


def _withdraw(app: CaseApplication, case_id: UUID, kind: ApprovalKind) -> None:
    app.change_case(case_id, lambda case: case.withdraw_request(kind=kind, actor=CASEWORKER))


def _query(url: str, statement: str, *params: Any) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(statement, params).fetchall()


def _summary(url: str, case_id: UUID) -> dict[str, Any]:
    (row,) = _query(url, "SELECT * FROM case_summary WHERE case_id = %s", case_id)
    return row


async def _lists(url: str) -> tuple[list[UUID], list[UUID]]:
    """The sending supervisor's approval queue and the receiving one's incoming transfers."""
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    try:
        model = CaseReadModel(pool)
        queue = await model.approval_queue(case_view(IN_DISTRICT), limit=10)
        incoming = await model.incoming_transfers(case_view(RECEIVING), limit=10)
    finally:
        await pool.close()
    return [r.case_id for r in queue.rows], [r.case_id for r in incoming.rows]


KINDS = [ApprovalKind.WORK_PLAN, ApprovalKind.TRANSFER]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
async def test_a_request_is_queued_by_kind_without_its_text_as_a_rebuild_agrees(
    outbox: Outbox, kind: ApprovalKind
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _consulted(app, [FIRST])
    _request(app, case_id, kind)
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    queue, incoming = await _lists(url)

    assert (row["pending_approval"], row["approval_requested_by"]) == (kind.value, CASEWORKER)
    assert REASON not in str(row)
    assert GOAL.goal not in str(row)
    assert (queue, incoming) == ([case_id], [])
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
@pytest.mark.parametrize("decide", [_approve, _reject, _withdraw], ids=lambda d: d.__name__)
async def test_a_decision_clears_the_request_live_as_in_a_rebuild(
    outbox: Outbox, kind: ApprovalKind, decide: Any
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _consulted(app, [FIRST])
    _request(app, case_id, kind)
    catch_up_case_summary(event_store_env(url))

    decide(app, case_id, kind)
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    queue, incoming = await _lists(url)
    approved = decide is _approve
    assert (row["pending_approval"], queue) == (None, [])
    if kind is ApprovalKind.WORK_PLAN:
        assert row["open_goals"] == (2 if approved else 1)
    else:
        assert incoming == ([case_id] if approved else [])
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_the_supervisor_hears_of_the_request_and_the_caseworker_of_the_decision(
    outbox: Outbox, kind: ApprovalKind
) -> None:
    approved, rejected = _consulted(outbox.app, [FIRST]), _consulted(outbox.app, [FIRST])
    for case_id in (approved, rejected):
        _request(outbox.app, case_id, kind)
    _approve(outbox.app, approved, kind)
    _reject(outbox.app, rejected, kind)

    # An approved transfer is then requested of the receiving district, whose supervisors
    # hear of it as of any transfer.
    receiving = [(RECEIVING.user, "TRANSFER_REQUESTED")] if kind is ApprovalKind.TRANSFER else []
    assert _notices(outbox, approved) == [
        (SUPERVISOR, "APPROVAL_REQUESTED"),
        (CASEWORKER, "REQUEST_APPROVED"),
        *receiving,
    ]
    assert _notices(outbox, rejected)[-1] == (CASEWORKER, "REQUEST_REJECTED")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_the_request_s_reason_and_the_decision_s_comment_are_sealed_at_rest(
    outbox: Outbox, kind: ApprovalKind
) -> None:
    case_id = _consulted(outbox.app, [FIRST])
    _request(outbox.app, case_id, kind)
    _reject(outbox.app, case_id, kind)

    rows = _query(
        outbox.url, "SELECT topic, state FROM cases_events WHERE originator_id = %s", case_id
    )

    states = [
        bytes(r["state"]) for r in rows if "Revision" in r["topic"] or "Approval" in r["topic"]
    ]
    assert len(states) == 2
    assert all(REASON.encode() not in s and COMMENT.encode() not in s for s in states)
    assert all(GOAL.goal.encode() not in s for s in states)
    history = [e.data for e in outbox.app.history(case_id)]
    assert (history[-2]["reason"], history[-1]["comment"]) == (REASON, COMMENT)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_an_erasure_ends_the_waiting_request_as_a_rebuild_would(
    outbox: Outbox, kind: ApprovalKind
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _consulted(app, [FIRST])
    _request(app, case_id, kind)

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(url))

    assert _summary(url, case_id)["pending_approval"] is None
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_the_caseworker_who_asked_hears_the_receiving_district_s_decision(
    outbox: Outbox, decision: str
) -> None:
    case_id = _consulted(outbox.app, [FIRST])
    _request(outbox.app, case_id, ApprovalKind.TRANSFER)
    _approve(outbox.app, case_id, ApprovalKind.TRANSFER)
    if decision == "accept":
        outbox.app.change_case(case_id, lambda case: case.accept_transfer(actor=RECEIVING.user))
    else:
        outbox.app.change_case(
            case_id,
            lambda case: case.decline_transfer(reason="No room at Bodomzor", actor=RECEIVING.user),
        )

    kind = "TRANSFER_ACCEPTED" if decision == "accept" else "TRANSFER_DECLINED"
    assert _notices(outbox, case_id)[-1] == (CASEWORKER, kind)
    assert (SUPERVISOR, kind) not in _notices(outbox, case_id)
