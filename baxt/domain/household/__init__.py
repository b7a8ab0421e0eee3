"""The household record a family's children's cases link to."""

from __future__ import annotations

from baxt.domain.household.aggregate import Household as Household
from baxt.domain.household.values import Address as Address
from baxt.domain.household.values import Guardian as Guardian
from baxt.domain.household.values import Member as Member
