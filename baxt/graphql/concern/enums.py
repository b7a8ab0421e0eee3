"""The vocabularies of reports of concern, registered with Strawberry."""

from __future__ import annotations

import strawberry

import baxt.graphql.labels.types  # noqa: F401  (registers Language first)
from baxt.domain import concern

ReporterKind = strawberry.enum(
    concern.ReporterKind,
    description="Who made a report: a hotline operator, a neighbour, a school, a member of"
    " the mahalla's team by role, a partner NGO, or someone else.",
)
ReportStatus = strawberry.enum(
    concern.ReportStatus,
    description="Where a report stands: OPEN in the triage queue, LINKED to a case, CLOSED.",
)
ReportCloseReason = strawberry.enum(
    concern.ReportCloseReason, description="Why a report was closed without a case."
)
