from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray

from baxt.domain.risk.catalogue import default_catalogue
from baxt.domain.risk.rules import RuleKind, RuleSet, default_rule_set, default_rule_sets
from baxt.domain.risk.scoring import compare_rule_sets, met_matrix, score, score_met

CATALOGUE = default_catalogue()
CODES = CATALOGUE.codes
ANY_3 = default_rule_set()
WEIGHTED = default_rule_sets()["WEIGHTED_2027"]
NAN = float("nan")


def _extract(*children: dict[str, float]) -> dict[str, NDArray[np.float64]]:
    """Values for each child: every indicator 0 unless the child's dict says otherwise."""
    return {
        code: np.array([child.get(code, 0.0) for child in children], dtype=np.float64)
        for code in CODES
    }


def test_a_hand_made_extract_is_scored_as_worked_out_by_hand() -> None:
    values = _extract(
        # three met, arrears exactly at the threshold: flagged
        {"ELECTRICITY_CUT_OFF": 1, "HEALTH_INSURANCE_ARREARS": 3, "LONG_SCHOOL_ABSENCE": 25},
        # two met, arrears one month short: not flagged
        {"ELECTRICITY_CUT_OFF": 1, "HEALTH_INSURANCE_ARREARS": 2, "LONG_SCHOOL_ABSENCE": 40},
        # an amount, a count and days each just below the threshold: nothing met
        {"UTILITY_ARREARS": 999_000, "LARGE_FAMILY": 4, "LOAN_OVERDUE": 89},
        dict.fromkeys(CODES, 1e9),
    )

    scores = score(CATALOGUE, ANY_3, values)

    assert scores.score.tolist() == [3.0, 2.0, 0.0, 44.0]
    assert scores.flagged.tolist() == [True, False, False, True]
    assert scores.flagged_rows().tolist() == [0, 3]
    assert scores.met_codes(0) == (
        "ELECTRICITY_CUT_OFF",
        "HEALTH_INSURANCE_ARREARS",
        "LONG_SCHOOL_ABSENCE",
    )
    assert scores.met_codes(2) == ()
    assert scores.met_codes(3) == CODES


def test_a_flag_explains_itself_with_rule_set_version_score_and_indicators() -> None:
    values = _extract({"GAS_CUT_OFF": 1, "RENT_ARREARS": 5, "SINGLE_GUARDIAN": 1})

    explanation = score(CATALOGUE, ANY_3, values).explain(0)

    assert explanation.rule_set == "ANY_3_OF_44"
    assert explanation.rule_set_version == ANY_3.version
    assert explanation.catalogue_version == CATALOGUE.version
    assert explanation.score == 3.0
    assert explanation.flagged
    assert explanation.indicators == ("GAS_CUT_OFF", "RENT_ARREARS", "SINGLE_GUARDIAN")


def test_unknown_values_count_as_not_met_and_raise_no_warning() -> None:
    values = _extract(
        {"ELECTRICITY_CUT_OFF": 1, "WATER_CUT_OFF": 1, "GAS_CUT_OFF": NAN},
        dict.fromkeys(CODES, NAN),
    )

    scores = score(CATALOGUE, ANY_3, values)

    assert scores.score.tolist() == [2.0, 0.0]
    assert not scores.flagged.any()
    assert scores.met_codes(0) == ("ELECTRICITY_CUT_OFF", "WATER_CUT_OFF")


def test_the_weighted_rule_flags_one_violence_report_but_not_three_light_signals() -> None:
    values = _extract(
        {"DOMESTIC_VIOLENCE_CALLS": 1},
        {"LARGE_FAMILY": 6, "GUARDIAN_LABOUR_MIGRANT": 1, "OVERCROWDING": 3},
    )

    weighted = score(CATALOGUE, WEIGHTED, values)
    unweighted = score_met(CATALOGUE, ANY_3, weighted.met)

    assert weighted.score.tolist() == [3.0, 1.5]
    assert weighted.flagged.tolist() == [True, False]
    assert unweighted.flagged.tolist() == [False, True]
    assert weighted.explain(0).rule_set == "WEIGHTED_2027"


def test_comparing_rule_sets_lists_who_is_added_and_dropped_and_why() -> None:
    met = met_matrix(
        CATALOGUE,
        _extract(
            {"DOMESTIC_VIOLENCE_CALLS": 1},
            {"LARGE_FAMILY": 6, "GUARDIAN_LABOUR_MIGRANT": 1, "OVERCROWDING": 3},
            {"ELECTRICITY_CUT_OFF": 1, "GAS_CUT_OFF": 1, "WATER_CUT_OFF": 1},
            {},
        ),
    )

    comparison = compare_rule_sets(CATALOGUE, met, ANY_3, WEIGHTED)

    assert comparison.added.tolist() == [0]
    assert comparison.dropped.tolist() == [1]
    assert comparison.added_by_indicator["DOMESTIC_VIOLENCE_CALLS"] == 1
    assert sum(comparison.added_by_indicator.values()) == 1
    assert {c for c, n in comparison.dropped_by_indicator.items() if n} == {
        "LARGE_FAMILY",
        "GUARDIAN_LABOUR_MIGRANT",
        "OVERCROWDING",
    }


