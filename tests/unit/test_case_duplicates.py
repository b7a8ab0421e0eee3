"""Merging a duplicate case into the kept one, and telling a pair apart, on the aggregate."""

from __future__ import annotations

from uuid import uuid4

import pytest

from baxt.domain.errors import AlreadyMerged, CaseErased, InvalidTransition, SameCase
from baxt.domain.values import CaseStatus, CloseReason

from .helpers import ACTOR, case_in, close


def test_a_merged_case_closes_as_duplicate_linked_to_the_kept_one() -> None:
    merged, kept_id = case_in(CaseStatus.VISITED), uuid4()

    merged.merge_into(kept_id, note="one child", actor=ACTOR)

    assert merged.status is CaseStatus.CLOSED
    assert merged.close_reason is CloseReason.DUPLICATE
    assert merged.merged_into == kept_id
    assert [type(e).__name__ for e in merged.collect_events()][-2:] == ["MergedInto", "Closed"]


def test_the_kept_case_lists_what_was_merged_into_it_and_stays_as_it_was() -> None:
    kept, merged_id = case_in(CaseStatus.CONTACTED), uuid4()

    kept.keep_merged(merged_id, note="one child", actor=ACTOR)

    assert kept.merged_cases == (merged_id,)
    assert kept.status is CaseStatus.CONTACTED


def test_a_case_merged_already_refuses_another_merge_and_a_pair_told_apart() -> None:
    merged = case_in(CaseStatus.FLAGGED)
    merged.merge_into(uuid4(), note="", actor=ACTOR)

    with pytest.raises(AlreadyMerged):
        merged.merge_into(uuid4(), note="", actor=ACTOR)
    with pytest.raises(AlreadyMerged):
        merged.mark_not_duplicate(uuid4(), note="", actor=ACTOR)


def test_a_case_is_no_duplicate_of_itself() -> None:
    case = case_in(CaseStatus.FLAGGED)

    with pytest.raises(SameCase):
        case.merge_into(case.id, note="", actor=ACTOR)


def test_a_closed_case_is_not_merged() -> None:
    case = case_in(CaseStatus.FLAGGED)
    close(case)

    with pytest.raises(InvalidTransition):
        case.merge_into(uuid4(), note="", actor=ACTOR)


def test_an_erased_case_is_neither_merged_nor_kept() -> None:
    case = case_in(CaseStatus.FLAGGED)
    case.erase_child_data(legal_reason="court order", actor=ACTOR)

    with pytest.raises(CaseErased):
        case.keep_merged(uuid4(), note="", actor=ACTOR)


def test_a_pair_told_apart_is_recorded_once() -> None:
    case, other = case_in(CaseStatus.FLAGGED), uuid4()

    assert case.mark_not_duplicate(other, note="twins", actor=ACTOR)
    assert not case.mark_not_duplicate(other, note="twins", actor=ACTOR)
    assert case.not_duplicates == (other,)
