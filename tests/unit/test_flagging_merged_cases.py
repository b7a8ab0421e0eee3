"""A child flagged again by the PINFL of a case merged away: the flag lands on the kept case,
which records it (or reopens when closed); the merged duplicate stays closed."""

from __future__ import annotations

from uuid import UUID

import pytest

from baxt.application.cases.application import CaseApplication
from baxt.domain.case import Case
from baxt.domain.errors import AlreadyMerged
from baxt.domain.values import CaseStatus, CloseReason, FlagSource

from .helpers import ACTOR, NOW, a_child, an_application, case_in, flag_child, read_case


def _merge(app: CaseApplication, kept_id: UUID, merged_id: UUID) -> None:
    def merge(kept: Case, merged: Case) -> None:
        kept.keep_merged(merged.id, note="one child", actor=ACTOR)
        merged.merge_into(kept.id, note="one child", actor=ACTOR)

    app.change_both(kept_id, merged_id, merge)


def _merged_pair(app: CaseApplication) -> tuple[UUID, UUID]:
    """A kept case, and a duplicate (another PINFL) merged into it."""
    kept = flag_child(app, a_child(serial=101)).case_id
    merged = flag_child(app, a_child(serial=202)).case_id
    _merge(app, kept, merged)
    return kept, merged


def test_a_flag_by_the_merged_pinfl_is_added_to_the_open_kept_case() -> None:
    app = an_application()
    kept, merged = _merged_pair(app)

    again = flag_child(app, a_child(serial=202), source=FlagSource.PARTNER_NGO)

    assert again.case_id == kept
    assert [e.type for e in app.history(kept)][-1] == "FlagAdded"
    assert [e.type for e in app.history(merged)] == ["Flagged", "MergedInto", "Closed"]
    assert read_case(app, merged).status is CaseStatus.CLOSED


def test_a_flag_by_the_merged_pinfl_reopens_the_kept_case_once_it_is_closed() -> None:
    app = an_application()
    kept, merged = _merged_pair(app)
    app.change_case(kept, lambda case: case.close(reason=CloseReason.MOVED, note="", actor=ACTOR))

    again = flag_child(app, a_child(serial=202), source=FlagSource.PARTNER_NGO)

    assert again.case_id == kept
    assert read_case(app, kept).status is CaseStatus.FLAGGED
    assert [e.type for e in app.history(kept)][-1] == "Reopened"
    assert read_case(app, merged).close_reason is CloseReason.DUPLICATE


def test_a_flag_follows_merges_of_kept_cases_in_turn_to_the_case_that_carries_on() -> None:
    app = an_application()
    middle, first = _merged_pair(app)
    last = flag_child(app, a_child(serial=303)).case_id
    _merge(app, last, middle)

    again = flag_child(app, a_child(serial=202))

    assert again.case_id == last
    assert [e.type for e in app.history(last)][-1] == "FlagAdded"
    assert [e.type for e in app.history(first)][-1] == "Closed"
    assert [e.type for e in app.history(middle)][-1] == "Closed"


def test_a_merged_case_itself_refuses_a_flag() -> None:
    merged = case_in(CaseStatus.VISITED)
    merged.merge_into(case_in(CaseStatus.FLAGGED).id, note="one child", actor=ACTOR)

    with pytest.raises(AlreadyMerged):
        merged.flag_again(
            source=FlagSource.PARTNER_NGO, indicators=(), note="", actor=ACTOR, now=NOW
        )


def test_a_merged_duplicate_is_not_reopened_by_hand_either() -> None:
    app = an_application()
    _, merged = _merged_pair(app)

    with pytest.raises(AlreadyMerged):
        app.change_case(
            merged, lambda case: case.reopen(reason="typed again", actor=ACTOR, now=NOW)
        )

    assert read_case(app, merged).close_reason is CloseReason.DUPLICATE
