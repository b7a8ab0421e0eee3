"""Approvals on the real PostgreSQL: the queue's read model, followed live as a rebuild makes
it, the notices of a request and of its decision in the outbox, and comments sealed at rest."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from baxt.application.access.principal import Principal, Role
from baxt.application.access.view import case_view
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.read_model import CaseReadModel, Position
from baxt.bootstrap import event_store_env
from baxt.domain.approvals import ApprovalKind
from baxt.domain.values import CaseStatus, CloseReason, FlagSource
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.notifier import Notifier, notifier_runner
from tests.factories import child, household
from tests.outbox import Outbox

CASEWORKER, SUPERVISOR = "cw.aziza", "sup.chilonzor"
NOTE = "The family has moved in with the grandmother in Samarqand"
COMMENT = "Call the grandmother first; her number is in the school's file"
IN_DISTRICT = Principal(SUPERVISOR, Role.SUPERVISOR, districts=("Chilonzor",))
ELSEWHERE = Principal("sup.yunusobod", Role.SUPERVISOR, districts=("Yunusobod",))


def _flagged(app: CaseApplication, name: str = "Dilshod Karimov") -> UUID:
    return app.flag_child(
        child=child(name=name),
        household=household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=[],
        note="",
        actor=CASEWORKER,
    ).case_id


def _request(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(
        case_id,
        lambda case: case.request_closure(reason=CloseReason.OTHER, note=NOTE, actor=CASEWORKER),
    )


def _approve(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(case_id, lambda case: case.approve_closure(comment="", actor=SUPERVISOR))


def _reject(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(case_id, lambda case: case.reject_closure(comment=COMMENT, actor=SUPERVISOR))


def _withdraw(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(case_id, lambda case: case.withdraw_closure_request(actor=CASEWORKER))


def _query(url: str, statement: str, *params: Any) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(statement, params).fetchall()


def _summary(url: str, case_id: UUID) -> dict[str, Any]:
    (row,) = _query(url, "SELECT * FROM case_summary WHERE case_id = %s", case_id)
    return row


async def _queue(url: str, principal: Principal, **page: Any) -> list[UUID]:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    try:
        found = await CaseReadModel(pool).approval_queue(case_view(principal), limit=10, **page)
    finally:
        await pool.close()
    return [row.case_id for row in found.rows]


def _notices(outbox: Outbox, case_id: UUID) -> list[tuple[str, str]]:
    """The in-app notices of the case, once the notifier has seen the last event it follows."""
    (last,) = _query(
        outbox.url,
        "SELECT max(notification_id) AS id FROM cases_events WHERE topic = ANY(%s)",
        list(Notifier.topics),
    )
    with notifier_runner(event_store_env(outbox.url)) as runner:
        runner.wait(last["id"], timeout=60)
    rows = _query(
        outbox.url,
        "SELECT recipient, kind FROM notification WHERE case_id = %s AND channel = 'IN_APP'"
        " ORDER BY created_at, recipient",
        case_id,
    )
    return [(row["recipient"], row["kind"]) for row in rows]


async def test_the_queue_lists_the_waiting_requests_in_reach_oldest_first(
    outbox: Outbox,
) -> None:
    url, app = outbox.url, outbox.app
    first, second, decided = (_flagged(app, f"Child {n}") for n in range(3))
    for case_id in (first, second, decided):
        _request(app, case_id)
    _approve(app, decided)
    catch_up_case_summary(event_store_env(url))

    mine = await _queue(url, IN_DISTRICT)
    after_first = await _queue(
        url,
        IN_DISTRICT,
        after=Position(_summary(url, first)["approval_requested_at"], first),
    )

    assert mine == [first, second]
    assert after_first == [second]
    assert await _queue(url, ELSEWHERE) == []


async def test_case_summary_holds_the_request_without_its_note_and_a_rebuild_agrees(
    outbox: Outbox,
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    result = rebuild.check(event_store_env(url), "case_summary")

    assert (row["status"], row["pending_approval"], row["approval_close_reason"]) == (
        CaseStatus.FLAGGED.value,
        ApprovalKind.CLOSURE.value,
        CloseReason.OTHER.value,
    )
    assert row["approval_requested_by"] == CASEWORKER
    assert NOTE not in str(row)
    assert result.matches, result.describe()


@pytest.mark.parametrize(
    "decide", [_approve, _reject, _withdraw], ids=["approved", "rejected", "withdrawn"]
)
def test_a_decision_clears_the_request_live_as_in_a_rebuild(outbox: Outbox, decide: Any) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    catch_up_case_summary(event_store_env(url))

    decide(app, case_id)
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    expected = CaseStatus.CLOSED if decide is _approve else CaseStatus.FLAGGED
    assert (row["status"], row["pending_approval"], row["approval_requested_at"]) == (
        expected.value,
        None,
        None,
    )
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_the_district_s_supervisor_hears_of_the_request_and_the_caseworker_of_approval(
    outbox: Outbox,
) -> None:
    case_id = _flagged(outbox.app)
    _request(outbox.app, case_id)

    _approve(outbox.app, case_id)

    assert _notices(outbox, case_id) == [
        (SUPERVISOR, "CLOSURE_REQUESTED"),
        (CASEWORKER, "CLOSURE_APPROVED"),
    ]


def test_the_caseworker_hears_of_a_rejection_by_email_and_sms_too(outbox: Outbox) -> None:
    case_id = _flagged(outbox.app)
    _request(outbox.app, case_id)
    _reject(outbox.app, case_id)

    assert _notices(outbox, case_id)[-1] == (CASEWORKER, "CLOSURE_REJECTED")
    channels = _query(
        outbox.url,
        "SELECT channel FROM notification WHERE case_id = %s AND kind = 'CLOSURE_REJECTED'"
        " ORDER BY channel",
        case_id,
    )
    assert [row["channel"] for row in channels] == ["EMAIL", "IN_APP", "SMS"]


def test_the_request_s_note_and_the_decision_s_comment_are_sealed_at_rest(
    outbox: Outbox,
) -> None:
    case_id = _flagged(outbox.app)
    _request(outbox.app, case_id)
    _reject(outbox.app, case_id)

    rows = _query(
        outbox.url, "SELECT topic, state FROM cases_events WHERE originator_id = %s", case_id
    )

    states = [bytes(r["state"]) for r in rows if "Closure" in r["topic"]]
    assert len(states) == 2
    assert all(NOTE.encode() not in s and COMMENT.encode() not in s for s in states)
    assert [e.data.get("comment") for e in outbox.app.history(case_id)][-1] == COMMENT


def test_an_erasure_ends_the_waiting_request_in_the_read_model_as_a_rebuild_would(
    outbox: Outbox,
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    catch_up_case_summary(event_store_env(url))

    app.erase_child_data(case_id, legal_reason="Court order 2026/77", actor="admin")
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    assert (row["status"], row["pending_approval"]) == (CaseStatus.CLOSED.value, None)
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()
