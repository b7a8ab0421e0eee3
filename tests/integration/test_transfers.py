"""Transfers on the real PostgreSQL: the waiting transfer on `case_summary` without its
reason, the receiving district's incoming list, and the row moving on acceptance, live as a
rebuild makes it; the reasons sealed at rest."""

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
from baxt.application.cases.read_model import CaseReadModel
from baxt.bootstrap import event_store_env
from baxt.domain.values import CloseReason, FlagSource
from baxt.projections import rebuild
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.notifier import Notifier, notifier_runner
from tests.factories import child, household
from tests.outbox import Outbox

CASEWORKER, RECEIVING = "cw.aziza", "sup.mirobod"
REASON = "The family moved in with the grandmother on Oybek street"
MIROBOD = Principal(RECEIVING, Role.SUPERVISOR, districts=("Mirobod",))
CHILONZOR = Principal("sup.chilonzor", Role.SUPERVISOR, districts=("Chilonzor",))
CASEWORKER_IN_MIROBOD = Principal(
    "cw.mirobod", Role.CASEWORKER, districts=("Mirobod",), mahallas=("Oybek",)
)


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
        lambda case: case.request_transfer(
            region="Toshkent shahri",
            district="Mirobod",
            mahalla="Oybek",
            reason=REASON,
            actor=CASEWORKER,
        ),
    )


def _accept(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(
        case_id, lambda case: case.accept_transfer(caseworker="cw.mirobod", actor=RECEIVING)
    )


def _decline(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(case_id, lambda case: case.decline_transfer(reason=REASON, actor=RECEIVING))


def _close(app: CaseApplication, case_id: UUID) -> None:
    app.change_case(
        case_id, lambda case: case.close(reason=CloseReason.MOVED, note="", actor=CASEWORKER)
    )


def _summary(url: str, case_id: UUID) -> dict[str, Any]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        (row,) = conn.execute("SELECT * FROM case_summary WHERE case_id = %s", (case_id,))
    return row


async def _incoming(url: str, principal: Principal) -> list[UUID]:
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open()
    try:
        found = await CaseReadModel(pool).incoming_transfers(case_view(principal), limit=10)
    finally:
        await pool.close()
    return [row.case_id for row in found.rows]


async def test_a_waiting_transfer_is_incoming_to_the_target_district_only(
    outbox: Outbox,
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)

    assert (row["district"], row["transfer_district"], row["transfer_mahalla"]) == (
        "Chilonzor",
        "Mirobod",
        "Oybek",
    )
    assert row["transfer_requested_by"] == CASEWORKER
    assert REASON not in str(row)
    assert await _incoming(url, MIROBOD) == [case_id]
    assert await _incoming(url, CHILONZOR) == []
    assert await _incoming(url, CASEWORKER_IN_MIROBOD) == [case_id]
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


@pytest.mark.parametrize(
    "decide", [_accept, _decline, _close], ids=["accepted", "declined", "closed"]
)
def test_a_decision_moves_or_keeps_the_row_live_as_in_a_rebuild(
    outbox: Outbox, decide: Any
) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    catch_up_case_summary(event_store_env(url))

    decide(app, case_id)
    catch_up_case_summary(event_store_env(url))

    row = _summary(url, case_id)
    moved = decide is _accept
    assert (row["district"], row["mahalla"]) == (
        ("Mirobod", "Oybek") if moved else ("Chilonzor", "Bunyodkor")
    )
    assert row["caseworker"] == ("cw.mirobod" if moved else None)
    assert (row["transfer_district"], row["transfer_requested_at"]) == (None, None)
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_the_reasons_are_sealed_at_rest(outbox: Outbox) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    _decline(app, case_id)

    with psycopg.connect(url) as conn:
        stored = conn.execute(
            "SELECT state FROM cases_events WHERE originator_id = %s", (case_id,)
        ).fetchall()

    assert stored
    assert all(REASON.encode() not in bytes(state) for (state,) in stored)


def test_the_notifier_follows_the_case_to_its_new_district(outbox: Outbox) -> None:
    url, app = outbox.url, outbox.app
    case_id = _flagged(app)
    _request(app, case_id)
    _accept(app, case_id)

    with psycopg.connect(url, row_factory=dict_row) as conn:
        (last,) = conn.execute(
            "SELECT max(notification_id) AS id FROM cases_events WHERE topic = ANY(%s)",
            (list(Notifier.topics),),
        )
    with notifier_runner(event_store_env(url)) as runner:
        runner.wait(last["id"], timeout=60)
    with psycopg.connect(url, row_factory=dict_row) as conn:
        (place,) = conn.execute(
            "SELECT district, mahalla FROM notifier_case_place WHERE case_id = %s", (case_id,)
        )

    assert place == {"district": "Mirobod", "mahalla": "Oybek"}
