from __future__ import annotations

import base64
import hashlib
import re
import runpy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from baxt.application.checkpoints import (
    Checkpoint,
    InvalidCheckpoint,
    InvalidKeyFile,
    KeyEncoding,
    UnverifiedCheckpoint,
    checkpoint_text,
    generate_signing_key,
    key_id,
    load_private_key,
    load_public_key,
    parse_checkpoint,
    save_private_key,
    save_public_key,
    sign_checkpoint,
    verifier_key,
    verify_checkpoint,
)
from baxt.domain.merkle import consistency_proof, inclusion_proof, leaf_hash, root_hash

ORIGIN = "audit.baxt.example/log"
EXAMPLE_KEY = Ed25519PrivateKey.from_private_bytes(
    hashlib.sha256(b"baxt audit example key").digest()
)
EXAMPLE_ENTRIES = [f"event {i}".encode() for i in range(5)]
EXAMPLE_LEAVES = [leaf_hash(entry) for entry in EXAMPLE_ENTRIES]
NINE_THIRTY = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
AUDIT_DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-proofs.md"

examples = settings(database=None, deadline=None)


def _checkpoint(size: int = 5, at: datetime = NINE_THIRTY) -> Checkpoint:
    return Checkpoint(ORIGIN, size, root_hash(EXAMPLE_LEAVES, size), at)


def _code_of(error: pytest.ExceptionInfo[InvalidCheckpoint]) -> str:
    return error.value.code


