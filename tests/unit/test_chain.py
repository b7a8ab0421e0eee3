from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baxt.domain.chain import (
    ChainProblem,
    ChainProblemKind,
    ChainRow,
    ChainVerdict,
    chain_hashes,
    verify_chain,
)

ALTERED = ChainProblemKind.ALTERED
MISSING = ChainProblemKind.MISSING
REORDERED = ChainProblemKind.REORDERED
UNRECORDED = ChainProblemKind.UNRECORDED

examples = settings(database=None, deadline=None)


class TamperedCase:
    """One case as PostgreSQL holds it: an event table a tamperer can edit, and a chain
    table of recorded hashes that they cannot reach."""

    def __init__(self, size: int, label: str = "case") -> None:
        contents = [f'{{"{label}": {version}}}'.encode() for version in range(1, size + 1)]
        self.events = dict(enumerate(contents, start=1))
        self.recorded = dict(enumerate(chain_hashes(contents), start=1))

    def flip_a_byte(self, version: int) -> None:
        state = bytearray(self.events[version])
        state[0] ^= 0x01
        self.events[version] = bytes(state)

    def delete(self, version: int) -> None:
        del self.events[version]

    def swap(self, one: int, other: int) -> None:
        self.events[one], self.events[other] = self.events[other], self.events[one]

    def append(self, state: bytes) -> None:
        self.events[max(self.events, default=0) + 1] = state

    def truncate_from(self, version: int) -> None:
        self.events = {v: state for v, state in self.events.items() if v < version}

    def renumber(self, version: int, new_version: int) -> None:
        self.events[new_version] = self.events.pop(version)

    def rows(self) -> list[ChainRow]:
        """The event table and the chain table, joined on the version (a full outer join)."""
        versions = sorted(self.events.keys() | self.recorded.keys())
        return [ChainRow(v, self.events.get(v), self.recorded.get(v)) for v in versions]

    def verify(self) -> ChainVerdict:
        return verify_chain(self.rows(), last_version=len(self.recorded))


def test_each_chain_hash_covers_the_previous_one_and_the_event() -> None:
    first, second = chain_hashes([b"flagged", b"contacted"])

    assert first == hashlib.sha256(bytes(32) + b"flagged").digest()
    assert second == hashlib.sha256(first + b"contacted").digest()


def test_the_chain_can_start_from_another_genesis_value() -> None:
    genesis = hashlib.sha256(b"case 42").digest()
    hashes = chain_hashes([b"flagged"], genesis)
    rows = [ChainRow(1, b"flagged", hashes[0])]

    assert hashes != chain_hashes([b"flagged"])
    assert verify_chain(rows, last_version=1, genesis=genesis).ok
    assert verify_chain(rows, last_version=1) == ChainVerdict(ChainProblem(ALTERED, 1))


def test_an_untouched_case_checks_out() -> None:
    verdict = TamperedCase(6).verify()

    assert verdict.ok
    assert verdict.problem is None


def test_a_case_with_no_events_checks_out() -> None:
    assert verify_chain([], last_version=0).ok


def test_a_flipped_byte_in_one_event_is_reported_as_that_version_altered() -> None:
    case = TamperedCase(6)
    case.flip_a_byte(3)

    assert case.verify() == ChainVerdict(ChainProblem(ALTERED, 3))


def test_a_deleted_event_row_is_reported_as_that_version_missing() -> None:
    case = TamperedCase(6)
    case.delete(4)

    assert case.verify() == ChainVerdict(ChainProblem(MISSING, 4))


def test_two_events_with_their_contents_swapped_are_reported_as_reordered() -> None:
    case = TamperedCase(6)
    case.swap(2, 5)

    assert case.verify() == ChainVerdict(ChainProblem(REORDERED, 2, recorded_at=5))


def test_a_forged_event_appended_after_the_last_is_reported_as_unrecorded() -> None:
    case = TamperedCase(6)
    case.append(b'{"case": 7}')

    assert case.verify() == ChainVerdict(ChainProblem(UNRECORDED, 7))


def test_a_truncated_tail_is_reported_as_missing_from_its_first_version() -> None:
    case = TamperedCase(6)
    case.truncate_from(4)

    assert case.verify() == ChainVerdict(ChainProblem(MISSING, 4))


def test_the_first_problem_is_the_earliest_version_tampered_with() -> None:
    case = TamperedCase(8)
    case.swap(6, 7)
    case.delete(4)
    case.flip_a_byte(2)

    assert case.verify() == ChainVerdict(ChainProblem(ALTERED, 2))


def test_an_event_moved_to_a_new_version_leaves_a_gap_reported_as_missing() -> None:
    case = TamperedCase(5)
    case.renumber(3, 9)

    assert case.verify() == ChainVerdict(ChainProblem(MISSING, 3))


def test_an_event_deleted_and_the_rest_renumbered_shows_where_the_contents_came_from() -> None:
    case = TamperedCase(5)
    case.delete(2)
    for version in (3, 4, 5):
        case.renumber(version, version - 1)

    assert case.verify() == ChainVerdict(ChainProblem(REORDERED, 2, recorded_at=3))


def test_an_event_copied_from_another_case_is_altered() -> None:
    case, other = TamperedCase(4), TamperedCase(4, label="other")
    case.events[2] = other.events[2]

    assert case.verify() == ChainVerdict(ChainProblem(ALTERED, 2))


def test_an_event_without_a_recorded_hash_inside_the_expected_versions_is_unrecorded() -> None:
    case = TamperedCase(4)
    del case.recorded[4]

    assert verify_chain(case.rows(), last_version=4) == ChainVerdict(ChainProblem(UNRECORDED, 4))


def test_expected_versions_beyond_both_tables_are_missing() -> None:
    case = TamperedCase(4)

    assert verify_chain(case.rows(), last_version=6) == ChainVerdict(ChainProblem(MISSING, 5))


def test_a_recorded_hash_past_the_expected_versions_with_no_event_is_missing() -> None:
    case = TamperedCase(5)
    case.delete(5)

    assert verify_chain(case.rows(), last_version=4) == ChainVerdict(ChainProblem(MISSING, 5))


def test_a_row_given_twice_is_refused() -> None:
    row = ChainRow(1, b"flagged", chain_hashes([b"flagged"])[0])

    with pytest.raises(ValueError, match="twice"):
        verify_chain([row, row], last_version=1)


@examples
@given(st.integers(2, 40), st.data())
def test_any_single_tampering_is_found_at_its_version_and_named(
    size: int, data: st.DataObject
) -> None:
    case = TamperedCase(size)
    version = data.draw(st.integers(1, size))
    other = data.draw(st.integers(1, size).filter(lambda v: v != version))
    tampering = data.draw(st.sampled_from(["flip", "delete", "swap", "append", "truncate"]))
    expected = {
        "flip": ChainProblem(ALTERED, version),
        "delete": ChainProblem(MISSING, version),
        "swap": ChainProblem(REORDERED, min(version, other), recorded_at=max(version, other)),
        "append": ChainProblem(UNRECORDED, size + 1),
        "truncate": ChainProblem(MISSING, version),
    }[tampering]

    if tampering == "flip":
        case.flip_a_byte(version)
    elif tampering == "delete":
        case.delete(version)
    elif tampering == "swap":
        case.swap(version, other)
    elif tampering == "append":
        case.append(b"forged")
    else:
        case.truncate_from(version)

    assert case.verify() == ChainVerdict(expected)
