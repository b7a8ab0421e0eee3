"""The indicators of a synthetic extract: each one's chance rises with the child's hardship
and disruption, so cut-offs, arrears and registry poverty come together, as do violence,
imprisonment and addiction. Age decides which indicators apply.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from baxt.domain.risk.catalogue import Catalogue, Indicator, IndicatorValueType

# fmt: off
# code: (chance at average hardship and disruption, hardship loading, disruption loading)
_MODEL = {
    "ELECTRICITY_CUT_OFF": (.006, 1.3, 0), "WATER_CUT_OFF": (.004, 1.2, 0),
    "GAS_CUT_OFF": (.006, 1.3, 0), "HEATING_CUT_OFF": (.003, 1.2, 0),
    "HEALTH_INSURANCE_ARREARS": (.008, 1.2, .2), "RENT_ARREARS": (.004, 1.1, .2),
    "UTILITY_ARREARS": (.012, 1.2, 0), "KINDERGARTEN_FEE_ARREARS": (.01, 1.1, .2),
    "LOAN_OVERDUE": (.01, .9, .2), "COURT_ENFORCED_DEBT": (.005, 1.0, .4),
    "MISSED_VACCINATIONS": (.01, .6, .4), "MISSED_INFANT_CHECKUPS": (.015, .6, .4),
    "NO_MEDICAL_VISIT_12_MONTHS": (.01, .5, .3), "EMERGENCY_INJURY_VISITS": (.003, .3, .8),
    "CHILD_DISABILITY": (.012, .2, 0), "MALNUTRITION": (.006, .8, .2),
    "DISPENSARY_FOLLOW_UP_MISSED": (.004, .6, .3), "LONG_SCHOOL_ABSENCE": (.008, .7, .8),
    "KINDERGARTEN_ABSENCE": (.01, .6, .4), "SCHOOL_DROP_OUT": (.003, .8, .8),
    "SCHOOL_AGE_NOT_ENROLLED": (.001, .8, .6), "SINGLE_GUARDIAN": (.06, .3, 1.0),
    "GUARDIAN_DEATH": (.004, .2, .6), "GUARDIAN_DISABILITY": (.012, .5, .2),
    "GUARDIAN_IMPRISONED": (.002, .5, 1.0), "GUARDIAN_ADDICTION_TREATMENT": (.002, .4, 1.1),
    "NON_RELATIVE_ADULT_IN_HOUSEHOLD": (.006, .2, 1.0), "DOMESTIC_VIOLENCE_CALLS": (.004, .4, 1.3),
    "GUARDIAN_LABOUR_MIGRANT": (.04, .6, .2), "LARGE_FAMILY": (.05, .5, 0),
    "GUARDIAN_DIVORCE": (.008, .2, .9), "CHILD_PROTECTION_REPORTS": (.002, .4, 1.3),
    "JUVENILE_AFFAIRS_REGISTER": (.003, .5, 1.0), "GUARDIAN_UNEMPLOYED": (.03, 1.0, .2),
    "BENEFIT_LOST": (.005, .8, .2), "ALIMONY_UNPAID": (.004, .3, .9),
    "EMERGENCY_AID_RECEIVED": (.01, 1.2, .3), "SHELTER_STAY": (.0005, .6, 1.2),
    "OVERCROWDING": (.03, 1.0, 0), "UNSAFE_DWELLING": (.004, 1.0, 0),
    "EVICTION_PROCEEDINGS": (.001, 1.0, .4), "NO_BIRTH_REGISTRATION": (.0005, .7, .7),
    "NO_RESIDENCE_REGISTRATION": (.004, .6, .4),
}
_AGES = {  # indicators that apply to some ages only (all others: 0 to 17)
    "MISSED_INFANT_CHECKUPS": (0, 2), "MALNUTRITION": (0, 4), "MISSED_VACCINATIONS": (0, 6),
    "KINDERGARTEN_FEE_ARREARS": (2, 6), "KINDERGARTEN_ABSENCE": (2, 6),
    "LONG_SCHOOL_ABSENCE": (7, 17), "SCHOOL_AGE_NOT_ENROLLED": (7, 17),
    "SCHOOL_DROP_OUT": (12, 17), "JUVENILE_AFFAIRS_REGISTER": (10, 17),
}
# fmt: on
_ENROLLED_ONLY = frozenset({"KINDERGARTEN_FEE_ARREARS", "KINDERGARTEN_ABSENCE"})
_AT_LEAST_ONE = frozenset({"LARGE_FAMILY", "OVERCROWDING"})
_WITHIN_QUARTER = frozenset({"LONG_SCHOOL_ABSENCE", "KINDERGARTEN_ABSENCE"})
REGISTRY_INDICATOR = "SOCIAL_REGISTRY_LOW_INCOME"
# hardship above which a family is near the poverty line, poor, state-supported
REGISTRY_CUTS = (1.2, 1.6, 2.4)
_UNKNOWN_SHARE = 0.01
_SHIFT = -0.5  # added to every log-odds; puts about 3% of children over ANY_3_OF_44


def indicator_values(
    rng: np.random.Generator,
    catalogue: Catalogue,
    people: dict[str, Any],
    age: NDArray[np.int64],
    enrolled: NDArray[np.bool_],
) -> dict[str, NDArray[np.float64]]:
    """Each indicator's values for the children; NaN where it is unknown or does not apply."""
    values: dict[str, NDArray[np.float64]] = {}
    for indicator in catalogue.indicators:
        if indicator.code == REGISTRY_INDICATOR:
            continue
        chance, by_hardship, by_disruption = _MODEL[indicator.code]
        log_odds = np.log(chance / (1 - chance)) + _SHIFT + by_hardship * people["hardship"]
        log_odds += by_disruption * people["disruption"]
        met = rng.random(len(age)) < 1 / (1 + np.exp(-log_odds))
        youngest, oldest = _AGES.get(indicator.code, (0, 17))
        unknown = (age < youngest) | (age > oldest) | (rng.random(len(age)) < _UNKNOWN_SHARE)
        if indicator.code in _ENROLLED_ONLY:
            unknown |= ~enrolled
        value = _value(rng, indicator, met)
        value[unknown] = np.nan
        values[indicator.code] = value
    return values


def _value(
    rng: np.random.Generator, indicator: Indicator, met: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """A value that reaches the indicator's threshold exactly where `met` is true."""
    size, threshold = len(met), indicator.threshold
    if indicator.value_type is IndicatorValueType.BOOLEAN:
        return met.astype(np.float64)
    if indicator.value_type is IndicatorValueType.AMOUNT:
        above = threshold * (1 + rng.exponential(0.8, size))
        below = threshold * rng.random(size) * (rng.random(size) < 0.4)
        return np.floor(np.where(met, above, below) / 1000) * 1000
    low = 1 if indicator.code in _AT_LEAST_ONE else 0
    above = threshold + np.floor(rng.exponential(max(1.0, threshold / 2), size))
    if indicator.code in _WITHIN_QUARTER:
        above = np.minimum(above, 65)
    below = low + np.floor(rng.random(size) * (threshold - low))
    if low == 0:
        below[rng.random(size) < 0.75] = 0
    return np.where(met, above, below)
