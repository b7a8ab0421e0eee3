from __future__ import annotations

import hashlib
import hmac
from uuid import UUID, uuid5

_NAMESPACE = UUID("6f1c2a4e-93b5-4d8e-a7c1-0b5e2d9f4a10")


def case_id_for(pinfl: str, secret: bytes) -> UUID:
    """The case ID of a child: stable for one PINFL and key, and revealing nothing of the PINFL."""
    digest = hmac.new(secret, pinfl.encode("ascii"), hashlib.sha256).hexdigest()
    return uuid5(_NAMESPACE, digest)
