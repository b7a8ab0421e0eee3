"""The names a person reads for each enum value, in every language Baxt speaks.

The tables are data, one module per concern; `LABELS` gathers them under the enum's name as
the API spells it, so a frontend hard-codes no name of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from baxt.domain.labels import (
    actions,
    cases,
    concern,
    duplicates,
    families,
    lists,
    monitoring,
    needs,
    screening,
    services,
    system,
    teams,
)
from baxt.domain.labels.names import EnumNames
from baxt.domain.languages import LANGUAGES, Language

LABELS: Mapping[str, EnumNames] = {
    "AgeBand": monitoring.AGE_BAND,
    "AgencyKind": teams.AGENCY_KIND,
    "ApprovalKind": cases.APPROVAL_KIND,
    "CaseAction": actions.CASE_ACTION,
    "CaseOrder": lists.CASE_ORDER,
    "CaseStatus": cases.CASE_STATUS,
    "ChainProblemKind": system.CHAIN_PROBLEM_KIND,
    "CloseReason": cases.CLOSE_REASON,
    "ConsentPurpose": services.CONSENT_PURPOSE,
    "ContactOutcome": cases.CONTACT_OUTCOME,
    "DuplicateReason": duplicates.DUPLICATE_REASON,
    "EscalationLevel": cases.ESCALATION_LEVEL,
    "FlagSource": cases.FLAG_SOURCE,
    "GatheringKind": teams.GATHERING_KIND,
    "GoalStatus": cases.GOAL_STATUS,
    "IndicatorCategory": screening.INDICATOR_CATEGORY,
    "IndicatorValueType": screening.INDICATOR_VALUE_TYPE,
    "Language": system.LANGUAGE,
    "MahallaRole": families.MAHALLA_ROLE,
    "MonitoringBreakdown": monitoring.MONITORING_BREAKDOWN,
    "MonitoringInterval": monitoring.MONITORING_INTERVAL,
    "MonitoringMeasure": monitoring.MONITORING_MEASURE,
    "NeedDomain": needs.NEED_DOMAIN,
    "NeedLevel": needs.NEED_LEVEL,
    "NotificationKind": {**cases.NOTIFICATION_KIND, **concern.NOTIFICATION_KIND},
    "OrganisationKind": services.ORGANISATION_KIND,
    "OverdueLevel": cases.OVERDUE_LEVEL,
    "PlaceLevel": monitoring.PLACE_LEVEL,
    "ProgressKind": services.PROGRESS_KIND,
    "ReferralAction": actions.REFERRAL_ACTION,
    "ReferralOutcome": services.REFERRAL_OUTCOME,
    "ReferralStatus": services.REFERRAL_STATUS,
    "RegistryBreakdownCategory": monitoring.REGISTRY_BREAKDOWN_CATEGORY,
    "RegistryCategory": families.REGISTRY_CATEGORY,
    "ReportCloseReason": concern.REPORT_CLOSE_REASON,
    "ReportStatus": concern.REPORT_STATUS,
    "ReporterKind": concern.REPORTER_KIND,
    "RiskLevel": cases.RISK_LEVEL,
    "Role": system.ROLE,
    "RuleKind": screening.RULE_KIND,
    "ServiceCategory": services.SERVICE_CATEGORY,
    "ServiceStatus": services.SERVICE_STATUS,
    "Sex": cases.SEX,
    "StaffRole": system.STAFF_ROLE,
    "WebhookDeliveryStatus": system.WEBHOOK_DELIVERY_STATUS,
    "WebhookEventType": system.WEBHOOK_EVENT_TYPE,
}
"""Every labelled enum's table, by the enum's name."""

OUTSIDE_THE_SCHEMA = frozenset(
    {"AgeBand", "NotificationKind", "OverdueLevel", "RegistryBreakdownCategory", "Role"}
)
"""Labelled enums the schema has no enum type for: `Notification.kind` and
`CaseAccess.role` (the role a token carried) are Strings, an overdue visit's level is
shown only in `Case.history` event data, and an age band and a registry breakdown's
category are a `CategoryCounts.category`."""


@dataclass(frozen=True)
class EnumLabel:
    enum: str
    value: str
    label: str


def labels_in(language: Language, enum: str | None = None) -> list[EnumLabel]:
    """Every label in `language`, or only those of `enum`; by enum name, then value order."""
    position = LANGUAGES.index(language.value)
    names = sorted(LABELS) if enum is None else [enum]
    return [
        EnumLabel(name, value, texts[position])
        for name in names
        for value, texts in LABELS[name].items()
    ]


def label(enum: str, value: str, language: Language) -> str:
    """One value's label in `language`."""
    return LABELS[enum][value][LANGUAGES.index(language.value)]
