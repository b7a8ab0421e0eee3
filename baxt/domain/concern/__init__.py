"""A report of concern about a child: the aggregate, its events and its values.

Stored events name their classes `baxt.domain.concern:ConcernReport.<Event>`; each event's
explicit topic keeps that name wherever the class lives.
"""

from __future__ import annotations

from baxt.domain.concern import events
from baxt.domain.concern.aggregate import ConcernReport
from baxt.domain.concern.values import (
    ReportCloseReason,
    ReportedChild,
    Reporter,
    ReporterKind,
    ReportPlace,
    ReportStatus,
    report_reference,
)

__all__ = [
    "ConcernReport",
    "ReportCloseReason",
    "ReportPlace",
    "ReportStatus",
    "ReportedChild",
    "Reporter",
    "ReporterKind",
    "events",
    "report_reference",
]
