"""The columns of a registry extract: one row per child, then one column per indicator."""

from __future__ import annotations

from enum import Enum

from baxt.domain.risk.catalogue import Catalogue
from baxt.domain.values import RegistryCategory as RegistryCategory
from baxt.domain.values import Sex

PINFL = "pinfl"
FULL_NAME = "full_name"
BIRTH_DATE = "birth_date"
SEX = "sex"
GUARDIAN_NAME = "guardian_name"
GUARDIAN_PHONE = "guardian_phone"
REGION = "region"
DISTRICT = "district"
MAHALLA = "mahalla"
REGISTRY_CATEGORY = "registry_category"
CARE_SETTING = "care_setting"

CHILD_COLUMNS = (
    PINFL, FULL_NAME, BIRTH_DATE, SEX, GUARDIAN_NAME, GUARDIAN_PHONE,
    REGION, DISTRICT, MAHALLA, REGISTRY_CATEGORY, CARE_SETTING,
)  # fmt: skip
REQUIRED_COLUMNS = tuple(c for c in CHILD_COLUMNS if c != CARE_SETTING)
"""Every row must carry these; care_setting is only given for children under school age."""

SEX_CODES = {"M": Sex.MALE, "F": Sex.FEMALE}
SCHOOL_AGE = 7


class CareSetting(Enum):
    """Where a child under school age spends the day; the October survey of 3-year-olds
    visits those raised at HOME."""

    HOME = "HOME"
    KINDERGARTEN = "KINDERGARTEN"
    DAY_CARE = "DAY_CARE"


def indicator_column(code: str) -> str:
    return code.lower()


def indicator_columns(catalogue: Catalogue) -> tuple[str, ...]:
    return tuple(indicator_column(code) for code in catalogue.codes)


def extract_columns(catalogue: Catalogue) -> tuple[str, ...]:
    """Every column of an extract for this catalogue, in file order."""
    return CHILD_COLUMNS + indicator_columns(catalogue)
