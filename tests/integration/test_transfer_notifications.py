"""Who hears of a transfer, on the real PostgreSQL: the receiving district's supervisors of
the request, and whoever asked of the decision; nobody else, and never the reason."""

from __future__ import annotations

from uuid import UUID

import psycopg
from psycopg.rows import dict_row

from baxt.application.cases.application import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.domain.values import FlagSource
from baxt.projections.notifier import Notifier, notifier_runner
from baxt.workers.templates import TEMPLATES, render
from tests.factories import child, household
from tests.outbox import Outbox

CASEWORKER, RECEIVING = "cw.aziza", "sup.yunusobod"
REASON = "The family moved in with the grandmother on Amir Temur street"


def _requested(app: CaseApplication) -> UUID:
    case_id = app.flag_child(
        child=child(name="Dilshod Karimov"),
        household=household(),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=[],
        note="",
        actor=CASEWORKER,
    ).case_id
    app.change_case(
        case_id,
        lambda case: case.request_transfer(
            region="Toshkent shahri",
            district="Yunusobod",
            mahalla="Bodomzor",
            reason=REASON,
            actor=CASEWORKER,
        ),
    )
    return case_id


def _messages(outbox: Outbox) -> dict[UUID, set[tuple[str, str]]]:
    with psycopg.connect(outbox.url, row_factory=dict_row) as conn:
        (last,) = conn.execute(
            "SELECT max(notification_id) AS id FROM cases_events WHERE topic = ANY(%s)",
            (list(Notifier.topics),),
        )
    with notifier_runner(event_store_env(outbox.url)) as runner:
        runner.wait(last["id"], timeout=60)
    with psycopg.connect(outbox.url) as conn:
        rows = conn.execute("SELECT case_id, kind, recipient FROM notification").fetchall()
    found: dict[UUID, set[tuple[str, str]]] = {}
    for case_id, kind, recipient in rows:
        found.setdefault(case_id, set()).add((kind, recipient))
    return found


def test_a_request_tells_the_receiving_supervisors_and_a_decision_the_requester(
    outbox: Outbox,
) -> None:
    app = outbox.app
    waiting, accepted, declined = (_requested(app) for _ in range(3))
    app.change_case(accepted, lambda case: case.accept_transfer(caseworker=None, actor=RECEIVING))
    app.change_case(declined, lambda case: case.decline_transfer(reason=REASON, actor=RECEIVING))

    messages = _messages(outbox)

    asked = ("TRANSFER_REQUESTED", RECEIVING)
    assert messages[waiting] == {asked}
    assert messages[accepted] == {asked, ("TRANSFER_ACCEPTED", CASEWORKER)}
    assert messages[declined] == {asked, ("TRANSFER_DECLINED", CASEWORKER)}


def test_a_transfer_s_messages_do_not_carry_its_reason(outbox: Outbox) -> None:
    case_id = _requested(outbox.app)

    for kind in ("TRANSFER_REQUESTED", "TRANSFER_ACCEPTED", "TRANSFER_DECLINED"):
        for language in TEMPLATES[kind]:
            text = render(kind, language, case_id, "https://baxt.example.uz")
            assert "grandmother" not in text.subject + text.body
            assert case_id.hex[:8].upper() in text.body
