from __future__ import annotations

import logging
from dataclasses import replace
from uuid import uuid4

import psycopg
import pytest

from baxt.application.access.masks import mask_pinfl
from baxt.application.cases.read_your_writes import CASE_SUMMARY, READ_YOUR_WRITES, Lag
from baxt.application.cases.rows import case_summary_of, masked_row
from baxt.domain.errors import CaseNotFound
from baxt.domain.values import CaseStatus

from .answers import CASEWORKER, ELSEWHERE, SUPERVISOR, StoppedReadModel, a_service, flag, reach
from .helpers import ACTOR, a_household, a_visit, read_case


async def test_flagging_a_new_child_answers_its_case_with_every_projection_stopped() -> None:
    service, app = a_service()

    answer = await flag(service)

    assert answer.row is not None
    assert (answer.row.status, answer.row.version) == (CaseStatus.FLAGGED, 1)
    assert answer.row == case_summary_of(read_case(app, answer.saved.case_id))


async def test_a_contact_that_reached_the_family_answers_the_new_status_and_version() -> None:
    service, _ = a_service()
    flagged = await flag(service)

    answer = await reach(service, flagged.saved.case_id)

    assert answer.row is not None
    assert (answer.row.status, answer.row.version) == (CaseStatus.CONTACTED, 2)


async def test_the_answer_says_how_far_the_stopped_read_model_is_behind_the_write() -> None:
    service, _ = a_service(StoppedReadModel(position=0))

    answer = await flag(service)

    assert answer.after.lag == Lag(CASE_SUMMARY, 0, answer.saved.notification_id)
    assert answer.after.lag.behind_by == answer.saved.notification_id


async def test_an_answer_once_the_read_model_shows_the_write_says_no_lag() -> None:
    service, _ = a_service(StoppedReadModel(position=10_000))

    answer = await flag(service)

    assert answer.after.lag is None
    assert answer.after.failed_steps == ()


async def test_a_visit_to_a_case_stored_but_not_projected_is_recorded() -> None:
    service, app = a_service()
    case_id = (await flag(service)).saved.case_id

    answer = await service.change(
        CASEWORKER,
        case_id,
        lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=service.now()),
    )

    assert answer.row is not None
    assert (answer.row.status, answer.row.version) == (CaseStatus.VISITED, 2)
    assert read_case(app, case_id).status is CaseStatus.VISITED


async def test_a_case_out_of_reach_in_the_event_store_is_refused_as_one_that_does_not_exist(
    caplog: pytest.LogCaptureFixture,
) -> None:
    service, app = a_service()
    case_id = (await flag(service)).saved.case_id

    with (
        caplog.at_level(logging.WARNING, logger="baxt.access"),
        pytest.raises(CaseNotFound) as out_of_reach,
    ):
        await reach(service, case_id, ELSEWHERE)
    with pytest.raises(CaseNotFound) as missing:
        await reach(service, uuid4(), ELSEWHERE)

    refused, unknown = out_of_reach.value, missing.value
    assert (refused.code, refused.message, refused.field) == (
        unknown.code,
        unknown.message,
        unknown.field,
    )
    assert read_case(app, case_id).version == 1
    assert "actor=cw.other role=CASEWORKER operation=cases.change reason=out of scope" in (
        caplog.text
    )


async def test_flagging_a_child_whose_case_lies_elsewhere_answers_saved_but_not_shown() -> None:
    service, app = a_service()
    first = await flag(service)
    minor = replace(a_household(), mahalla="Minor")

    again = await flag(service, ELSEWHERE, household=minor)

    assert again.row is None
    assert again.saved.case_id == first.saved.case_id
    assert again.saved.version == 2
    assert read_case(app, first.saved.case_id).version == 2


async def test_giving_away_a_case_reached_only_by_assignment_answers_saved_but_not_shown() -> None:
    service, app = a_service()
    case_id = (await flag(service)).saved.case_id
    app.change_case(
        case_id, lambda case: case.assign(caseworker="cw.other", reason="", actor="sup.dilnoza")
    )

    answer = await service.change(
        ELSEWHERE,
        case_id,
        lambda case: case.assign(caseworker="cw.third", reason="", actor="cw.other"),
    )

    assert answer.row is None
    assert answer.saved.version == 3
    assert read_case(app, case_id).caseworker == "cw.third"


async def test_the_saved_case_comes_masked_exactly_as_a_read_masks_it() -> None:
    service, app = a_service()
    case_id = (await flag(service)).saved.case_id

    answer = await service.change(
        SUPERVISOR,
        case_id,
        lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=service.now()),
    )

    saved = case_summary_of(read_case(app, case_id))
    assert answer.row == masked_row(saved, SUPERVISOR.masks)
    assert answer.row.child.personal_id == mask_pinfl(saved.child.personal_id)


async def test_a_read_model_that_fails_after_the_commit_leaves_the_answer_the_saved_case() -> None:
    failure = psycopg.OperationalError("server closed the connection unexpectedly")
    service, app = a_service(StoppedReadModel(failure=failure))

    answer = await flag(service)

    assert answer.row is not None
    assert answer.row.version == 1
    assert answer.after.failed_steps == (READ_YOUR_WRITES,)
    assert read_case(app, answer.saved.case_id).version == 1


async def test_once_a_wait_ran_out_a_projection_that_made_no_progress_is_not_waited_for() -> None:
    stopped = StoppedReadModel(position=0)
    service, _ = a_service(stopped, timeout=0.2)
    case_id = (await flag(service)).saved.case_id
    reads_for_first_write = stopped.position_reads

    answer = await reach(service, case_id)

    assert reads_for_first_write > 1
    assert stopped.position_reads - reads_for_first_write == 1
    assert answer.after.lag is not None
