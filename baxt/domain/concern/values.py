"""What a report of concern holds: who reported, what is known of the child, and where."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from baxt.domain.languages import Language
from baxt.domain.values import FlagSource


class ReporterKind(Enum):
    """Who made a report: a hotline operator taking a call, a neighbour, a school, a member
    of the mahalla's team (by role), a partner NGO, or someone else."""

    HOTLINE_OPERATOR = "HOTLINE_OPERATOR"
    NEIGHBOUR = "NEIGHBOUR"
    SCHOOL = "SCHOOL"
    MAHALLA_CHAIR = "MAHALLA_CHAIR"
    MAHALLA_YOUTH_LEADER = "MAHALLA_YOUTH_LEADER"
    MAHALLA_WOMENS_ACTIVIST = "MAHALLA_WOMENS_ACTIVIST"
    MAHALLA_SOCIAL_WORKER = "MAHALLA_SOCIAL_WORKER"
    MAHALLA_INSPECTOR = "MAHALLA_INSPECTOR"
    MAHALLA_TAX_OFFICER = "MAHALLA_TAX_OFFICER"
    PARTNER_NGO = "PARTNER_NGO"
    OTHER = "OTHER"

    @property
    def flag_source(self) -> FlagSource:
        """The source a case opened from such a report is flagged with."""
        if self.name.startswith("MAHALLA_"):
            return FlagSource.MAHALLA_TEAM
        if self is ReporterKind.PARTNER_NGO:
            return FlagSource.PARTNER_NGO
        return FlagSource.COMMUNITY_REPORT


class ReportStatus(Enum):
    """Where a report stands: waiting in the triage queue, linked to a case, or closed."""

    OPEN = "OPEN"
    LINKED = "LINKED"
    CLOSED = "CLOSED"


class ReportCloseReason(Enum):
    """Why a report was closed without a case."""

    NO_CONCERN_FOUND = "NO_CONCERN_FOUND"
    CHILD_NOT_FOUND = "CHILD_NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    OUT_OF_AREA = "OUT_OF_AREA"
    OTHER = "OTHER"


@dataclass(frozen=True)
class Reporter:
    """Who reported, how they may be reached (a phone or an e-mail, or nothing), whether
    they may be contacted, and the language their closing notice is written in."""

    kind: ReporterKind
    name: str = ""
    contact: str = ""
    may_contact: bool = False
    language: Language = Language.UZ_LATN


@dataclass(frozen=True)
class ReportedChild:
    """What is known of the child: perhaps a name, an approximate age, what was seen, and
    the PINFL when the reporter knows it (a partner may)."""

    full_name: str = ""
    approximate_age: int | None = None
    seen: str = ""
    personal_id: str = ""


@dataclass(frozen=True)
class ReportPlace:
    """Where the child was seen: the district whose queue the report waits in, perhaps the
    mahalla, and an address as the reporter put it."""

    region: str
    district: str
    mahalla: str = ""
    address: str = ""


REPORT_HANDLED = "CONCERN_REPORT_HANDLED"
"""The kind of the message that tells a reporter their report was handled."""


def report_reference(report_id: UUID) -> str:
    """A short reference read out over the phone, e.g. `R-MFRG-GZDF`: the report ID's first
    40 bits in base32 (letters and the digits 2-7, so no 0/O or 1/I to confuse)."""
    code = base64.b32encode(report_id.bytes[:5]).decode()
    return f"R-{code[:4]}-{code[4:]}"


CONCERN_VALUE_TYPES: tuple[type, ...] = (Reporter, ReportedChild, ReportPlace)
"""The value types a report's events store."""

CONCERN_ENUM_TYPES: tuple[type[Enum], ...] = (
    ReporterKind,
    ReportStatus,
    ReportCloseReason,
    Language,
)
"""The enums a report's events store."""
