"""A save that meets a lost database connection: committed, not committed, or unknown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, OperationalError
from eventsourcing.popo import POPOApplicationRecorder

from baxt.application.cases.application import CaseApplication
from baxt.application.cases.saving import Saved
from baxt.application.transient import ServiceUnavailable
from baxt.domain.case import Case
from baxt.domain.errors import Conflict
from baxt.domain.values import CaseStatus

from .helpers import ACTOR, CASE_KEY, NOW, a_visit, flag_child, read_case

LOST = "server closed the connection unexpectedly"


class LosingRecorder(POPOApplicationRecorder):
    """An in-memory store whose connection can be lost around the next insert: after it
    committed (the driver then sees the error it was given), or before; and for reads."""

    def __init__(self) -> None:
        super().__init__()
        self.after_commit: Exception | None = None
        self.before_commit = False
        self.reads_fail_after_commit = False
        self._reads_fail = False

    def insert_events(self, stored_events: Sequence[Any], **kwargs: Any) -> Sequence[int] | None:
        if self.before_commit:
            self.before_commit = False
            raise OperationalError(LOST)
        ids = super().insert_events(stored_events, **kwargs)
        if self.after_commit is not None:
            error, self.after_commit = self.after_commit, None
            self._reads_fail = self.reads_fail_after_commit
            raise error
        return ids

    def select_events(self, originator_id: UUID | str, **kwargs: Any) -> Sequence[Any]:
        if self._reads_fail:
            raise OperationalError(LOST)
        return super().select_events(originator_id, **kwargs)


class LosingApplication(CaseApplication):
    def construct_recorder(self) -> ApplicationRecorder:
        return LosingRecorder()

    @property
    def store(self) -> LosingRecorder:
        assert isinstance(self.recorder, LosingRecorder)
        return self.recorder


def _app() -> LosingApplication:
    return LosingApplication(case_key=CASE_KEY, clock=lambda: NOW)


def _visit(app: CaseApplication, case_id: UUID) -> Saved:
    return app.change_case(
        case_id, lambda case: case.record_visit(visit=a_visit(), actor=ACTOR, now=app.now())
    )


def _visits(app: CaseApplication, case_id: UUID) -> int:
    return [e.type for e in app.history(case_id)].count("Visited")


def test_an_insert_retried_after_its_commit_answers_saved_not_conflict() -> None:
    app = _app()
    case_id = flag_child(app).case_id
    app.store.after_commit = IntegrityError("duplicate key value violates unique constraint")

    saved = _visit(app, case_id)

    assert (saved.version, saved.row.status) == (2, CaseStatus.VISITED)
    assert saved.notification_id == 2
    assert _visits(app, case_id) == 1


def test_a_connection_lost_after_the_commit_answers_saved() -> None:
    app = _app()
    case_id = flag_child(app).case_id
    app.store.after_commit = OperationalError(LOST)

    saved = _visit(app, case_id)

    assert saved.version == 2
    assert read_case(app, case_id).status is CaseStatus.VISITED
    assert _visits(app, case_id) == 1


def test_a_connection_lost_before_the_commit_is_retryable_and_saved_nothing() -> None:
    app = _app()
    case_id = flag_child(app).case_id
    app.store.before_commit = True

    with pytest.raises(ServiceUnavailable) as refused:
        _visit(app, case_id)

    assert refused.value.retryable
    assert _visits(app, case_id) == 0


def test_a_save_whose_outcome_cannot_be_read_back_is_not_retryable() -> None:
    app = _app()
    case_id = flag_child(app).case_id
    app.store.after_commit = OperationalError(LOST)
    app.store.reads_fail_after_commit = True

    with pytest.raises(ServiceUnavailable) as refused:
        _visit(app, case_id)

    assert not refused.value.retryable


def test_another_writer_saving_first_is_still_a_conflict() -> None:
    app = _app()
    case_id = flag_child(app).case_id

    def after_another_visit(case: Case) -> None:
        _visit(app, case_id)
        case.record_visit(visit=a_visit(), actor="someone-else", now=NOW)

    with pytest.raises(Conflict):
        app.change_case(case_id, after_another_visit)
    assert _visits(app, case_id) == 1
