from __future__ import annotations

import numpy as np

from baxt.application.imports.seen import SeenKeys, first_of_each


def test_keys_added_batch_by_batch_are_found_and_others_are_not() -> None:
    rng = np.random.default_rng(3)
    seen, added = SeenKeys(), set[int]()
    for _ in range(40):
        batch = np.unique(rng.integers(10**13, 10**13 + 50_000, size=700, dtype=np.int64))
        found = seen.contains(batch)
        assert found.tolist() == [int(key) in added for key in batch]
        fresh = batch[~found]
        seen.add(fresh)
        added.update(int(key) for key in fresh)
    assert len(seen) == len(added)


def test_an_empty_set_holds_nothing() -> None:
    seen = SeenKeys()
    assert not seen.contains(np.array([1, 2], dtype=np.int64)).any()
    seen.add(np.array([], dtype=np.int64))
    assert len(seen) == 0


def test_only_the_first_of_equal_keys_counts_as_first() -> None:
    keys = np.array([5, 3, 5, 9, 3, 5], dtype=np.int64)
    assert first_of_each(keys).tolist() == [True, True, False, True, False, False]
