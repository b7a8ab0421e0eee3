from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr

from baxt.application.checkpoints import generate_signing_key, load_private_key, save_private_key
from baxt.application.pii.master_keys import parse_master_key


def key_bytes(setting: SecretStr | None, data_dir: Path, name: str) -> bytes:
    """The key from its setting, or from the data directory, made there on first use."""
    if setting is not None and setting.get_secret_value():
        return setting.get_secret_value().encode()
    path = data_dir / "keys" / name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as file:
        file.write(secrets.token_urlsafe(32).encode())
    return path.read_bytes().strip()


def checkpoint_key(setting: Path | None, data_dir: Path) -> Ed25519PrivateKey:
    """The Ed25519 key that signs checkpoints: the file set, or one made in the data directory."""
    if setting is not None:
        return load_private_key(setting)
    path = data_dir / "keys" / "checkpoint-ed25519.pem"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        save_private_key(generate_signing_key(), path)
    return load_private_key(path)


def pii_master_key(setting: SecretStr | None, file: Path | None, data_dir: Path) -> str:
    """The written PII master key: the setting, the file named, or one made in the data dir."""
    if file is not None:
        text = file.read_text().strip()
        parse_master_key(text)
        return text
    return key_bytes(setting, data_dir, "pii-master.key").decode()
