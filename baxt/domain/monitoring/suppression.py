"""Small-count suppression: which cells of a table of counts an analyst may not see.

A table is a set of cells, each a count, and groups of cells whose members add up to another
cell of the table, their total (a row and its total, a column and its total). Primary
suppression hides every count from 1 to `threshold - 1`. A group with exactly one hidden cell
would give it away (its total minus the cells shown), so complementary suppression hides one
more cell of that group, the smallest count shown, until no group has exactly one hidden cell.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
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
    gives away a single hidden cell."""
    shown = {
        key: Visibility.SMALL if is_small(n, threshold) else Visibility.SHOWN
        for key, n in counts.items()
    }
    kept = [group for group in groups if all(cell in counts for cell in group.cells)]
    groups_of: dict[K, list[Group[K]]] = defaultdict(list)
    for group in kept:
        for cell in group.cells:
            groups_of[cell].append(group)
    waiting = deque(kept)
    while waiting:
        group = waiting.popleft()
        if _hidden_in(group, shown) != 1:
            continue
        complement = _complement(group, counts, shown)
        shown[complement] = Visibility.COMPLEMENTARY
        waiting.extend(groups_of[complement])
    return shown


def _hidden_in(group: Group[K], shown: Mapping[K, Visibility]) -> int:
    return sum(1 for cell in group.cells if shown[cell] is not Visibility.SHOWN)


def _complement(group: Group[K], counts: Mapping[K, int], shown: Mapping[K, Visibility]) -> K:
    """The cell to hide besides: the smallest positive count shown among the members, else a
    zero shown, else the group's total."""
    candidates: Sequence[K] = [m for m in group.members if shown[m] is Visibility.SHOWN]
    if not candidates:
        return group.total
    return min(candidates, key=lambda m: (counts[m] == 0, counts[m]))