@pytest.fixture(scope="module")
def auditor(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The doc's reference verifier and worked example, run as the auditor would run them."""
    blocks = re.findall(r"```python\n(.*?)```", AUDIT_DOC.read_text(encoding="utf-8"), re.S)
    script = tmp_path_factory.mktemp("auditor") / "audit.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    return runpy.run_path(str(script))


def test_a_signed_checkpoint_verifies_with_the_log_key() -> None:
    note = sign_checkpoint(_checkpoint(), EXAMPLE_KEY)

    assert verify_checkpoint(note, EXAMPLE_KEY.public_key()) == _checkpoint()


def test_the_note_text_is_origin_size_base64_root_and_timestamp() -> None:
    root = base64.b64encode(root_hash(EXAMPLE_LEAVES)).decode()

    assert checkpoint_text(_checkpoint()) == (
        f"audit.baxt.example/log\n5\n{root}\ntimestamp 2025-01-15T09:30:00Z\n"
    )


def test_the_signature_line_carries_the_key_name_key_id_and_the_signature_of_the_text() -> None:
    note = sign_checkpoint(_checkpoint(), EXAMPLE_KEY)

    (signature,) = parse_checkpoint(note).signatures

    assert note.startswith(checkpoint_text(_checkpoint()) + "\n\u2014 ")
    assert signature.key_name == ORIGIN
    assert signature.key_id == key_id(ORIGIN, EXAMPLE_KEY.public_key())
    EXAMPLE_KEY.public_key().verify(signature.signature, checkpoint_text(_checkpoint()).encode())


def test_the_key_id_is_the_signed_note_hash_of_name_type_and_key() -> None:
    public = EXAMPLE_KEY.public_key()
    typed_key = b"\x01" + public.public_bytes_raw()
    expected_id = hashlib.sha256(ORIGIN.encode() + b"\n" + typed_key).digest()[:4]

    assert key_id(ORIGIN, public) == expected_id
    assert verifier_key(ORIGIN, public) == (
        f"{ORIGIN}+{expected_id.hex()}+{base64.b64encode(typed_key).decode()}"
    )


@pytest.mark.parametrize(
    ("line", "forged"),
    [
        ("\n5\n", "\n6\n"),
        ("timestamp 2025-01-15T09:30:00Z", "timestamp 2025-01-15T09:31:00Z"),
        (
            base64.b64encode(root_hash(EXAMPLE_LEAVES)).decode(),
            base64.b64encode(bytes(32)).decode(),
        ),
    ],
    ids=["tree-size", "timestamp", "root-hash"],
)
def test_a_checkpoint_with_a_changed_line_no_longer_verifies(line: str, forged: str) -> None:
    note = sign_checkpoint(_checkpoint(), EXAMPLE_KEY)

    with pytest.raises(UnverifiedCheckpoint, match="does not verify") as refused:
        verify_checkpoint(note.replace(line, forged, 1), EXAMPLE_KEY.public_key())

    assert _code_of(refused) == "UNVERIFIED_CHECKPOINT"


def test_a_checkpoint_under_another_origin_has_no_signature_by_that_name() -> None:
    note = sign_checkpoint(_checkpoint(), EXAMPLE_KEY).replace(ORIGIN, "other.example/log", 1)

    with pytest.raises(UnverifiedCheckpoint, match=r"no signature by other\.example/log"):
        verify_checkpoint(note, EXAMPLE_KEY.public_key())


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    note = sign_checkpoint(_checkpoint(), generate_signing_key())

    with pytest.raises(UnverifiedCheckpoint, match="no signature"):
        verify_checkpoint(note, EXAMPLE_KEY.public_key())


def test_signatures_by_other_keys_such_as_a_witness_are_ignored() -> None:
    witness = sign_checkpoint(_checkpoint(), generate_signing_key(), key_name="witness.example")
    ours = sign_checkpoint(_checkpoint(), EXAMPLE_KEY)
    cosigned = ours + witness.rpartition("\n\n")[2]

    assert len(parse_checkpoint(cosigned).signatures) == 2
    assert verify_checkpoint(cosigned, EXAMPLE_KEY.public_key()) == _checkpoint()
    with pytest.raises(UnverifiedCheckpoint):
        verify_checkpoint(witness, EXAMPLE_KEY.public_key())


def test_a_bad_signature_by_the_log_key_is_refused_even_beside_a_good_one() -> None:
    good = sign_checkpoint(_checkpoint(), EXAMPLE_KEY)
    name, encoded = good.rpartition("\n\n")[2].removeprefix("\u2014 ").split()
    blob = bytearray(base64.b64decode(encoded))
    blob[-1] ^= 0x01
    doubled = f"{good}\u2014 {name} {base64.b64encode(bytes(blob)).decode()}\n"

    with pytest.raises(UnverifiedCheckpoint, match="does not verify"):
        verify_checkpoint(doubled, EXAMPLE_KEY.public_key())


def test_the_key_can_be_named_apart_from_the_origin() -> None:
    note = sign_checkpoint(_checkpoint(), EXAMPLE_KEY, key_name="keys.baxt.example/2025")

    checkpoint = verify_checkpoint(
        note, EXAMPLE_KEY.public_key(), key_name="keys.baxt.example/2025"
    )

    assert checkpoint == _checkpoint()


def _with_unused_bits_set(encoded: str) -> str:
    """The same bytes in base64, with a padding bit set: decodable, but not canonical."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    data = encoded.rstrip("=")
    last = alphabet[alphabet.index(data[-1]) ^ 1]
    return data[:-1] + last + encoded[len(data) :]


_NOTE = sign_checkpoint(_checkpoint(), EXAMPLE_KEY)
_ROOT = base64.b64encode(root_hash(EXAMPLE_LEAVES)).decode()
_SIGNATURE = _NOTE.rpartition(" ")[2].rstrip("\n")


@pytest.mark.parametrize(
    "note",
    [
        _NOTE.replace("\n\n", "\n", 1),
        _NOTE.replace("\n5\n", "\n05\n", 1),
        _NOTE.replace("\n5\n", "\n-5\n", 1),
        _NOTE.replace(_ROOT, _ROOT.rstrip("="), 1),
        _NOTE.replace(_ROOT, base64.b64encode(bytes(31)).decode(), 1),
        _NOTE.replace(_SIGNATURE, _with_unused_bits_set(_SIGNATURE), 1),
        _NOTE.replace("09:30:00Z", "09:30:00+00:00", 1),
        _NOTE.replace("09:30:00Z", "09:30:00.000000Z", 1),
        _NOTE.replace("2025-01-15", "2025-02-30", 1),
        _NOTE.replace("timestamp ", "time ", 1),
        _NOTE.replace("Z\n", "Z\nextension\n", 1),
        _NOTE.replace("\u2014 ", "- ", 1),
        _NOTE.replace("\n5\n", "\n5\r\n", 1),
        _NOTE.rstrip("\n"),
        _NOTE + "\n",
        _NOTE.rpartition("\u2014")[0] + "\u2014 audit.baxt.example/log AAAA\n",
    ],
    ids=[
        "no-blank-line",
        "leading-zero",
        "negative-size",
        "unpadded-base64",
        "short-root",
        "signature-in-non-canonical-base64",
        "offset-instead-of-z",
        "zero-microseconds",
        "no-such-day",
        "no-timestamp-label",
        "extension-line",
        "hyphen-for-em-dash",
        "carriage-return",
        "no-final-newline",
        "blank-after-signatures",
        "signature-without-a-body",
    ],
)
def test_a_note_out_of_the_checkpoint_format_is_refused(note: str) -> None:
    with pytest.raises(InvalidCheckpoint) as refused:
        parse_checkpoint(note)

    assert _code_of(refused) == "INVALID_CHECKPOINT"


def test_a_timestamp_in_another_time_zone_is_kept_as_the_same_instant_in_utc() -> None:
    tashkent = timezone(timedelta(hours=5))

    checkpoint = _checkpoint(at=datetime(2025, 1, 15, 14, 30, tzinfo=tashkent))

    assert checkpoint.timestamp == NINE_THIRTY
    assert checkpoint.timestamp.tzinfo is UTC


def test_a_timestamp_with_microseconds_survives_the_round_trip() -> None:
    precise = _checkpoint(at=NINE_THIRTY.replace(microsecond=1250))
    note = sign_checkpoint(precise, EXAMPLE_KEY)

    assert "timestamp 2025-01-15T09:30:00.001250Z\n" in note
    assert verify_checkpoint(note, EXAMPLE_KEY.public_key()) == precise


@pytest.mark.parametrize(
    ("origin", "size", "root", "at", "complaint"),
    [
        ("", 1, bytes(32), NINE_THIRTY, "origin"),
        ("has space", 1, bytes(32), NINE_THIRTY, "origin"),
        ("has+plus", 1, bytes(32), NINE_THIRTY, "origin"),
        ("line\nbreak", 1, bytes(32), NINE_THIRTY, "origin"),
        (ORIGIN, -1, bytes(32), NINE_THIRTY, "negative"),
        (ORIGIN, 1, bytes(31), NINE_THIRTY, "32 bytes"),
        (ORIGIN, 1, bytes(32), NINE_THIRTY.replace(tzinfo=None), "time zone"),
    ],
    ids=["empty-origin", "space", "plus", "newline", "negative-size", "short-root", "naive-time"],
)
def test_a_checkpoint_refuses_fields_it_could_not_write_down_faithfully(
    origin: str, size: int, root: bytes, at: datetime, complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        Checkpoint(origin, size, root, at)


@pytest.mark.parametrize("encoding", ["pem", "raw"])
def test_saved_keys_load_back_and_still_sign_and_verify(
    tmp_path: Path, encoding: KeyEncoding
) -> None:
    key = generate_signing_key()
    save_private_key(key, tmp_path / "log.key", encoding)
    save_public_key(key.public_key(), tmp_path / "log.pub", encoding)

    note = sign_checkpoint(_checkpoint(), load_private_key(tmp_path / "log.key"))

    assert verify_checkpoint(note, load_public_key(tmp_path / "log.pub")) == _checkpoint()


def test_a_private_key_file_is_for_its_owner_only_and_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    save_private_key(generate_signing_key(), path)

    with pytest.raises(FileExistsError):
        save_private_key(generate_signing_key(), path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_pem_private_key_file_is_unencrypted_pkcs8(tmp_path: Path) -> None:
    save_private_key(EXAMPLE_KEY, tmp_path / "log.key")

    assert (tmp_path / "log.key").read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def _ec_private_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _ec_public_pem() -> bytes:
    return (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


@pytest.mark.parametrize(
    ("content", "load"),
    [
        (b"not a key", load_private_key),
        (bytes(31), load_private_key),
        (b"not a key", load_public_key),
        (bytes(33), load_public_key),
        (_ec_private_pem(), load_private_key),
        (_ec_public_pem(), load_public_key),
    ],
    ids=[
        "private-text",
        "private-31-bytes",
        "public-text",
        "public-33-bytes",
        "ec-private",
        "ec-public",
    ],
)
def test_a_file_without_an_ed25519_key_is_refused(
    tmp_path: Path, content: bytes, load: Callable[[Path], object]
) -> None:
    path = tmp_path / "key"
    path.write_bytes(content)

    with pytest.raises(InvalidKeyFile, match="key"):
        load(path)


def test_the_documented_example_checks_out_with_the_documented_procedure(
    auditor: dict[str, Any],
) -> None:
    assert auditor["head_5"]["tree_size"] == 5
    assert auditor["head_3"]["root_hash"] == root_hash(EXAMPLE_LEAVES, 3)


def test_the_documented_example_is_what_baxt_signs_and_proves(auditor: dict[str, Any]) -> None:
    three = _checkpoint(3, datetime(2025, 1, 15, 9, 0, tzinfo=UTC))

    assert auditor["public_key"] == EXAMPLE_KEY.public_key().public_bytes_raw()
    assert auditor["checkpoint_3"] == sign_checkpoint(three, EXAMPLE_KEY)
    assert auditor["checkpoint_5"] == sign_checkpoint(_checkpoint(), EXAMPLE_KEY)
    assert auditor["inclusion_path"] == list(inclusion_proof(2, 5, EXAMPLE_LEAVES).path)
    assert auditor["consistency_path"] == list(consistency_proof(3, 5, EXAMPLE_LEAVES).path)


def test_every_hash_in_the_documented_example_table_is_right() -> None:
    doc = AUDIT_DOC.read_text(encoding="utf-8")
    leaves = EXAMPLE_LEAVES
    values = [
        EXAMPLE_KEY.public_key().public_bytes_raw(),
        key_id(ORIGIN, EXAMPLE_KEY.public_key()),
        *leaves,
        root_hash(leaves, 2),
        root_hash(leaves[2:4]),
        root_hash(leaves, 4),
        root_hash(leaves, 3),
        root_hash(leaves, 5),
    ]

    for value in values:
        assert f"| `{value.hex()}` |" in doc


def test_the_documented_verifier_refuses_a_forged_checkpoint(auditor: dict[str, Any]) -> None:
    forged = auditor["checkpoint_5"].replace("\n5\n", "\n6\n", 1)

    with pytest.raises(InvalidSignature):
        auditor["verify_checkpoint"](forged, ORIGIN, auditor["public_key"])


@examples
@given(st.integers(1, 40), st.data())
def test_the_documented_verifier_agrees_with_baxt_on_every_proof(
    auditor: dict[str, Any], size: int, data: st.DataObject
) -> None:
    leaves = [leaf_hash(index.to_bytes(4, "big")) for index in range(size)]
    index = data.draw(st.integers(0, size - 1))
    first = data.draw(st.integers(1, size))
    path = list(inclusion_proof(index, size, leaves).path)
    growth = list(consistency_proof(first, size, leaves).path)
    old, new = root_hash(leaves, first), root_hash(leaves)

    assert auditor["verify_inclusion"](index, size, leaves[index], path, new)
    assert not auditor["verify_inclusion"](
        index, size, leaves[index], path, old if first < size else bytes(32)
    )
    assert auditor["verify_consistency"](first, size, growth, old, new)
    assert not auditor["verify_consistency"](first, size, growth, bytes(32), new)
