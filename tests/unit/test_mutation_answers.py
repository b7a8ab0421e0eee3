"""What the API's mutations answer when the read model lags, the case lands out of reach, or a
step after the commit fails: the schema run over the in-memory event store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

import psycopg
from eventsourcing.persistence import ApplicationRecorder, OperationalError
from eventsourcing.popo import POPOApplicationRecorder

from baxt.application.access.principal import Principal, Role
from baxt.application.audit.access_log import AccessLog, CaseRead
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.service import CaseService
from baxt.graphql.core.context import Context, Services
from baxt.graphql.core.node import global_id
from baxt.graphql.schema import schema
from tests.clock import Clock
from tests.operations import child_input, household_input, mutation

from .answers import StoppedReadModel
from .helpers import CASE_KEY, NOW, a_child, a_household, flag_child

CASEWORKER = Principal("cw.aziza", Role.CASEWORKER, mahallas=("Bodomzor",))
ELSEWHERE = Principal("cw.other", Role.CASEWORKER, mahallas=("Minor",))
FLAG = mutation("flagChild", "case { id status version } userErrors { code }")
VISIT = mutation("recordVisit", "case { id status version } userErrors { code }")


class AccessLogInMemory(AccessLog):
    """The access log, kept in a list; or failing, as a log whose database is gone."""

    def __init__(self, failure: Exception | None = None) -> None:
        super().__init__(cast(Any, None))
        self.failure = failure
        self.reads: list[CaseRead] = []

    async def record(self, reads: Sequence[CaseRead]) -> None:
        if self.failure is not None:
            raise self.failure
        self.reads.extend(reads)


class UnreachableStore(POPOApplicationRecorder):
    """An in-memory store whose database went away: every insert fails before it commits."""

    def insert_events(self, stored_events: Sequence[Any], **kwargs: Any) -> Sequence[int] | None:
        raise OperationalError("server closed the connection unexpectedly")


class UnreachableApplication(CaseApplication):
    def construct_recorder(self) -> ApplicationRecorder:
        return UnreachableStore()


def _services(app: CaseApplication, access: AccessLog, read_model: StoppedReadModel) -> Services:
    cases = CaseService(app, read_model, read_your_writes_timeout=0.05)
    unused = cast(Any, None)
    return Services(
        cases=cases,
        staff=unused,
        feed=unused,
        workload=unused,
        imports=unused,
        access=access,
        audit=unused,
        webhooks=unused,
        directory=unused,
        partners=unused,
        partner_figures=unused,
        monitoring=unused,
        max_page_size=100,
        concerns=unused,
    )


async def _run(
    document: str,
    input_fields: dict[str, Any],
    *,
    app: CaseApplication | None = None,
    access: AccessLog | None = None,
    read_model: StoppedReadModel | None = None,
    caller: Principal = CASEWORKER,
) -> Any:
    services = _services(
        app or CaseApplication(case_key=CASE_KEY, clock=Clock(NOW)),
        access or AccessLogInMemory(),
        read_model or StoppedReadModel(),
    )
    return await schema.execute(
        document,
        variable_values={"input": input_fields},
        context_value=Context(None, None, caller, services),
    )


def _flag_input(mahalla: str = "Bodomzor") -> dict[str, Any]:
    child, home = a_child(), replace(a_household(), mahalla=mahalla)
    return {
        "child": child_input(child),
        "household": household_input(home),
        "source": "COMMUNITY_REPORT",
    }


def _visit_input(case_id: str) -> dict[str, Any]:
    return {
        "caseId": case_id,
        "visitedAt": NOW.isoformat(),
        "childSeen": True,
        "guardianPresent": True,
    }


async def test_flagging_a_new_child_answers_its_case_and_the_read_models_lag() -> None:
    result = await _run(FLAG, _flag_input())

    assert result.errors is None
    case = result.data["flagChild"]["case"]
    assert (case["status"], case["version"]) == ("FLAGGED", 1)
    assert result.extensions["readModel"] == {
        "name": "case_summary",
        "behindBy": 1,
        "position": 0,
        "needed": 1,
    }


async def test_a_flag_added_to_a_case_out_of_reach_answers_null_with_a_saved_warning() -> None:
    app = CaseApplication(case_key=CASE_KEY, clock=Clock(NOW))
    flag_child(app)

    result = await _run(FLAG, _flag_input(mahalla="Minor"), app=app, caller=ELSEWHERE)

    assert result.errors is None
    assert result.data["flagChild"] == {"case": None, "userErrors": []}
    [warning] = result.extensions["warnings"]
    assert (warning["code"], warning["path"]) == ("SAVED_OUT_OF_REACH", ["flagChild"])
    assert [e.type for e in app.history(app.case_id_for(a_child().personal_id))] == [
        "Flagged",
        "FlagAdded",
    ]


async def test_an_access_log_that_fails_after_the_commit_answers_saved_and_shows_nothing() -> None:
    app = CaseApplication(case_key=CASE_KEY, clock=Clock(NOW))
    case_id = flag_child(app).case_id
    broken = AccessLogInMemory(psycopg.OperationalError("the connection is lost"))

    result = await _run(
        VISIT, _visit_input(global_id("Case", str(case_id))), app=app, access=broken
    )

    assert result.errors is None
    assert result.data["recordVisit"] == {"case": None, "userErrors": []}
    [warning] = result.extensions["warnings"]
    assert (warning["code"], warning["step"]) == ("POST_COMMIT_STEP_FAILED", "ACCESS_LOG")
    assert [e.type for e in app.history(case_id)] == ["Flagged", "Visited"]


async def test_a_read_model_that_fails_after_the_commit_still_answers_the_saved_case() -> None:
    app = CaseApplication(case_key=CASE_KEY, clock=Clock(NOW))
    case_id = flag_child(app).case_id
    failing = StoppedReadModel(failure=psycopg.OperationalError("the connection is lost"))

    result = await _run(
        VISIT, _visit_input(global_id("Case", str(case_id))), app=app, read_model=failing
    )

    assert result.errors is None
    case = result.data["recordVisit"]["case"]
    assert (case["status"], case["version"]) == ("VISITED", 2)
    [warning] = result.extensions["warnings"]
    assert (warning["code"], warning["step"]) == ("POST_COMMIT_STEP_FAILED", "READ_YOUR_WRITES")


async def test_a_store_that_cannot_be_reached_is_service_unavailable_and_retryable() -> None:
    app = UnreachableApplication(case_key=CASE_KEY, clock=Clock(NOW))

    result = await _run(FLAG, _flag_input(), app=app)

    assert result.data is None or result.data["flagChild"] is None
    [error] = result.errors
    assert error.extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert "nothing was saved" in error.message
    assert "server closed" not in error.message
