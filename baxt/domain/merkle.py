"""The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1, over SHA-256.

Roots take O(n) hashes and O(log n) memory. Proof generation hashes every leaf of the
tree once, so it is O(n) per proof: fine for audits, not for serving proofs in bulk.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


@dataclass(frozen=True)
class InclusionProof:
    """The audit path of RFC 9162 section 2.1.3: leaf `leaf_index` is in the tree of `tree_size`."""

    leaf_index: int
    tree_size: int
    path: tuple[bytes, ...]


@dataclass(frozen=True)
class ConsistencyProof:
    """The proof of RFC 9162 section 2.1.4: the tree of `first_size` is a prefix of the other."""

    first_size: int
    second_size: int
    path: tuple[bytes, ...]


def leaf_hash(data: bytes) -> bytes:
    """HASH(0x00 || data): the hash of one leaf."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """HASH(0x01 || left || right): the hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_hash(leaf_hashes: Sequence[bytes], tree_size: int | None = None) -> bytes:
    """MTH over the first `tree_size` leaf hashes (all of them by default)."""
    size = len(leaf_hashes) if tree_size is None else tree_size
    _check_size(size, leaf_hashes)
    return _range_root(leaf_hashes, 0, size)


def inclusion_proof(
    leaf_index: int, tree_size: int, leaf_hashes: Sequence[bytes]
) -> InclusionProof:
    """PATH(leaf_index, D[tree_size]) of RFC 9162 section 2.1.3.1; O(tree_size) hashes."""
    _check_size(tree_size, leaf_hashes)
    if not 0 <= leaf_index < tree_size:
        raise ValueError(f"leaf index {leaf_index} is outside a tree of {tree_size}")
    path: list[bytes] = []
    start, end = 0, tree_size
    while end - start > 1:
        middle = start + _split(end - start)
        if leaf_index < middle:
            path.append(_range_root(leaf_hashes, middle, end))
            end = middle
        else:
            path.append(_range_root(leaf_hashes, start, middle))
            start = middle
    return InclusionProof(leaf_index, tree_size, tuple(reversed(path)))


def consistency_proof(
    first_size: int, second_size: int, leaf_hashes: Sequence[bytes]
) -> ConsistencyProof:
    """PROOF(first_size, D[second_size]) of RFC 9162 section 2.1.4.1; O(second_size) hashes.

    The RFC defines it for 0 < first < second; for first 0 or first == second it is empty.
    """
    _check_size(second_size, leaf_hashes)
    if not 0 <= first_size <= second_size:
        raise ValueError(f"no consistency proof from size {first_size} to {second_size}")
    path: list[bytes] = []
    start, end, remaining, whole = 0, second_size, first_size, True
    while 0 < remaining < end - start:
        split = _split(end - start)
        if remaining <= split:
            path.append(_range_root(leaf_hashes, start + split, end))
            end = start + split
        else:
            path.append(_range_root(leaf_hashes, start, start + split))
            start, remaining, whole = start + split, remaining - split, False
    if remaining > 0 and not whole:
        path.append(_range_root(leaf_hashes, start, end))
    return ConsistencyProof(first_size, second_size, tuple(reversed(path)))


def verify_inclusion(leaf: bytes, proof: InclusionProof, root: bytes) -> bool:
    """Whether `leaf` (a leaf hash) is in the tree with `root`, per RFC 9162 section 2.1.3.2."""
    if not _are_hashes(leaf, root, *proof.path):
        return False
    if not 0 <= proof.leaf_index < proof.tree_size:
        return False
    fn, sn = proof.leaf_index, proof.tree_size - 1
    r = leaf
    for p in proof.path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            fn, sn = _shift_while_even(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(r, root)


def verify_consistency(proof: ConsistencyProof, first_root: bytes, second_root: bytes) -> bool:
    """Whether the tree with `second_root` extends the one with `first_root`.

    For 0 < first < second this is RFC 9162 section 2.1.4.2 step by step. Outside that
    range: sizes equal need an empty proof and equal roots; first size 0 needs an empty
    proof and the empty tree's root as `first_root`.
    """
    first, second, path = proof.first_size, proof.second_size, proof.path
    if not _are_hashes(first_root, second_root, *path) or not 0 <= first <= second:
        return False
    if first == 0:
        empty = second > 0 or hmac.compare_digest(second_root, EMPTY_ROOT)
        return not path and empty and hmac.compare_digest(first_root, EMPTY_ROOT)
    if first == second:
        return not path and hmac.compare_digest(first_root, second_root)
    if not path:
        return False
    if first & (first - 1) == 0:
        path = (first_root, *path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in islice(path, 1, None):
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            fn, sn = _shift_while_even(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return hmac.compare_digest(fr, first_root) and hmac.compare_digest(sr, second_root) and sn == 0


def _shift_while_even(fn: int, sn: int) -> tuple[int, int]:
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


class CompactRange:
    """A tree grown one leaf at a time, whose root is known after every leaf in O(log n).

    It holds one perfect subtree per set bit of the size, the smallest last, like a binary
    counter; the root folds them from the right, as MTH splits at the largest power of two.
    """

    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        digest, seen = leaf, self.size
        while seen & 1:
            digest = node_hash(self._peaks.pop(), digest)
            seen >>= 1
        self._peaks.append(digest)
        self.size += 1

    def root(self) -> bytes:
        """MTH of the leaves appended so far."""
        if not self._peaks:
            return EMPTY_ROOT
        digest = self._peaks[-1]
        for peak in reversed(self._peaks[:-1]):
            digest = node_hash(peak, digest)
        return digest


def _range_root(leaf_hashes: Sequence[bytes], start: int, end: int) -> bytes:
    """MTH(D[start:end]) without copying."""
    tree = CompactRange()
    for index in range(start, end):
        tree.append(leaf_hashes[index])
    return tree.root()


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def _are_hashes(*values: bytes) -> bool:
    return all(len(value) == HASH_SIZE for value in values)


def _check_size(tree_size: int, leaf_hashes: Sequence[bytes]) -> None:
    if not 0 <= tree_size <= len(leaf_hashes):
        raise ValueError(f"tree size {tree_size} is outside 0..{len(leaf_hashes)}")
