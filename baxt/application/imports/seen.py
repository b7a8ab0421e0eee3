"""The PINFLs an import has met so far, kept in a few sorted arrays: 8 bytes a child."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Keys = NDArray[np.int64]


class SeenKeys:
    """A growing set of 64-bit keys, asked and added to a whole batch at a time.

    The keys live in sorted runs, each at least twice the size of the next, so a batch is
    looked up with one binary search per run (a few dozen for 13 million keys) and adding
    merges runs as a merge sort would: memory stays at 8 bytes a key, with no Python objects.
    """

    def __init__(self) -> None:
        self._runs: list[Keys] = []

    def __len__(self) -> int:
        return sum(len(run) for run in self._runs)

    def contains(self, keys: Keys) -> NDArray[np.bool_]:
        """For each key, whether it was added before."""
        found = np.zeros(len(keys), dtype=bool)
        for run in self._runs:
            at = np.minimum(np.searchsorted(run, keys), len(run) - 1)
            found |= run[at] == keys
        return found

    def add(self, keys: Keys) -> None:
        """Adds keys that are not in the set yet."""
        run = np.sort(np.asarray(keys, dtype=np.int64))
        while self._runs and len(self._runs[-1]) <= 2 * len(run):
            # Two sorted runs joined: a stable sort merges them in linear time.
            run = np.sort(np.concatenate([self._runs.pop(), run]), kind="stable")
        if len(run):
            self._runs.append(run)


def first_of_each(keys: Keys) -> NDArray[np.bool_]:
    """For each key, whether no key before it in the array is equal to it."""
    first = np.zeros(len(keys), dtype=bool)
    first[np.unique(keys, return_index=True)[1]] = True
    return first
