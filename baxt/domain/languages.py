"""The languages Baxt speaks: to its staff, in its messages and in its labels."""

from __future__ import annotations

from enum import Enum


class Language(Enum):
    """A language and its script, valued by its BCP 47 tag."""

    UZ_LATN = "uz-Latn"
    UZ_CYRL = "uz-Cyrl"
    RU = "ru"
    KK = "kk"
    EN = "en"


LANGUAGES = tuple(language.value for language in Language)
"""The tags, in the order every five-language table of Baxt is written."""
