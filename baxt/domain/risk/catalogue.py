from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from baxt.domain.staff import LANGUAGES

INDICATOR_COUNT = 44
CATALOGUE_FILE = "indicators_v1.json"
_CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_E = TypeVar("_E", bound=Enum)


class IndicatorCategory(Enum):
    CUT_OFFS = "CUT_OFFS"
    ARREARS = "ARREARS"
    HEALTH = "HEALTH"
    EDUCATION = "EDUCATION"
    FAMILY = "FAMILY"
    SAFETY = "SAFETY"
    INCOME_AND_REGISTRY = "INCOME_AND_REGISTRY"
    HOUSING = "HOUSING"
    CIVIL_REGISTRATION = "CIVIL_REGISTRATION"


class IndicatorValueType(Enum):
    BOOLEAN = "BOOLEAN"
    COUNT = "COUNT"
    DAYS = "DAYS"
    AMOUNT = "AMOUNT"


class InvalidCatalogue(ValueError):
    """Raised when an indicator catalogue file breaks its schema; the message names the place."""


@dataclass(frozen=True)
class Indicator:
    """One screening indicator; it is met when its value is at least `threshold`."""

    code: str
    category: IndicatorCategory
    value_type: IndicatorValueType
    threshold: float
    names: Mapping[str, str]
    description: str

    def name(self, language: str) -> str:
        return self.names[language]


@dataclass(frozen=True)
class Catalogue:
    """A versioned list of indicators; its order is the column order of every met matrix."""

    version: str
    indicators: tuple[Indicator, ...]
    by_code: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {i.code: i for i in self.indicators})

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the package, loaded and checked once."""
    return load_catalogue(CATALOGUE_FILE)


def load_catalogue(resource: str) -> Catalogue:
    """Reads a catalogue shipped in this package and checks it; raises InvalidCatalogue."""
    text = resources.files("baxt.domain.risk").joinpath(resource).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidCatalogue(f"{resource} is not valid JSON: {error}") from None
    return parse_catalogue(data, source=resource)


def parse_catalogue(data: Any, *, source: str = "catalogue") -> Catalogue:
    """Builds a catalogue from decoded JSON, refusing anything off-schema."""
    document = _mapping(data, source)
    version = _text(document, "version", source)
    entries = document.get("indicators")
    if not isinstance(entries, list):
        raise InvalidCatalogue(f"{source}: 'indicators' must be a list")
    indicators = tuple(_indicator(e, f"{source} indicator {n + 1}") for n, e in enumerate(entries))
    codes = [i.code for i in indicators]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise InvalidCatalogue(f"{source}: codes appear more than once: {', '.join(duplicates)}")
    if len(indicators) != INDICATOR_COUNT:
        raise InvalidCatalogue(
            f"{source}: {len(indicators)} indicators; a catalogue has exactly {INDICATOR_COUNT}"
        )
    return Catalogue(version, indicators)


def _indicator(data: Any, where: str) -> Indicator:
    entry = _mapping(data, where)
    code = _text(entry, "code", where)
    where = f"{where} ({code})"
    if not _CODE.match(code):
        raise InvalidCatalogue(f"{where}: the code must be UPPER_SNAKE_CASE")
    value_type = _member(IndicatorValueType, entry, "value_type", where)
    return Indicator(
        code=code,
        category=_member(IndicatorCategory, entry, "category", where),
        value_type=value_type,
        threshold=_threshold(entry, value_type, where),
        names=_names(entry, where),
        description=_text(entry, "description", where),
    )


def _threshold(entry: Mapping[str, Any], value_type: IndicatorValueType, where: str) -> float:
    threshold = entry.get("threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InvalidCatalogue(f"{where}: 'threshold' must be a number")
    if value_type is IndicatorValueType.BOOLEAN and threshold != 1:
        raise InvalidCatalogue(f"{where}: a BOOLEAN indicator has threshold 1")
    if not threshold > 0:
        raise InvalidCatalogue(f"{where}: 'threshold' must be above 0")
    return float(threshold)


def _names(entry: Mapping[str, Any], where: str) -> dict[str, str]:
    names = _mapping(entry.get("names"), f"{where} names")
    missing = [language for language in LANGUAGES if language not in names]
    if missing:
        raise InvalidCatalogue(f"{where}: names missing for {', '.join(missing)}")
    unknown = sorted(set(names) - set(LANGUAGES))
    if unknown:
        raise InvalidCatalogue(f"{where}: names in unknown languages: {', '.join(unknown)}")
    return {language: _text(names, language, f"{where} names") for language in LANGUAGES}


def _member(kind: type[_E], entry: Mapping[str, Any], key: str, where: str) -> _E:
    value = _text(entry, key, where)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise InvalidCatalogue(f"{where}: {key} {value!r} is not one of {allowed}") from None


def _mapping(data: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise InvalidCatalogue(f"{where}: expected a JSON object")
    return data


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidCatalogue(f"{where}: {key!r} must be a non-empty string")
    return value
