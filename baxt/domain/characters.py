"""Which characters a text may hold: none that the store, JSON or a reader's screen would choke
on or be fooled by.

Refused in every text:
- NUL and the other C0 and C1 control characters (Unicode category Cc), but for newline and
  tab in multi-line texts; a carriage return before a newline is taken as a plain newline,
  since browsers send a textarea's lines so;
- lone surrogates (Cs): they are no characters at all and cannot be written as UTF-8;
- the bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069),
  which make a name or note display as something else ("Trojan Source").

The other invisible format characters (Cf) are allowed, since real writing needs some of them
(zero-width joiners in emoji and in Persian or Indic scripts, left-to-right marks), but a text
that must be given needs something visible, and a name a letter. Single-line texts (names,
IDs, places) also refuse newline, tab and the Unicode line and paragraph separators.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_SURROGATE = r"\ud800-\udfff"
_BIDI_CONTROL = r"\u202a-\u202e\u2066-\u2069"
_LINE_BREAK = r"\t\n\u2028\u2029"
_MULTI_LINE_REFUSED = re.compile(f"[{_CONTROL}{_SURROGATE}{_BIDI_CONTROL}]")
_SINGLE_LINE_REFUSED = re.compile(f"[{_CONTROL}{_SURROGATE}{_BIDI_CONTROL}{_LINE_BREAK}]")
_VISIBLE_CATEGORIES = frozenset("LNPS")  # letters, numbers, punctuation, symbols


def unsafe_character(value: str, *, multiline: bool = False) -> str | None:
    """What the first character `value` may not hold is, e.g. "a NUL character (U+0000)";
    None when it holds none."""
    refused = _MULTI_LINE_REFUSED if multiline else _SINGLE_LINE_REFUSED
    found = refused.search(value)
    if found is None:
        return None
    return f"{_kind(found.group())} (U+{ord(found.group()):04X})"


def _kind(character: str) -> str:
    code = ord(character)
    if code == 0:
        return "a NUL character"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "a bidirectional control character"
    if character in "\t\n\u2028\u2029":
        return "a line break or tab"
    return "a control character"


def with_plain_newlines(value: str) -> str:
    """The text with each carriage return + newline pair as a newline alone."""
    return value.replace("\r\n", "\n")


def has_visible(value: str) -> bool:
    """Whether the text holds a letter, digit, punctuation mark or symbol, not only blanks and
    invisible format characters.

    A text that starts with a letter or digit (nearly every name and note) is answered from
    its first character: the per-character category lookup took a sixth of a bulk flag's
    time."""
    if value[:1].isalnum():
        return True
    return any(unicodedata.category(c)[0] in _VISIBLE_CATEGORIES for c in value)


def has_letter(value: str) -> bool:
    return any(c.isalpha() for c in value)
