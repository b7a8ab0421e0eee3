from __future__ import annotations

import base64
import binascii

import strawberry


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


def global_id(type_name: str, local_id: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{local_id}".encode()).decode())


def parse_global_id(value: str) -> tuple[str, str] | None:
    """The (type name, local ID) in a global ID, or None when it is not one of ours."""
    try:
        decoded = base64.urlsafe_b64decode(value.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, sep, local_id = decoded.partition(":")
    return (type_name, local_id) if sep and type_name and local_id else None
