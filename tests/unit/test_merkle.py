from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baxt.domain.merkle import (
    EMPTY_ROOT,
    CompactRange,
    ConsistencyProof,
    InclusionProof,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

# The inputs, roots and proofs of the Certificate Transparency reference tests
# (google/certificate-transparency, now transparency-dev/merkle proof/verify_test.go),
# with the leaf indexes counted from 0 as in RFC 9162.
CT_ENTRIES = [
    bytes.fromhex(entry)
    for entry in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CT_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
CT_LEAVES = [leaf_hash(entry) for entry in CT_ENTRIES]
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")

examples = settings(database=None, deadline=None)


def _reference_root(leaves: Sequence[bytes]) -> bytes:
    """MTH exactly as RFC 9162 section 2.1.1 writes it: recursive, with slices."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _largest_power_of_two_below(len(leaves))
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


def _reference_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = _largest_power_of_two_below(len(leaves))
    if m < k:
        return [*_reference_path(m, leaves[:k]), _reference_root(leaves[k:])]
    return [*_reference_path(m - k, leaves[k:]), _reference_root(leaves[:k])]


def _reference_subproof(m: int, leaves: Sequence[bytes], whole: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if whole else [_reference_root(leaves)]
    k = _largest_power_of_two_below(n)
    if m <= k:
        return [*_reference_subproof(m, leaves[:k], whole), _reference_root(leaves[k:])]
    return [*_reference_subproof(m - k, leaves[k:], False), _reference_root(leaves[:k])]


def _largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _leaves(size: int, salt: bytes = b"") -> list[bytes]:
    return [leaf_hash(salt + index.to_bytes(4, "big")) for index in range(size)]


def _flip(value: bytes, bit: int = 0) -> bytes:
    bit %= len(value) * 8
    flipped = bytearray(value)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def _hexes(values: Sequence[str]) -> tuple[bytes, ...]:
    return tuple(bytes.fromhex(value) for value in values)


@st.composite
def trees(draw: st.DrawFn, min_size: int = 1, max_size: int = 70) -> list[bytes]:
    return _leaves(draw(st.integers(min_size, max_size)), draw(st.binary(max_size=4)))


def test_leaves_and_nodes_are_hashed_with_their_domain_prefixes() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert node_hash(b"L", b"R") == hashlib.sha256(b"\x01LR").digest()
    assert leaf_hash(b"\x01LR") != node_hash(b"L", b"R")


def test_the_empty_tree_has_the_hash_of_the_empty_string() -> None:
    assert root_hash([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(len(CT_ROOTS)))
def test_the_roots_match_the_certificate_transparency_vectors(size: int) -> None:
    assert root_hash(CT_LEAVES, size).hex() == CT_ROOTS[size]
    assert root_hash(CT_LEAVES[:size]).hex() == CT_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_inclusion_proofs_match_the_certificate_transparency_vectors(
    index: int, size: int, path: list[str]
) -> None:
    proof = inclusion_proof(index, size, CT_LEAVES)

    assert proof == InclusionProof(index, size, _hexes(path))
    assert verify_inclusion(CT_LEAVES[index], proof, bytes.fromhex(CT_ROOTS[size]))


@pytest.mark.parametrize(("first", "second", "path"), CT_CONSISTENCY)
def test_consistency_proofs_match_the_certificate_transparency_vectors(
    first: int, second: int, path: list[str]
) -> None:
    proof = consistency_proof(first, second, CT_LEAVES)

    assert proof == ConsistencyProof(first, second, _hexes(path))
    assert verify_consistency(
        proof, bytes.fromhex(CT_ROOTS[first]), bytes.fromhex(CT_ROOTS[second])
    )


def _corrupted_inclusions(
    proof: InclusionProof, leaf: bytes, root: bytes
) -> list[tuple[InclusionProof, bytes, bytes]]:
    index, size, path = proof.leaf_index, proof.tree_size, proof.path
    probes = [
        (InclusionProof(index - 1, size, path), leaf, root),
        (InclusionProof(index + 1, size, path), leaf, root),
        (InclusionProof(index ^ 2, size, path), leaf, root),
        (InclusionProof(index, size * 2, path), leaf, root),
        (InclusionProof(index, size // 2, path), leaf, root),
        (proof, leaf_hash(b"wrong leaf"), root),
        (proof, leaf, EMPTY_ROOT),
        (proof, leaf, SOME_HASH),
        (InclusionProof(index, size, (*path, root)), leaf, root),
        (InclusionProof(index, size, (root, *path)), leaf, root),
        (InclusionProof(index, size, (*path, b"")), leaf, root),
    ]
    probes += [
        (InclusionProof(index, size, (*path[:i], _flip(node, 3), *path[i + 1 :])), leaf, root)
        for i, node in enumerate(path)
    ]
    if path:
        probes.append((InclusionProof(index, size, path[:-1]), leaf, root))
    if len(path) > 1:
        probes.append((InclusionProof(index, size, (path[0], SOME_HASH, *path[1:])), leaf, root))
    return probes


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION[1:])
def test_a_corrupted_inclusion_vector_never_verifies(
    index: int, size: int, path: list[str]
) -> None:
    proof = InclusionProof(index, size, _hexes(path))
    root = bytes.fromhex(CT_ROOTS[size])

    for probe, leaf, probe_root in _corrupted_inclusions(proof, CT_LEAVES[index], root):
        assert not verify_inclusion(leaf, probe, probe_root), probe


@pytest.mark.parametrize(("first", "second", "path"), CT_CONSISTENCY[1:])
def test_a_corrupted_consistency_vector_never_verifies(
    first: int, second: int, path: list[str]
) -> None:
    nodes = _hexes(path)
    old, new = bytes.fromhex(CT_ROOTS[first]), bytes.fromhex(CT_ROOTS[second])
    probes = [
        (ConsistencyProof(first - 1, second, nodes), old, new),
        (ConsistencyProof(first + 1, second, nodes), old, new),
        (ConsistencyProof(first ^ 2, second, nodes), old, new),
        (ConsistencyProof(first, second * 2, nodes), old, new),
        (ConsistencyProof(first, second // 2, nodes), old, new),
        (ConsistencyProof(first, second, nodes), SOME_HASH, new),
        (ConsistencyProof(first, second, nodes), old, SOME_HASH),
        (ConsistencyProof(first, second, nodes), new, old),
        (ConsistencyProof(first, second, ()), old, new),
        (ConsistencyProof(first, second, (*nodes, old)), old, new),
        (ConsistencyProof(first, second, (*nodes, new)), old, new),
        (ConsistencyProof(first, second, (old, *nodes)), old, new),
        (ConsistencyProof(first, second, (new, *nodes)), old, new),
        (ConsistencyProof(first, second, (nodes[0], *nodes)), old, new),
        (ConsistencyProof(first, second, nodes[:-1]), old, new),
    ]
    probes += [
        (ConsistencyProof(first, second, (*nodes[:i], _flip(n, 4), *nodes[i + 1 :])), old, new)
        for i, n in enumerate(nodes)
    ]

    for probe, first_root, second_root in probes:
        assert not verify_consistency(probe, first_root, second_root), probe


@pytest.mark.parametrize(
    ("first", "second", "first_root", "second_root", "holds"),
    [
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, True),
        (0, 1, EMPTY_ROOT, SOME_HASH, True),
        (1, 1, SOME_HASH, SOME_HASH, True),
        (0, 1, SOME_HASH, SOME_HASH, False),
        (1, 1, SOME_HASH, EMPTY_ROOT, False),
        (1, 0, SOME_HASH, EMPTY_ROOT, False),
        (2, 1, SOME_HASH, SOME_HASH, False),
        (1, 2, SOME_HASH, EMPTY_ROOT, False),
    ],
    ids=[
        "empty-to-empty",
        "empty-to-one",
        "same-size",
        "a-size-0-tree-with-a-root-other-than-the-empty-one",
        "same-size-different-roots",
        "time-travel-to-empty",
        "time-travel",
        "growth-without-a-proof",
    ],
)
def test_the_edges_of_consistency_with_an_empty_proof(
    first: int, second: int, first_root: bytes, second_root: bytes, holds: bool
) -> None:
    assert verify_consistency(ConsistencyProof(first, second, ()), first_root, second_root) is holds


def test_equal_sizes_with_a_non_empty_proof_do_not_verify() -> None:
    proof = ConsistencyProof(1, 1, (EMPTY_ROOT,))

    assert not verify_consistency(proof, EMPTY_ROOT, EMPTY_ROOT)


def test_a_single_leaf_tree_needs_a_leaf_and_root_of_hash_size() -> None:
    leaf = leaf_hash(b"data")
    proof = InclusionProof(0, 1, ())

    assert verify_inclusion(leaf, proof, leaf)
    assert not verify_inclusion(b"", proof, leaf)
    assert not verify_inclusion(leaf, proof, b"")
    assert not verify_inclusion(b"", proof, b"")


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (1, 1), (2, 1), (-1, 1)])
def test_an_index_outside_the_tree_never_verifies(index: int, size: int) -> None:
    assert not verify_inclusion(SOME_HASH, InclusionProof(index, size, ()), SOME_HASH)


@pytest.mark.parametrize(("index", "size"), [(0, 0), (3, 3), (-1, 3), (0, 9)])
def test_no_inclusion_proof_is_made_for_a_leaf_outside_the_tree(index: int, size: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        inclusion_proof(index, size, CT_LEAVES)


@pytest.mark.parametrize(("first", "second"), [(4, 3), (-1, 3), (2, 9)])
def test_no_consistency_proof_is_made_backwards_or_beyond_the_leaves(
    first: int, second: int
) -> None:
    with pytest.raises(ValueError, match="size"):
        consistency_proof(first, second, CT_LEAVES)


@examples
@given(st.integers(0, 300), st.binary(max_size=4))
def test_the_root_is_the_recursive_definition_of_the_rfc(size: int, salt: bytes) -> None:
    leaves = _leaves(size, salt)

    assert root_hash(leaves) == _reference_root(leaves)


@examples
@given(trees(), st.data())
def test_a_root_of_a_prefix_ignores_the_leaves_after_it(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = data.draw(st.integers(0, len(leaves)))

    assert root_hash(leaves, size) == _reference_root(leaves[:size])


@examples
@given(trees(), st.data())
def test_inclusion_paths_are_the_recursive_definition_of_the_rfc(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = data.draw(st.integers(1, len(leaves)))
    index = data.draw(st.integers(0, size - 1))

    path = inclusion_proof(index, size, leaves).path

    assert list(path) == _reference_path(index, leaves[:size])


@examples
@given(trees())
def test_every_leaf_of_a_tree_has_an_inclusion_proof_that_verifies(leaves: list[bytes]) -> None:
    root = root_hash(leaves)

    for index, leaf in enumerate(leaves):
        assert verify_inclusion(leaf, inclusion_proof(index, len(leaves), leaves), root)


@examples
@given(trees(), st.data())
def test_an_inclusion_proof_fails_when_anything_in_it_is_altered(
    leaves: list[bytes], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(leaves) - 1))
    bit = data.draw(st.integers(0, 255))
    proof, root, leaf = (
        inclusion_proof(index, len(leaves), leaves),
        root_hash(leaves),
        leaves[index],
    )

    assert not verify_inclusion(_flip(leaf, bit), proof, root)
    assert not verify_inclusion(leaf, proof, _flip(root, bit))
    for other in range(len(leaves)):
        moved = InclusionProof(other, proof.tree_size, proof.path)
        assert verify_inclusion(leaf, moved, root) is (other == index)
    for position in range(len(proof.path)):
        path = list(proof.path)
        path[position] = _flip(path[position], bit)
        assert not verify_inclusion(leaf, InclusionProof(index, len(leaves), tuple(path)), root)


@examples
@given(trees(), st.data())
def test_consistency_paths_are_the_recursive_definition_of_the_rfc(
    leaves: list[bytes], data: st.DataObject
) -> None:
    second = data.draw(st.integers(1, len(leaves)))
    first = data.draw(st.integers(1, second))

    path = consistency_proof(first, second, leaves).path

    assert list(path) == _reference_subproof(first, leaves[:second], True)


@examples
@given(trees(), st.data())
def test_every_consistency_proof_verifies(leaves: list[bytes], data: st.DataObject) -> None:
    second = data.draw(st.integers(0, len(leaves)))
    first = data.draw(st.integers(0, second))

    proof = consistency_proof(first, second, leaves)

    assert verify_consistency(proof, root_hash(leaves, first), root_hash(leaves, second))


@examples
@given(trees(), st.data())
def test_a_consistency_proof_fails_when_either_root_or_a_node_is_altered(
    leaves: list[bytes], data: st.DataObject
) -> None:
    second = data.draw(st.integers(1, len(leaves)))
    first = data.draw(st.integers(1, second))
    bit = data.draw(st.integers(0, 255))
    proof = consistency_proof(first, second, leaves)
    old, new = root_hash(leaves, first), root_hash(leaves, second)

    assert not verify_consistency(proof, _flip(old, bit), new)
    assert not verify_consistency(proof, old, _flip(new, bit))
    for position in range(len(proof.path)):
        path = list(proof.path)
        path[position] = _flip(path[position], bit)
        assert not verify_consistency(ConsistencyProof(first, second, tuple(path)), old, new)


@examples
@given(trees(min_size=2), st.data())
def test_a_consistency_proof_fails_against_a_tree_that_rewrote_history(
    leaves: list[bytes], data: st.DataObject
) -> None:
    second = data.draw(st.integers(2, len(leaves)))
    first = data.draw(st.integers(1, second - 1))
    changed = data.draw(st.integers(0, first - 1))
    rewritten = [*leaves[:changed], leaf_hash(b"rewritten"), *leaves[changed + 1 :]]

    proof = consistency_proof(first, second, rewritten)

    assert not verify_consistency(proof, root_hash(leaves, first), root_hash(rewritten, second))


def test_a_tree_of_tens_of_thousands_of_leaves_proves_its_last_leaf_and_its_growth() -> None:
    leaves = _leaves(2**15 + 3)
    root = root_hash(leaves)

    assert verify_inclusion(leaves[-1], inclusion_proof(len(leaves) - 1, len(leaves), leaves), root)
    proof = consistency_proof(2**15 - 1, len(leaves), leaves)
    assert verify_consistency(proof, root_hash(leaves, 2**15 - 1), root)


def test_a_compact_range_knows_the_root_after_every_leaf() -> None:
    leaves = [leaf_hash(str(i).encode()) for i in range(70)]
    tree = CompactRange()
    assert tree.root() == root_hash([])
    for size in range(1, len(leaves) + 1):
        tree.append(leaves[size - 1])
        assert (tree.size, tree.root()) == (size, root_hash(leaves, size))
