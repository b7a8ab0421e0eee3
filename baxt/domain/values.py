from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum


class CaseStatus(Enum):
    FLAGGED = "FLAGGED"
    CONTACTED = "CONTACTED"
    VISITED = "VISITED"
    CONSULTED = "CONSULTED"
    REFERRED = "REFERRED"
    CLOSED = "CLOSED"


class Sex(Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class FlagSource(Enum):
    RISK_SCREENING = "RISK_SCREENING"
    COMMUNITY_REPORT = "COMMUNITY_REPORT"
    MAHALLA_TEAM = "MAHALLA_TEAM"
    SOCIAL_REGISTRY = "SOCIAL_REGISTRY"
    PARTNER_NGO = "PARTNER_NGO"
    AGE3_SURVEY = "AGE3_SURVEY"


class RegistryCategory(Enum):
    """The family's class in the unified Social Registry (Ijtimoiy reestr)."""

    NOT_IN_REGISTRY = "NOT_IN_REGISTRY"
    NEAR_POVERTY_LINE = "NEAR_POVERTY_LINE"
    """kambag'allik chegarasidagi: just above the poverty line."""
    POOR = "POOR"
    """kambag'al: below the poverty line."""
    STATE_SUPPORTED = "STATE_SUPPORTED"
    """davlat ta'minotidagi: fully supported by the state."""


class MahallaRole(Enum):
    """The role in the mahalla team of the member who flagged a child."""

    CHAIR = "CHAIR"
    YOUTH_LEADER = "YOUTH_LEADER"
    WOMENS_ACTIVIST = "WOMENS_ACTIVIST"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    INSPECTOR = "INSPECTOR"
    TAX_OFFICER = "TAX_OFFICER"


class ContactOutcome(Enum):
    REACHED = "REACHED"
    NO_ANSWER = "NO_ANSWER"
    WRONG_NUMBER = "WRONG_NUMBER"
    DECLINED = "DECLINED"


class NeedDomain(Enum):
    HEALTH = "HEALTH"
    NUTRITION = "NUTRITION"
    HOUSING = "HOUSING"
    INCOME = "INCOME"
    CARE = "CARE"
    EDUCATION = "EDUCATION"
    LANGUAGE = "LANGUAGE"
    EMOTIONAL = "EMOTIONAL"
    COGNITIVE = "COGNITIVE"
    SAFETY = "SAFETY"
    EMPLOYMENT = "EMPLOYMENT"
    LEGAL = "LEGAL"


class NeedLevel(Enum):
    NONE = "NONE"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class CloseReason(Enum):
    SERVICES_LINKED = "SERVICES_LINKED"
    NO_NEEDS_FOUND = "NO_NEEDS_FOUND"
    MOVED = "MOVED"
    UNREACHABLE = "UNREACHABLE"
    AGED_OUT = "AGED_OUT"
    DUPLICATE = "DUPLICATE"
    TRANSFERRED = "TRANSFERRED"
    OTHER = "OTHER"
    DATA_ERASED = "DATA_ERASED"


class EscalationLevel(Enum):
    SUPERVISOR = "SUPERVISOR"
    POLICE_ASSISTANCE = "POLICE_ASSISTANCE"


class RiskLevel(Enum):
    """How much risk a case review finds the child at."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class OverdueLevel(Enum):
    """Who an overdue home visit is reported to: first the caseworker, later the supervisor."""

    CASEWORKER = "CASEWORKER"
    SUPERVISOR = "SUPERVISOR"


class ReferralStatus(Enum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Child:
    personal_id: str
    full_name: str
    birth_date: date
    sex: Sex


@dataclass(frozen=True)
class Household:
    guardian_name: str
    guardian_phone: str
    region: str
    district: str
    mahalla: str


@dataclass(frozen=True)
class Need:
    domain: NeedDomain
    level: NeedLevel
    note: str = ""


@dataclass(frozen=True)
class PlanItem:
    goal: str
    service_category: str
    due_on: date


class GoalStatus(Enum):
    OPEN = "OPEN"
    ACHIEVED = "ACHIEVED"
    DROPPED = "DROPPED"


@dataclass(frozen=True)
class GoalNote:
    """A note on a goal's progress, as a revision of the work plan wrote it."""

    text: str
    noted_at: datetime
    actor: str


@dataclass(frozen=True)
class Goal:
    """A goal of the individual work plan; its ID stays the same through every revision."""

    id: str
    text: str
    service_category: str
    due_on: date
    status: GoalStatus = GoalStatus.OPEN
    notes: tuple[GoalNote, ...] = ()


@dataclass(frozen=True)
class GoalChange:
    """What a revision changes of one goal: the fields given (not None), and a progress note."""

    goal_id: str
    text: str | None = None
    service_category: str | None = None
    due_on: date | None = None
    status: GoalStatus | None = None
    note: str | None = None


@dataclass(frozen=True)
class Visit:
    visited_at: datetime
    child_seen: bool
    guardian_present: bool
    observations: str
    safety_concern: bool


@dataclass(frozen=True)
class Referral:
    id: str
    service_category: str
    provider: str
    reason: str
    status: ReferralStatus = ReferralStatus.PENDING
    organisation_id: str | None = None
    service_id: str | None = None


@dataclass(frozen=True)
class FlagReason:
    """Why a screening flagged a child: the rule set that did, the score, the indicators met."""

    rule_set: str
    score: float
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class FlagTags:
    """What a flag may tell besides its source: the family's Social Registry category, and
    the role of the mahalla team's member who flagged the child."""

    registry_category: RegistryCategory | None = None
    mahalla_role: MahallaRole | None = None


NO_TAGS = FlagTags()


VALUE_TYPES: tuple[type, ...] = (
    Child,
    Household,
    Need,
    PlanItem,
    Visit,
    Referral,
    FlagReason,
    Goal,
    GoalChange,
)
ENUM_TYPES: tuple[type[Enum], ...] = (
    CaseStatus,
    Sex,
    FlagSource,
    ContactOutcome,
    NeedDomain,
    NeedLevel,
    CloseReason,
    ReferralStatus,
    EscalationLevel,
    OverdueLevel,
    GoalStatus,
    RiskLevel,
    RegistryCategory,
    MahallaRole,
)
