from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from baxt.domain.risk import extract
from baxt.domain.risk.catalogue import (
    CATALOGUE_FILE,
    IndicatorCategory,
    IndicatorValueType,
    InvalidCatalogue,
    default_catalogue,
    parse_catalogue,
)
from baxt.domain.risk.rules import (
    DEFAULT_RULE_SET,
    RULE_SETS_FILE,
    InvalidRuleSet,
    RuleKind,
    RuleSet,
    default_rule_set,
    default_rule_sets,
    parse_rule_sets,
)
from baxt.domain.staff import LANGUAGES


def _shipped(name: str) -> Any:
    return json.loads(resources.files("baxt.domain.risk").joinpath(name).read_text("utf-8"))


def _is_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("CYRILLIC" in unicodedata.name(ch) for ch in letters)


def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch) for ch in letters)


def test_the_shipped_catalogue_has_44_indicators_with_unique_codes_and_a_version() -> None:
    catalogue = default_catalogue()

    assert len(catalogue.indicators) == 44
    assert len(set(catalogue.codes)) == 44
    assert catalogue.version
    assert list(catalogue.by_code) == list(catalogue.codes)


def test_every_indicator_is_named_in_five_languages_each_in_its_own_script() -> None:
    for indicator in default_catalogue().indicators:
        assert tuple(indicator.names) == LANGUAGES
        assert _is_latin(indicator.name("uz-Latn")), indicator.code
        assert _is_latin(indicator.name("en")), indicator.code
        for language in ("uz-Cyrl", "ru", "kk"):
            assert _is_cyrillic(indicator.name(language)), (indicator.code, language)
        assert len(set(indicator.names.values())) == 5, indicator.code
        assert indicator.description


def test_every_category_is_used_and_booleans_are_met_at_one() -> None:
    indicators = default_catalogue().indicators

    assert {i.category for i in indicators} == set(IndicatorCategory)
    assert {i.value_type for i in indicators} == set(IndicatorValueType)
    for indicator in indicators:
        if indicator.value_type is IndicatorValueType.BOOLEAN:
            assert indicator.threshold == 1
        assert indicator.threshold > 0


def test_the_signals_named_in_the_korean_programme_are_in_the_catalogue() -> None:
    codes = set(default_catalogue().codes)

    assert {
        "ELECTRICITY_CUT_OFF",
        "WATER_CUT_OFF",
        "GAS_CUT_OFF",
        "HEALTH_INSURANCE_ARREARS",
        "MISSED_VACCINATIONS",
        "MISSED_INFANT_CHECKUPS",
        "LONG_SCHOOL_ABSENCE",
        "SINGLE_GUARDIAN",
        "DOMESTIC_VIOLENCE_CALLS",
        "SOCIAL_REGISTRY_LOW_INCOME",
        "NO_BIRTH_REGISTRATION",
    } <= codes
    assert default_catalogue().by_code["HEALTH_INSURANCE_ARREARS"].threshold == 3


def _drop_last(data: dict[str, Any]) -> None:
    data["indicators"].pop()


def _repeat_a_code(data: dict[str, Any]) -> None:
    data["indicators"][1]["code"] = data["indicators"][0]["code"]


def _drop_kazakh(data: dict[str, Any]) -> None:
    del data["indicators"][5]["names"]["kk"]


def _unknown_category(data: dict[str, Any]) -> None:
    data["indicators"][0]["category"] = "WEATHER"


def _unknown_value_type(data: dict[str, Any]) -> None:
    data["indicators"][0]["value_type"] = "PERCENT"


def _boolean_threshold_two(data: dict[str, Any]) -> None:
    data["indicators"][0]["threshold"] = 2


def _lower_case_code(data: dict[str, Any]) -> None:
    data["indicators"][0]["code"] = "electricity_cut_off"


def _no_version(data: dict[str, Any]) -> None:
    del data["version"]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_drop_last, "exactly 44"),
        (_repeat_a_code, "more than once"),
        (_drop_kazakh, "names missing for kk"),
        (_unknown_category, "category 'WEATHER'"),
        (_unknown_value_type, "value_type 'PERCENT'"),
        (_boolean_threshold_two, "threshold 1"),
        (_lower_case_code, "UPPER_SNAKE_CASE"),
        (_no_version, "'version'"),
    ],
)
def test_a_catalogue_off_its_schema_is_refused_with_a_message_saying_where(
    spoil: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = copy.deepcopy(_shipped(CATALOGUE_FILE))
    spoil(data)

    with pytest.raises(InvalidCatalogue, match=message):
        parse_catalogue(data)


def test_the_default_rule_set_is_any_3_of_the_44_unweighted() -> None:
    rule_set = default_rule_set()

    assert rule_set.code == DEFAULT_RULE_SET == "ANY_3_OF_44"
    assert (rule_set.kind, rule_set.min_count, rule_set.cut_off) == (RuleKind.ANY_N, 3, 3.0)
    assert rule_set.version
    assert rule_set.description


def test_the_weighted_alternative_weighs_every_indicator_of_the_catalogue() -> None:
    weighted = default_rule_sets()["WEIGHTED_2027"]

    assert weighted.kind is RuleKind.WEIGHTED
    assert set(weighted.weights) == set(default_catalogue().codes)
    assert weighted.weights["DOMESTIC_VIOLENCE_CALLS"] > weighted.weights["LARGE_FAMILY"]
    assert weighted.threshold == 3


def test_a_weighted_rule_set_missing_an_indicator_is_refused() -> None:
    data = copy.deepcopy(_shipped(RULE_SETS_FILE))
    weighted = next(r for r in data["rule_sets"] if r["kind"] == "WEIGHTED")
    del weighted["weights"]["SHELTER_STAY"]

    with pytest.raises(InvalidRuleSet, match="SHELTER_STAY"):
        parse_rule_sets(data, default_catalogue())


def test_rule_sets_written_for_another_catalogue_version_are_refused() -> None:
    data = copy.deepcopy(_shipped(RULE_SETS_FILE))
    data["catalogue_version"] = "1999.1"

    with pytest.raises(InvalidRuleSet, match=r"1999\.1"):
        parse_rule_sets(data, default_catalogue())


def test_a_rule_set_without_its_cut_off_cannot_be_made() -> None:
    with pytest.raises(InvalidRuleSet):
        RuleSet("ANY", "1", RuleKind.ANY_N)
    with pytest.raises(InvalidRuleSet):
        RuleSet("W", "1", RuleKind.WEIGHTED, weights={"X": 1.0})
    with pytest.raises(InvalidRuleSet):
        RuleSet("W", "1", RuleKind.WEIGHTED, weights={"X": -1.0}, threshold=1.0)


def test_an_extract_has_the_child_columns_then_one_lower_case_column_per_indicator() -> None:
    columns = extract.extract_columns(default_catalogue())

    assert columns[:11] == (
        "pinfl", "full_name", "birth_date", "sex", "guardian_name", "guardian_phone",
        "region", "district", "mahalla", "registry_category", "care_setting",
    )  # fmt: skip
    assert columns[11:] == tuple(code.lower() for code in default_catalogue().codes)
    assert len(set(columns)) == len(columns) == 55
    assert extract.CARE_SETTING not in extract.REQUIRED_COLUMNS
    assert {c.value for c in extract.RegistryCategory} == {
        "NOT_IN_REGISTRY", "NEAR_POVERTY_LINE", "POOR", "STATE_SUPPORTED",
    }  # fmt: skip
