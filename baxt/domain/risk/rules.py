from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any

from baxt.domain.risk.catalogue import Catalogue, default_catalogue

DEFAULT_RULE_SET = "ANY_3_OF_44"
RULE_SETS_FILE = "rulesets_v1.json"


class RuleKind(Enum):
    ANY_N = "ANY_N"
    WEIGHTED = "WEIGHTED"


class InvalidRuleSet(ValueError):
    """Raised when a rule set is incomplete or does not fit the catalogue it is used with."""


@dataclass(frozen=True)
class RuleSet:
    """When a child is flagged: at least `min_count` indicators met (ANY_N), or a weighted
    sum of the met indicators of at least `threshold` (WEIGHTED)."""

    code: str
    version: str
    kind: RuleKind
    description: str = ""
    min_count: int | None = None
    weights: Mapping[str, float] = field(default_factory=dict)
    threshold: float | None = None

    def __post_init__(self) -> None:
        if self.kind is RuleKind.ANY_N and (self.min_count is None or self.min_count < 1):
            raise InvalidRuleSet(f"{self.code}: an ANY_N rule set needs a min_count of 1 or more")
        if self.kind is RuleKind.WEIGHTED:
            if self.threshold is None or not math.isfinite(self.threshold):
                raise InvalidRuleSet(f"{self.code}: a WEIGHTED rule set needs a threshold")
            bad = sorted(c for c, w in self.weights.items() if not (math.isfinite(w) and w >= 0))
            if bad:
                raise InvalidRuleSet(f"{self.code}: weights must be finite and >= 0: {bad}")

    @property
    def cut_off(self) -> float:
        """The score at which a child is flagged."""
        if self.kind is RuleKind.ANY_N:
            assert self.min_count is not None
            return float(self.min_count)
        assert self.threshold is not None
        return self.threshold

    def check_fits(self, catalogue: Catalogue) -> None:
        """Raises InvalidRuleSet unless the rule set can score this catalogue."""
        if self.kind is RuleKind.ANY_N:
            if self.cut_off > len(catalogue.indicators):
                raise InvalidRuleSet(f"{self.code}: min_count exceeds the catalogue's size")
            return
        missing = sorted(set(catalogue.codes) - set(self.weights))
        unknown = sorted(set(self.weights) - set(catalogue.codes))
        if missing or unknown:
            raise InvalidRuleSet(
                f"{self.code}: weights must name every indicator of catalogue"
                f" {catalogue.version} exactly once; missing {missing}, unknown {unknown}"
            )


@cache
def default_rule_sets() -> Mapping[str, RuleSet]:
    """The rule sets shipped with the package, checked against the shipped catalogue."""
    return load_rule_sets(RULE_SETS_FILE, default_catalogue())


def default_rule_set() -> RuleSet:
    return default_rule_sets()[DEFAULT_RULE_SET]


def load_rule_sets(resource: str, catalogue: Catalogue) -> dict[str, RuleSet]:
    """Reads rule sets shipped in this package, keyed by code; raises InvalidRuleSet."""
    text = resources.files("baxt.domain.risk").joinpath(resource).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidRuleSet(f"{resource} is not valid JSON: {error}") from None
    return parse_rule_sets(data, catalogue, source=resource)


def parse_rule_sets(
    data: Any, catalogue: Catalogue, *, source: str = "rule sets"
) -> dict[str, RuleSet]:
    """Builds rule sets from decoded JSON and checks each against the catalogue."""
    if not isinstance(data, dict) or not isinstance(data.get("rule_sets"), list):
        raise InvalidRuleSet(f"{source}: expected an object with a 'rule_sets' list")
    written_for = data.get("catalogue_version")
    if written_for != catalogue.version:
        raise InvalidRuleSet(
            f"{source}: written for catalogue {written_for!r}, not {catalogue.version!r}"
        )
    rule_sets: dict[str, RuleSet] = {}
    for entry in data["rule_sets"]:
        rule_set = _rule_set(entry, source)
        if rule_set.code in rule_sets:
            raise InvalidRuleSet(f"{source}: rule set {rule_set.code} appears twice")
        rule_set.check_fits(catalogue)
        rule_sets[rule_set.code] = rule_set
    return rule_sets


def _rule_set(entry: Any, source: str) -> RuleSet:
    if not isinstance(entry, dict):
        raise InvalidRuleSet(f"{source}: each rule set must be a JSON object")
    code = _text(entry, "code", source)
    where = f"{source} {code}"
    try:
        kind = RuleKind(entry.get("kind"))
    except ValueError:
        raise InvalidRuleSet(f"{where}: kind must be ANY_N or WEIGHTED") from None
    min_count: Any = entry.get("min_count")
    threshold: Any = entry.get("threshold")
    weights: Any = entry.get("weights", {})
    if kind is RuleKind.ANY_N and (isinstance(min_count, bool) or not isinstance(min_count, int)):
        raise InvalidRuleSet(f"{where}: min_count must be a whole number")
    if kind is RuleKind.WEIGHTED and not _is_number(threshold):
        raise InvalidRuleSet(f"{where}: threshold must be a number")
    if not isinstance(weights, dict) or not all(_is_number(w) for w in weights.values()):
        raise InvalidRuleSet(f"{where}: weights must map indicator codes to numbers")
    return RuleSet(
        code=code,
        version=_text(entry, "version", where),
        kind=kind,
        description=_text(entry, "description", where),
        min_count=min_count if kind is RuleKind.ANY_N else None,
        weights={str(c): float(w) for c, w in weights.items()},
        threshold=float(threshold) if kind is RuleKind.WEIGHTED else None,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRuleSet(f"{where}: {key!r} must be a non-empty string")
    return value
