"""Which of a child's needs a partner learns of: those its service category works on."""

from __future__ import annotations

from baxt.domain.service_categories import ServiceCategory as C
from baxt.domain.values import NeedDomain as N

_ALL = frozenset(N)
RELEVANT_NEEDS: dict[str, frozenset[N]] = {
    C.INTEGRATED_CASE_MANAGEMENT: _ALL,
    C.SPEECH_THERAPY: frozenset({N.LANGUAGE, N.COGNITIVE, N.HEALTH}),
    C.PSYCHOLOGICAL_SUPPORT: frozenset({N.EMOTIONAL, N.SAFETY, N.COGNITIVE}),
    C.PARENTING_SUPPORT: frozenset({N.CARE, N.EMOTIONAL, N.SAFETY}),
    C.LEARNING_SUPPORT: frozenset({N.EDUCATION, N.COGNITIVE, N.LANGUAGE}),
    C.EMERGENCY_LIVING_COSTS: frozenset({N.INCOME, N.NUTRITION, N.HOUSING}),
    C.MEDICAL_COSTS: frozenset({N.HEALTH, N.NUTRITION, N.INCOME}),
    C.HEALTH_CLINIC: frozenset({N.HEALTH, N.NUTRITION}),
    C.HOUSING_SUPPORT: frozenset({N.HOUSING, N.INCOME}),
    C.EMPLOYMENT_SERVICE: frozenset({N.EMPLOYMENT, N.INCOME}),
    C.FAMILY_STRENGTHENING: _ALL - {N.LEGAL},
    C.DAY_CARE: frozenset({N.CARE, N.EDUCATION, N.NUTRITION}),
    C.TEMPORARY_CARE: frozenset({N.CARE, N.SAFETY, N.HEALTH}),
    C.FAMILY_REINTEGRATION: frozenset({N.CARE, N.SAFETY, N.EMOTIONAL, N.HOUSING}),
    C.LEGAL_SUPPORT: frozenset({N.LEGAL, N.SAFETY}),
}


def relevant_needs(service_category: str) -> frozenset[N]:
    """The need domains a service of this category works on; all of them when unknown."""
    return RELEVANT_NEEDS.get(service_category, _ALL)
