from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr


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