def test_values_for_a_missing_indicator_or_of_unequal_lengths_are_refused() -> None:
    values = _extract({}, {})
    del values["SHELTER_STAY"]
    with pytest.raises(ValueError, match="SHELTER_STAY"):
        met_matrix(CATALOGUE, values)

    uneven = _extract({}, {})
    uneven["SHELTER_STAY"] = np.zeros(3)
    with pytest.raises(ValueError, match="one length"):
        met_matrix(CATALOGUE, uneven)


def test_an_empty_extract_scores_to_empty_arrays() -> None:
    scores = score(CATALOGUE, WEIGHTED, _extract())

    assert scores.met.shape == (0, 44)
    assert scores.score.shape == scores.flagged.shape == (0,)


# A slow, obviously right reference, one child at a time, for the properties below.


def _reference_score(met_row: NDArray[np.bool_], rule_set: RuleSet) -> float:
    total = 0.0
    for code, is_met in zip(CODES, met_row.tolist(), strict=True):
        if is_met:
            total += 1.0 if rule_set.kind is RuleKind.ANY_N else rule_set.weights[code]
    return total


def _reference_flagged(met: NDArray[np.bool_], rule_set: RuleSet) -> list[bool]:
    return [_reference_score(row, rule_set) >= rule_set.cut_off for row in met]


_met = st.one_of(
    st.integers(0, 30).flatmap(
        lambda n: arrays(np.bool_, (n, len(CODES)), elements=st.booleans(), fill=st.just(False))
    ),
    st.builds(  # denser matrices, where many children sit near a cut-off
        lambda n, share, seed: np.random.default_rng(seed).random((n, len(CODES))) < share,
        st.integers(0, 300),
        st.floats(0, 0.25),
        st.integers(0, 2**32 - 1),
    ),
)
_weight = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]) | st.floats(0, 4, allow_nan=False)
_rule_sets = st.one_of(
    st.builds(lambda n: RuleSet(f"ANY_{n}", "1", RuleKind.ANY_N, min_count=n), st.integers(1, 8)),
    st.builds(
        lambda weights, threshold: RuleSet(
            "W",
            "1",
            RuleKind.WEIGHTED,
            weights=dict(zip(CODES, weights, strict=True)),
            threshold=threshold,
        ),
        st.lists(_weight, min_size=len(CODES), max_size=len(CODES)),
        st.floats(0.25, 10, allow_nan=False),
    ),
)


@settings(max_examples=150, deadline=None)
@given(met=_met, base=_rule_sets, candidate=_rule_sets)
def test_a_comparison_agrees_with_scoring_each_child_by_hand(
    met: NDArray[np.bool_], base: RuleSet, candidate: RuleSet
) -> None:
    before = _reference_flagged(met, base)
    after = _reference_flagged(met, candidate)
    added = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if a and not b]
    dropped = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if b and not a]

    comparison = compare_rule_sets(CATALOGUE, np.asfortranarray(met), base, candidate)

    assert comparison.added.tolist() == added
    assert comparison.dropped.tolist() == dropped
    for code_index, code in enumerate(CODES):
        assert comparison.added_by_indicator[code] == sum(met[i, code_index] for i in added)
        assert comparison.dropped_by_indicator[code] == sum(met[i, code_index] for i in dropped)


@settings(max_examples=100, deadline=None)
@given(met=_met, rule_set=_rule_sets)
def test_each_score_is_the_sum_of_that_childs_met_weights(
    met: NDArray[np.bool_], rule_set: RuleSet
) -> None:
    scores = score_met(CATALOGUE, rule_set, met)

    assert scores.score.tolist() == [_reference_score(row, rule_set) for row in met]
    assert scores.flagged.tolist() == _reference_flagged(met, rule_set)


_near_thresholds = sorted(
    {t + d for t in (i.threshold for i in CATALOGUE.indicators) for d in (-1, -0.5, 0, 0.5)}
)
_value = st.one_of(
    st.just(NAN), st.sampled_from(_near_thresholds), st.floats(0, 2e6, allow_nan=False)
)


@settings(max_examples=100, deadline=None)
@given(
    values=arrays(np.float64, st.tuples(st.integers(0, 12), st.just(len(CODES))), elements=_value)
)
def test_a_value_meets_its_indicator_exactly_when_it_reaches_the_threshold(
    values: NDArray[np.float64],
) -> None:
    met = met_matrix(CATALOGUE, {code: values[:, j] for j, code in enumerate(CODES)})

    for j, indicator in enumerate(CATALOGUE.indicators):
        expected = [v == v and v >= indicator.threshold for v in values[:, j].tolist()]
        assert met[:, j].tolist() == expected


def test_a_large_extract_scores_the_same_as_a_matrix_product() -> None:
    met = np.random.default_rng(5).random((100_003, len(CODES))) < 0.05
    weights = np.array([WEIGHTED.weights[code] for code in CODES])

    scores = score_met(CATALOGUE, WEIGHTED, np.asfortranarray(met))

    # halves add up exactly in any order, so the product is an exact reference here
    assert np.array_equal(scores.score, met.astype(np.float64) @ weights)
    assert np.array_equal(score_met(CATALOGUE, ANY_3, met).score, met.sum(axis=1))
