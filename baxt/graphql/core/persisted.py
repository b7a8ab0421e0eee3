"""Persisted documents: a client may send the SHA-256 of a document instead of its text.

Automatic persisted queries (Apollo's APQ protocol) serve every client: a request carries
`extensions.persistedQuery: {version: 1, sha256Hash}`, without the text once the server knows
it. A hash the server does not know answers PERSISTED_QUERY_NOT_FOUND, and the client sends it
again with the text, which the server checks against the hash and remembers once it has run.

With trusted documents (a manifest shipped with the frontend), only the manifest's documents
run, by hash alone or by a text whose hash is in it; any other answers DOCUMENT_NOT_ALLOWED.

A request may also name its document as the GraphQL-over-HTTP persisted-documents appendix
does, by `documentId: "sha256:<hex>"` (or the bare hex, as a graphql-codegen manifest keys it).
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionResult

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
DOCUMENT_NOT_ALLOWED = "DOCUMENT_NOT_ALLOWED"
PERSISTED_DOCUMENT_CODES = frozenset(
    {PERSISTED_QUERY_NOT_FOUND, PERSISTED_QUERY_HASH_MISMATCH, DOCUMENT_NOT_ALLOWED}
)
"""The codes of a request refused before its document is even known; none of it runs."""

REMEMBERED_DOCUMENTS = 1000
"""Distinct documents an API process keeps by hash for automatic persisted queries."""
REMEMBERED_CHARACTERS = 4_000_000
"""Their text in all, at most: the oldest are forgotten first (a miss only costs a retry)."""

_DOCUMENT_ID = re.compile(r"^(?:sha256:)?([0-9a-fA-F]{64})$")
_NOT_FOUND = "PersistedQueryNotFound"
_MISMATCH = "the persisted query's sha256Hash is not the SHA-256 of its query text"
_NOT_ALLOWED = "only the documents registered for this server's frontends run here"


def document_id(text: str) -> str:
    """The SHA-256 of a document's text (UTF-8), in lower-case hex: how a client names it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class MalformedPersistedQuery(ValueError):
    """Raised when `extensions.persistedQuery` is not `{version: 1, sha256Hash: "<hex>"}`."""


class DocumentRefused(Exception):
    """Raised when a request's document is unknown, does not match its hash, or is not
    registered; its `code` is the error's stable code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def result(self) -> ExecutionResult:
        """The answer: a GraphQL error with the code, and no data (nothing ran)."""
        error = GraphQLError(str(self), extensions={"code": self.code})
        return ExecutionResult(data=None, errors=[error])


@dataclass(frozen=True)
class Document:
    """The text a request runs (None: it named none), and the hash to remember it by once it
    has run, when the client sent both."""

    text: str | None
    register_as: str | None = None


class _RememberedTexts:
    """Documents by hash, bounded in number and in characters, least recently used out first."""

    def __init__(self, entries: int, characters: int) -> None:
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._entries = entries
        self._characters = characters
        self._held = 0

    def get(self, sha256: str) -> str | None:
        text = self._texts.get(sha256)
        if text is not None:
            self._texts.move_to_end(sha256)
        return text

    def put(self, sha256: str, text: str) -> None:
        if sha256 in self._texts or len(text) > self._characters:
            return
        self._texts[sha256] = text
        self._held += len(text)
        while len(self._texts) > self._entries or self._held > self._characters:
            _, dropped = self._texts.popitem(last=False)
            self._held -= len(dropped)


class PersistedDocuments:
    """Finds the document a request runs, from its text or its persisted-query hash.

    Without `trusted`, any document runs, and those sent with their hash are remembered in
    this process (an in-process bounded store: several API processes each learn their own,
    and a client whose hash one process does not know just sends its text once more). With
    `trusted`, a mapping of SHA-256 to text, only those documents run.
    """

    def __init__(
        self,
        trusted: Mapping[str, str] | None = None,
        *,
        entries: int = REMEMBERED_DOCUMENTS,
        characters: int = REMEMBERED_CHARACTERS,
    ) -> None:
        self._trusted = dict(trusted) if trusted is not None else None
        self._remembered = _RememberedTexts(entries, characters)

    @property
    def trusted_only(self) -> bool:
        return self._trusted is not None

    def document(self, query: str | None, extensions: Mapping[str, object] | None) -> Document:
        """The document to run; raises DocumentRefused or MalformedPersistedQuery."""
        sha256 = _persisted_hash(extensions)
        if sha256 is not None and query is not None and document_id(query) != sha256:
            raise DocumentRefused(PERSISTED_QUERY_HASH_MISMATCH, _MISMATCH)
        if self._trusted is not None:
            return Document(self._trusted_text(query, sha256))
        if sha256 is None:
            return Document(query)
        if query is not None:
            return Document(query, register_as=sha256)
        known = self._remembered.get(sha256)
        if known is None:
            raise DocumentRefused(PERSISTED_QUERY_NOT_FOUND, _NOT_FOUND)
        return Document(known)

    def remember(self, document: Document) -> None:
        """Keeps a document that ran under the hash its client sent with it."""
        if document.register_as is not None and document.text is not None:
            self._remembered.put(document.register_as, document.text)

    def _trusted_text(self, query: str | None, sha256: str | None) -> str | None:
        assert self._trusted is not None
        if query is None and sha256 is None:
            return None
        text = self._trusted.get(sha256 if sha256 is not None else document_id(query or ""))
        if text is None:
            raise DocumentRefused(DOCUMENT_NOT_ALLOWED, _NOT_ALLOWED)
        return text


def _persisted_hash(extensions: Mapping[str, object] | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
        raise MalformedPersistedQuery("extensions.persistedQuery must have version 1")
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not sha256:
        raise MalformedPersistedQuery("extensions.persistedQuery.sha256Hash must be a string")
    return sha256.lower()


def with_document_id(request: dict[str, Any]) -> dict[str, Any]:
    """The request's parameters with a `documentId` turned into the persisted-query extension
    it stands for; raises MalformedPersistedQuery for an ID that is not a SHA-256."""
    if "documentId" not in request:
        return request
    named = request["documentId"]
    found = _DOCUMENT_ID.match(named) if isinstance(named, str) else None
    if found is None:
        raise MalformedPersistedQuery("documentId must be sha256: and 64 hex digits")
    extensions = request.get("extensions") or {}
    if not isinstance(extensions, dict):
        return request
    if "persistedQuery" in extensions:
        raise MalformedPersistedQuery("send documentId or extensions.persistedQuery, not both")
    persisted = {"version": 1, "sha256Hash": found.group(1).lower()}
    return {**request, "extensions": {**extensions, "persistedQuery": persisted}}
