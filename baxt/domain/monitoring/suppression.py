"""Small-count suppression: which cells of a table of counts an analyst may not see.

A table is a set of cells, each a count, and groups of cells whose members add up to another
cell of the table, their total (a row and its total, a column and its total). Primary
suppression hides every count from 1 to `threshold - 1`. A group with exactly one hidden cell
would give it away (its total minus the cells shown), so complementary suppression hides one
more cell of that group, the smallest count shown, until no group has exactly one hidden cell.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

DEFAULT_THRESHOLD = 5


class Visibility(Enum):
    """How one cell is shown: as its count, hidden as small, or hidden so a small one stays so."""

    SHOWN = "SHOWN"
    SMALL = "SMALL"
    COMPLEMENTARY = "COMPLEMENTARY"


@dataclass(frozen=True)
class Group(Generic[K]):
    """Cells whose counts add up to the count of `total`."""

    members: tuple[K, ...]
    total: K

    @property
    def cells(self) -> tuple[K, ...]:
        return (*self.members, self.total)


def is_small(count: int, threshold: int) -> bool:
    """Whether primary suppression hides `count`: 1 to `threshold - 1` (zero is shown)."""
    return 0 < count < threshold


def suppress(
    counts: Mapping[K, int], groups: Iterable[Group[K]], threshold: int = DEFAULT_THRESHOLD
) -> dict[K, Visibility]:
    """Each cell's visibility: small counts hidden, then enough others that no group's total
    gives away a single hidden cell. Linear-ish in the cells: each group keeps its number of
    hidden cells, and its members in the order complements are taken."""
    shown = {
        key: Visibility.SMALL if is_small(n, threshold) else Visibility.SHOWN
        for key, n in counts.items()
    }
    kept = [_Tally(group, shown) for group in groups if all(c in counts for c in group.cells)]
    tallies_of: dict[K, list[_Tally[K]]] = defaultdict(list)
    for tally in kept:
        for cell in tally.group.cells:
            tallies_of[cell].append(tally)
    waiting = deque(kept)
    while waiting:
        tally = waiting.popleft()
        if tally.hidden != 1:
            continue
        complement = tally.complement(counts, shown)
        if shown[complement] is not Visibility.SHOWN:
            continue
        shown[complement] = Visibility.COMPLEMENTARY
        for other in tallies_of[complement]:
            other.hidden += 1
        waiting.extend(tallies_of[complement])
    return shown


class _Tally(Generic[K]):
    """A group, its number of hidden cells, and its members by the order of `complement`."""

    def __init__(self, group: Group[K], shown: Mapping[K, Visibility]) -> None:
        self.group = group
        self.hidden = sum(1 for cell in group.cells if shown[cell] is not Visibility.SHOWN)
        self._ordered: list[K] | None = None
        self._next = 0

    def complement(self, counts: Mapping[K, int], shown: Mapping[K, Visibility]) -> K:
        """The cell to hide besides: the smallest positive count shown among the members, else
        a zero shown, else the group's total. Cells are only ever hidden, never shown again,
        so the members passed over stay passed over."""
        if self._ordered is None:
            members = self.group.members
            self._ordered = sorted(members, key=lambda m: (counts[m] == 0, counts[m]))
        ordered = self._ordered
        while self._next < len(ordered) and shown[ordered[self._next]] is not Visibility.SHOWN:
            self._next += 1
        return ordered[self._next] if self._next < len(ordered) else self.group.total
