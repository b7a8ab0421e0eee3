"""Many cases loaded at once are the cases the event store gives one by one."""

from __future__ import annotations

from uuid import uuid4

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.loading import load_cases
from baxt.domain.case import Case
from baxt.domain.values import ContactOutcome, FlagSource
from tests.factories import child, household


def _flag(app: CaseApplication, n: int) -> Case:
    kid = child()
    case = Case.flag(
        case_id=app.case_id_for(kid.personal_id),
        child=kid,
        household=household(mahalla=f"Mahalla {n}"),
        source=FlagSource.SOCIAL_REGISTRY,
        indicators=["WATER_CUTOFF"],
        note="",
        actor="registry",
        now=app.now(),
    )
    for _ in range(n % 3):
        case.record_contact_attempt(
            outcome=ContactOutcome.NO_ANSWER, visit_scheduled_at=None, note="", actor="cw"
        )
    return case


def test_cases_loaded_together_equal_each_loaded_alone_with_its_personal_data_opened(
    events_db: tuple[str, CaseApplication],
) -> None:
    _, app = events_db
    cases = [_flag(app, n) for n in range(12)]
    app.save(*cases)
    ids = [case.id for case in cases]
    app.erase_child_data(ids[0], legal_reason="court order", actor="dpo")

    loaded = load_cases(app, [*ids, uuid4()])

    assert set(loaded) == set(ids)
    for case_id in ids:
        alone: object = app.repository.get(case_id)
        assert isinstance(alone, Case)
        assert vars(loaded[case_id]) == vars(alone)
    assert loaded[ids[1]].child == cases[1].child
    assert loaded[ids[0]].erased


def test_a_case_loaded_together_saves_its_changes_like_one_loaded_alone(
    events_db: tuple[str, CaseApplication],
) -> None:
    _, app = events_db
    case = _flag(app, 1)
    app.save(case)

    loaded = load_cases(app, [case.id])[case.id]
    loaded.assign(caseworker="cw.bobur", reason="", actor="planner")
    app.save_batch([loaded], during="the test")

    again: object = app.repository.get(case.id)
    assert isinstance(again, Case)
    assert (again.caseworker, again.version) == ("cw.bobur", case.version + 1)
