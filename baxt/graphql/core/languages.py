"""Which of Baxt's languages an `Accept-Language` header (RFC 9110) asks for."""

from __future__ import annotations

from baxt.domain.languages import Language

_BY_PRIMARY_TAG = {"ru": Language.RU, "kk": Language.KK, "en": Language.EN}


def accepted_language(header: str | None) -> Language | None:
    """The language of the highest-weighted range Baxt speaks; None when it speaks none.

    `uz` and `uz-UZ` are Latin, `uz-Cyrl…` Cyrillic; `ru-RU`, `kk-KZ`, `en-GB` are their
    language; `*` names none in particular, so it leaves the choice to the caller.
    """
    ranges = [_weighted(part) for part in (header or "").split(",")]
    for tag, _quality in sorted((r for r in ranges if r[1] > 0), key=lambda r: -r[1]):
        language = _language(tag)
        if language is not None:
            return language
    return None


def _weighted(part: str) -> tuple[str, float]:
    tag, *parameters = (piece.strip() for piece in part.split(";"))
    quality = 1.0
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return tag.lower(), quality


def _language(tag: str) -> Language | None:
    primary, *subtags = tag.split("-")
    if primary == "uz":
        return Language.UZ_CYRL if "cyrl" in subtags else Language.UZ_LATN
    return _BY_PRIMARY_TAG.get(primary)
