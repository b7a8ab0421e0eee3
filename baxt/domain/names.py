"""One form of a personal name, whatever script and spelling it was written in.

The same child reaches Baxt as "Yusufova Dilnoza Shuxrat qizi" from one register,
"Юсуфова Дилноза Шухрат қизи" from another and "Юсуфова Дильноза Шухратовна" from a third.
`name_tokens` folds each to the same tokens, so that duplicate detection and the name search
compare names, not spellings.

The letters are first made ASCII by `anyascii` (Uzbek Cyrillic, Russian, Kazakh and Latin with
diacritics alike); what is hand-written here is only the folding that Uzbek names need on top
of it, since Russian renders Uzbek sounds its own way:

- oʻ / ў and Russian у are one (u), gʻ / ғ / gh and г are one (g), q / қ and к are one (k),
  x / kh / х and h / ҳ are one (h), o and Russian а for it are one (a), ы and и are one (i);
- ye after a vowel (Jo'rayev) and е there (Жўраев) are one;
- ё and е are one, except at the start of a word (Ёқуб is Yoqub);
- ж / dzh / dj and j are one, щ and sh are one;
- apostrophes, soft and hard signs and doubled letters are dropped;
- a surname's feminine -ova/-eva is its masculine -ov/-ev, a Russian patronymic (-ovna,
  -ovich) is the father's name, and the particles qizi / oʻgʻli are not name tokens.

The folding loses distinctions on purpose: a token matches more spellings than one person's,
which is why duplicates are proposed with their reasons, never merged by themselves.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_APOSTROPHES = "'`ʻʼ‘’´ʹ"  # each written for the Uzbek ʻ
_BEFORE_ASCII = {"ы": "и", "Ы": "И"}
_WORD_INITIAL_YO = re.compile(r"(?<![^\W\d_])[ёЁ]")
_SEPARATORS = re.compile(r"[^a-z']+")
_FOLDS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("shch", "sh"),
    ("o'", "u"),
    ("g'", "g"),
    ("gh", "g"),
    ("kh", "h"),
    ("x", "h"),
    ("q", "k"),
    ("ts", "s"),
    ("w", "v"),
    ("o", "a"),
    ("'", ""),
)
_IY_BEFORE_VOWEL = re.compile(r"iy(?=[aeiu])")
_YE_AFTER_VOWEL = re.compile(r"(?<=[aeiu])ye")
_DOUBLED = re.compile(r"(.)\1+")
_PARTICLES = frozenset({"kizi", "ugli", "agli", "uli", "kiz", "kyzy", "ulu"})
_PATRONYMIC = re.compile(r"^(.{3,}?)(?:avna|evna|avich|evich|ich)$")
_FEMININE_SURNAME = re.compile(r"^(.{2,}(?:av|ev))a$")


def name_tokens(full_name: str) -> tuple[str, ...]:
    """The name's tokens in their one form, in the order written, each once; empty for a name
    with no letters."""
    tokens = (_token(word) for word in _words(full_name))
    return tuple(dict.fromkeys(token for token in tokens if token))


def normalised_name(full_name: str) -> str:
    """The name's tokens in their one form, joined by spaces."""
    return " ".join(name_tokens(full_name))


def _words(full_name: str) -> list[str]:
    text = unicodedata.normalize("NFC", full_name)
    text = _WORD_INITIAL_YO.sub(lambda m: "Йо" if m.group() == "Ё" else "йо", text)
    text = "".join(_BEFORE_ASCII.get(letter, letter) for letter in text)
    for mark in _APOSTROPHES:
        text = text.replace(mark, "'")
    ascii_text = anyascii(text).lower()
    ascii_text = ascii_text.replace("`", "'")
    return [word.strip("'") for word in _SEPARATORS.split(ascii_text)]


def _token(word: str) -> str:
    if word.startswith("ye"):
        word = word[1:]
    for written, folded in _FOLDS:
        word = word.replace(written, folded)
    word = _YE_AFTER_VOWEL.sub("e", _IY_BEFORE_VOWEL.sub("i", word))
    word = _DOUBLED.sub(r"\1", word)
    if word in _PARTICLES:
        return ""
    word = _PATRONYMIC.sub(r"\1", word)
    return _FEMININE_SURNAME.sub(r"\1", word)
