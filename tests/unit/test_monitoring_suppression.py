"""Small-count suppression: no hidden count can be worked out from what is shown."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from baxt.domain.monitoring.suppression import Group, Visibility, is_small, suppress

Cell = tuple[int, int]
"""(row, column) of a table whose last row and last column hold the totals."""


def _table(rows: list[list[int]]) -> tuple[dict[Cell, int], list[Group[Cell]]]:
    """Cells of the inner table with its row totals, column totals and grand total."""
    height, width = len(rows), len(rows[0])
    counts = {(r, c): n for r, row in enumerate(rows) for c, n in enumerate(row)}
    for r, row in enumerate(rows):
        counts[(r, width)] = sum(row)
    for c in range(width + 1):
        counts[(height, c)] = sum(counts[(r, c)] for r in range(height))
    groups = [Group(tuple((r, c) for c in range(width)), (r, width)) for r in range(height + 1)]
    groups += [Group(tuple((r, c) for r in range(height)), (height, c)) for c in range(width + 1)]
    return counts, groups


tables = st.integers(1, 5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 30), min_size=width, max_size=width), min_size=1, max_size=6
    )
)


@given(tables, st.integers(2, 11))
def test_no_row_or_column_has_exactly_one_hidden_cell(
    rows: list[list[int]], threshold: int
) -> None:
    counts, groups = _table(rows)

    shown = suppress(counts, groups, threshold)

    for group in groups:
        hidden = [cell for cell in group.cells if shown[cell] is not Visibility.SHOWN]
        assert len(hidden) != 1, (group, hidden)


@given(tables, st.integers(2, 11))
def test_every_small_count_is_hidden_as_small_and_no_other_is(
    rows: list[list[int]], threshold: int
) -> None:
    counts, groups = _table(rows)

    shown = suppress(counts, groups, threshold)

    assert {k for k, v in shown.items() if v is Visibility.SMALL} == {
        k for k, n in counts.items() if is_small(n, threshold)
    }


def test_one_small_cell_in_a_column_hides_the_next_smallest_beside_it() -> None:
    counts = {"a": 3, "b": 40, "c": 12, "total": 55}

    shown = suppress(counts, [Group(("a", "b", "c"), "total")])

    assert shown == {
        "a": Visibility.SMALL,
        "b": Visibility.SHOWN,
        "c": Visibility.COMPLEMENTARY,
        "total": Visibility.SHOWN,
    }


def test_zero_is_shown_and_not_chosen_to_hide_while_a_positive_count_can_be() -> None:
    shown = suppress({"a": 2, "b": 0, "c": 9, "total": 11}, [Group(("a", "b", "c"), "total")])

    assert (shown["b"], shown["c"]) == (Visibility.SHOWN, Visibility.COMPLEMENTARY)


def test_a_group_of_one_small_member_hides_its_total() -> None:
    shown = suppress({"a": 2, "b": 0, "total": 2}, [Group(("a", "b"), "total")], threshold=3)

    assert shown["total"] is not Visibility.SHOWN


def test_counts_at_or_above_the_threshold_are_all_shown() -> None:
    shown = suppress({"a": 5, "b": 7, "total": 12}, [Group(("a", "b"), "total")])

    assert set(shown.values()) == {Visibility.SHOWN}
