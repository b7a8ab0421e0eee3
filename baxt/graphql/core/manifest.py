"""The trusted-documents manifest: a JSON object from each document's SHA-256 (lower-case hex
of its UTF-8 text) to the document's text, as graphql-codegen's client preset writes it
(`persisted-documents.json`). It is read once, at start, and a bad one stops the start.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from graphql import GraphQLError, parse

from baxt.graphql.core.persisted import document_id

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ManifestError(ValueError):
    """Raised when a manifest cannot be read, is not a JSON object from SHA-256 to document,
    or holds a document that does not parse; its message is one line."""


def read_manifest(path: Path) -> dict[str, str]:
    """The documents of the manifest at `path`, by SHA-256."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"cannot read {path}: {_first_line(error)}") from None
    try:
        entries = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ManifestError(f"{path} is not JSON: {_first_line(error)}") from None
    if not isinstance(entries, dict) or not entries:
        raise ManifestError(f"{path} must be a JSON object from SHA-256 to document text")
    for sha256, document in entries.items():
        _check_entry(path, sha256, document)
    return entries


def manifest_of(folder: Path) -> dict[str, str]:
    """A manifest of every `.graphql` file under `folder`, each file one document, its text
    as it stands (the client must send, or hash, exactly that text)."""
    documents: dict[str, str] = {}
    for source in sorted(folder.rglob("*.graphql")):
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ManifestError(f"cannot read {source}: {_first_line(error)}") from None
        _check_parses(str(source), text)
        documents[document_id(text)] = text
    if not documents:
        raise ManifestError(f"{folder} holds no .graphql files")
    return dict(sorted(documents.items()))


def _check_entry(path: Path, sha256: str, document: object) -> None:
    if not _SHA256.match(sha256):
        raise ManifestError(f"{path}: key {sha256[:80]!r} is not a lower-case hex SHA-256")
    if not isinstance(document, str):
        raise ManifestError(f"{path}: the document of {sha256} is not a string")
    if document_id(document) != sha256:
        raise ManifestError(f"{path}: {sha256} is not the SHA-256 of its document")
    _check_parses(f"{path}: the document of {sha256}", document)


def _check_parses(name: str, document: str) -> None:
    try:
        parse(document)
    except GraphQLError as error:
        raise ManifestError(f"{name} does not parse: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
