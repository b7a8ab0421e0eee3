from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from baxt.application.cases.read_your_writes import READ_YOUR_WRITES, AfterCommit, Lag
from baxt.graphql.core.response_notes import ResponseNotes, ResponseNotesExtension


@dataclass
class _Context:
    notes: ResponseNotes = field(default_factory=ResponseNotes)


def _saved_out_of_reach(info: strawberry.Info[_Context, None]) -> bool:
    info.context.notes.saved_out_of_reach(info.path.as_list())
    return True


def _saved_behind(info: strawberry.Info[_Context, None], needed: int) -> bool:
    after = AfterCommit(Lag("case_summary", 40, needed), (READ_YOUR_WRITES,))
    info.context.notes.after_commit(after, info.path.as_list())
    return True


@strawberry.type
class _Query:
    @strawberry.field
    def ok(self) -> bool:
        return True


@strawberry.type
class _Mutation:
    out_of_reach: bool = strawberry.field(resolver=_saved_out_of_reach)
    behind: bool = strawberry.field(resolver=_saved_behind)


_SCHEMA = strawberry.Schema(query=_Query, mutation=_Mutation, extensions=[ResponseNotesExtension])


def _extensions(document: str) -> dict[str, Any] | None:
    result = _SCHEMA.execute_sync(document, context_value=_Context())
    assert result.errors is None, result.errors
    return result.extensions


def test_an_answer_with_nothing_to_say_carries_no_notes() -> None:
    assert not _extensions("{ ok }")


def test_a_change_saved_out_of_reach_is_a_coded_warning_on_its_field() -> None:
    extensions = _extensions("mutation { flag: outOfReach }")

    assert extensions is not None
    [warning] = extensions["warnings"]
    assert (warning["code"], warning["path"]) == ("SAVED_OUT_OF_REACH", ["flag"])
    assert "saved" in warning["message"]


def test_a_lagging_read_model_and_a_failed_step_are_both_said() -> None:
    extensions = _extensions("mutation { behind(needed: 45) }")

    assert extensions is not None
    assert extensions["readModel"] == {
        "name": "case_summary",
        "behindBy": 5,
        "position": 40,
        "needed": 45,
    }
    [warning] = extensions["warnings"]
    assert (warning["code"], warning["step"]) == ("POST_COMMIT_STEP_FAILED", READ_YOUR_WRITES)


def test_of_several_writes_behind_the_read_model_the_furthest_ahead_is_said() -> None:
    extensions = _extensions("mutation { a: behind(needed: 45) b: behind(needed: 50) }")

    assert extensions is not None
    assert (extensions["readModel"]["needed"], extensions["readModel"]["behindBy"]) == (50, 10)
