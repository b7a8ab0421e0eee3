"""The blind index: keyed hashes of the children's name prefixes and PINFLs, so that the case
list can be searched by name and by PINFL while the read models hold both sealed.

Each name is cut into its tokens in their one form (`baxt.domain.names`: Uzbek Latin, Uzbek
Cyrillic and the Russian spellings of Uzbek names fold alike, as duplicate detection compares
them); every prefix of a token, up to `MAX_PREFIX` characters, is hashed with HMAC-SHA256
under the index's own key. A search hashes each of its tokens the same way and finds the
cases holding all of them: "ali va" finds "Valiev Ali", and "Дильноза" finds "Dilnoza". The
index reveals which children share a name prefix, never the name; without its key nothing
can be tried against it.

The index's key is kept like a child's key, wrapped by the master key in `child_key` under
the ID `INDEX_KEY_OWNER`: made on first use, rewrapped when the master key is rotated (so
the index stays valid), carried by a key export, and never erased.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from uuid import UUID

from baxt.domain.names import name_tokens

MAX_PREFIX = 10
"""Prefixes longer than this are not kept: a longer search token matches on its first ten."""
TERM_BYTES = 16
_PURPOSE = b"baxt:blind-index"
INDEX_KEY_OWNER = UUID("00000000-0000-5000-8000-0000000b1d1e")
"""The `child_key` row that holds the blind index's key (no case has this ID)."""
_PINFL = re.compile(r"\d{14}")

NAME = "NAME"
PINFL = "PINFL"


def is_pinfl(text: str) -> bool:
    return _PINFL.fullmatch(text.strip()) is not None


class BlindIndex:
    """Turns names and PINFLs into the index's terms, under one key."""

    def __init__(self, key: bytes) -> None:
        self._key = hmac.new(key, _PURPOSE, hashlib.sha256).digest()

    def name_terms(self, full_name: str) -> list[bytes]:
        """Every term a name is found by: each prefix of each of its tokens, once."""
        prefixes = {
            token[:length]
            for token in name_tokens(full_name)
            for length in range(1, min(len(token), MAX_PREFIX) + 1)
        }
        return sorted(self._term(NAME, prefix) for prefix in prefixes)

    def search_terms(self, search: str) -> list[bytes]:
        """The terms a case must hold all of to match `search`: its PINFL's, or one for
        each of its name tokens. A token that begins another of them is left out: every case
        holding the longer one's term holds its term too, so it would narrow nothing and only
        mislead the planner, which takes the terms as independent."""
        if is_pinfl(search):
            return [self.pinfl_term(search.strip())]
        tokens = {token[:MAX_PREFIX] for token in name_tokens(search)}
        needed = {t for t in tokens if not any(o != t and o.startswith(t) for o in tokens)}
        return sorted(self._term(NAME, token) for token in needed)

    def pinfl_term(self, pinfl: str) -> bytes:
        return self._term(PINFL, pinfl)

    def _term(self, kind: str, text: str) -> bytes:
        message = f"{kind}:{text}".encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()[:TERM_BYTES]
