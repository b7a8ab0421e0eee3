"""The service taxonomy: the categories a plan item, a referral and a directory service name."""

from __future__ import annotations

from enum import StrEnum


class ServiceCategory(StrEnum):
    """A kind of help a child or family can be linked to; the one list of categories."""

    INTEGRATED_CASE_MANAGEMENT = "INTEGRATED_CASE_MANAGEMENT"
    SPEECH_THERAPY = "SPEECH_THERAPY"
    PSYCHOLOGICAL_SUPPORT = "PSYCHOLOGICAL_SUPPORT"
    PARENTING_SUPPORT = "PARENTING_SUPPORT"
    LEARNING_SUPPORT = "LEARNING_SUPPORT"
    EMERGENCY_LIVING_COSTS = "EMERGENCY_LIVING_COSTS"
    MEDICAL_COSTS = "MEDICAL_COSTS"
    HEALTH_CLINIC = "HEALTH_CLINIC"
    HOUSING_SUPPORT = "HOUSING_SUPPORT"
    EMPLOYMENT_SERVICE = "EMPLOYMENT_SERVICE"
    FAMILY_STRENGTHENING = "FAMILY_STRENGTHENING"
    DAY_CARE = "DAY_CARE"
    TEMPORARY_CARE = "TEMPORARY_CARE"
    FAMILY_REINTEGRATION = "FAMILY_REINTEGRATION"
    LEGAL_SUPPORT = "LEGAL_SUPPORT"


CATEGORY_NAMES: dict[ServiceCategory, str] = {
    ServiceCategory.INTEGRATED_CASE_MANAGEMENT: "Integrated case management",
    ServiceCategory.SPEECH_THERAPY: "Speech therapy",
    ServiceCategory.PSYCHOLOGICAL_SUPPORT: "Psychological support and play therapy",
    ServiceCategory.PARENTING_SUPPORT: "Parenting support and training",
    ServiceCategory.LEARNING_SUPPORT: "Learning support",
    ServiceCategory.EMERGENCY_LIVING_COSTS: "Emergency living-cost support",
    ServiceCategory.MEDICAL_COSTS: "Medical-cost sponsorship",
    ServiceCategory.HEALTH_CLINIC: "Health clinic",
    ServiceCategory.HOUSING_SUPPORT: "Housing support",
    ServiceCategory.EMPLOYMENT_SERVICE: "Employment service",
    ServiceCategory.FAMILY_STRENGTHENING: "Family strengthening",
    ServiceCategory.DAY_CARE: "Day care",
    ServiceCategory.TEMPORARY_CARE: "Short-term guardianship (temporary care)",
    ServiceCategory.FAMILY_REINTEGRATION: "Reintegration of children into their families",
    ServiceCategory.LEGAL_SUPPORT: "Legal support",
}
"""Each category's name as the directory shows it (the HSDS taxonomy term's name)."""
