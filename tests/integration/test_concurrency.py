from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import pytest

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.errors import Conflict
from baxt.domain.values import ContactOutcome, FlagSource, Visit
from tests.factories import child, hours_ago, household
from tests.integration.conftest import CASE_KEY


class LockstepApplication(CaseApplication):
    """Lets two commands read the same version of a case before either saves."""

    name = CaseApplication.name
    barrier = threading.Barrier(2, timeout=10)

    def _get(self, case_id: UUID) -> Case:
        case = super()._get(case_id)
        self.barrier.wait()
        return case


def _flag(app: CaseApplication) -> UUID:
    return app.flag_child(
        child=child(),
        household=household(),
        source=FlagSource.MAHALLA_TEAM,
        indicators=[],
        note="",
        actor="setup",
    ).case_id


def _outcomes(*commands: Callable[[], Saved]) -> list[Saved | Conflict]:
    def run(command: Callable[[], Saved]) -> Saved | Conflict:
        try:
            return command()
        except Conflict as conflict:
            return conflict

    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        return list(pool.map(run, commands))


def test_a_stale_expected_version_is_a_conflict_and_writes_nothing(app: CaseApplication) -> None:
    case_id = _flag(app)

    with pytest.raises(Conflict) as refused:
        app.change_case(
            case_id,
            lambda case: case.record_contact_attempt(
                outcome=ContactOutcome.NO_ANSWER,
                visit_scheduled_at=None,
                note="",
                actor="a",
                now=app.now(),
            ),
            expected_version=7,
        )

    assert refused.value.code == "CONFLICT"
    assert len(app.history(case_id)) == 1


def test_two_commands_racing_on_one_version_one_wins_the_other_conflicts(
    migrated_url: str,
) -> None:
    setup = CaseApplication(event_store_env(migrated_url), case_key=CASE_KEY)
    case_id = _flag(setup)
    racer = LockstepApplication(event_store_env(migrated_url), case_key=CASE_KEY)
    visit = Visit(hours_ago(1), True, True, "", False)

    results = _outcomes(
        lambda: racer.change_case(
            case_id, lambda case: case.record_visit(visit=visit, actor="first", now=racer.now())
        ),
        lambda: racer.change_case(
            case_id,
            lambda case: case.record_contact_attempt(
                outcome=ContactOutcome.NO_ANSWER,
                visit_scheduled_at=None,
                note="",
                actor="second",
                now=racer.now(),
            ),
        ),
    )

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Saved"]
    assert len(setup.history(case_id)) == 2
    setup.close()
    racer.close()


def test_two_first_flags_of_one_child_racing_make_one_case_with_both_flags(
    migrated_url: str,
) -> None:
    racer = LockstepFlagApplication(event_store_env(migrated_url), case_key=CASE_KEY)
    kid = child()

    def flag(source: FlagSource) -> Callable[[], Saved]:
        return lambda: racer.flag_child(
            child=kid, household=household(), source=source, indicators=[], note="", actor="x"
        )

    results = _outcomes(flag(FlagSource.RISK_SCREENING), flag(FlagSource.COMMUNITY_REPORT))

    assert all(isinstance(r, Saved) for r in results)
    case_ids = {r.case_id for r in results if isinstance(r, Saved)}
    assert len(case_ids) == 1
    types = [e.type for e in racer.history(case_ids.pop())]
    assert types == ["Flagged", "FlagAdded"]
    racer.close()


class LockstepFlagApplication(CaseApplication):
    """Lets two first flags of one child both find no case before either saves."""

    name = CaseApplication.name
    barrier = threading.Barrier(2, timeout=10)
    _first_lookups = 0
    _lock = threading.Lock()

    def _get(self, case_id: UUID) -> Case:
        with self._lock:
            type(self)._first_lookups += 1
            in_lockstep = self._first_lookups <= 2
        try:
            return super()._get(case_id)
        finally:
            if in_lockstep:
                self.barrier.wait()
