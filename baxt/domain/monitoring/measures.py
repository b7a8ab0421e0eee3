"""What the monitoring figures count: the measures, the intervals timed, the breakdowns and
the levels of place they are counted at."""

from __future__ import annotations

from enum import Enum


class Measure(Enum):
    """A count of children in a quarter; the README's Monitoring section says which."""

    __hash__ = object.__hash__  # members are singletons; the figures hash them by the 100,000

    FLAGGED = "FLAGGED"
    FLAGGED_NEW = "FLAGGED_NEW"
    FLAGGED_AGAIN = "FLAGGED_AGAIN"
    CONTACTED = "CONTACTED"
    VISITED = "VISITED"
    CHILD_SEEN = "CHILD_SEEN"
    CONSULTED = "CONSULTED"
    WORK_PLAN = "WORK_PLAN"
    REFERRED = "REFERRED"
    LINKED = "LINKED"
    CLOSED = "CLOSED"
    VISIT_OVERDUE = "VISIT_OVERDUE"
    REVIEW_OVERDUE = "REVIEW_OVERDUE"
    ESCALATED_TO_SUPERVISOR = "ESCALATED_TO_SUPERVISOR"
    ESCALATED_TO_POLICE = "ESCALATED_TO_POLICE"
    SAFETY_CONCERN = "SAFETY_CONCERN"
    FAILED_CALL = "FAILED_CALL"
    UNSEEN_VISIT = "UNSEEN_VISIT"
    SURVEYED = "SURVEYED"
    SURVEY_SEEN = "SURVEY_SEEN"
    CHILDREN_SUPPORTED = "CHILDREN_SUPPORTED"
    FAMILIES_SUPPORTED = "FAMILIES_SUPPORTED"
    CHILDREN_REINTEGRATED = "CHILDREN_REINTEGRATED"
    FAMILIES_EXITED = "FAMILIES_EXITED"
    PARENTS_TRAINED = "PARENTS_TRAINED"
    PARENTS_CERTIFIED = "PARENTS_CERTIFIED"


FAMILY_MEASURES: frozenset[Measure] = frozenset({Measure.FAMILIES_SUPPORTED})
"""Measures that count families, not children: the distinct households (a child linked to
none is a family of its own) among the children of a child measure. A family has no sex,
band or source, so these are counted by place only, never in a breakdown."""


class Interval(Enum):
    """A time from the flag that opened the child's episode to its first step of a kind."""

    __hash__ = object.__hash__  # as Measure's

    TO_CONTACT = "TO_CONTACT"
    TO_VISIT = "TO_VISIT"
    TO_CONSULTATION = "TO_CONSULTATION"
    TO_SERVICE = "TO_SERVICE"


class Breakdown(Enum):
    """A property of the child the counts can be broken down by."""

    SEX = "SEX"
    AGE_BAND = "AGE_BAND"
    SOURCE = "SOURCE"
    INDICATOR = "INDICATOR"
    SOCIAL_REGISTRY_CATEGORY = "SOCIAL_REGISTRY_CATEGORY"


ADDITIVE_BREAKDOWNS: frozenset[Breakdown] = frozenset(
    {Breakdown.SEX, Breakdown.AGE_BAND, Breakdown.SOURCE, Breakdown.SOCIAL_REGISTRY_CATEGORY}
)
"""Breakdowns whose categories add up to the measure (a child has one sex, band, source,
registry category); a child meets several indicators, so those do not."""

REGISTRY_NOT_RECORDED = "NOT_RECORDED"
"""The registry breakdown's category of a child whose flags named no registry category."""


class PlaceLevel(Enum):
    """The level of place the figures are counted at."""

    REGION = "REGION"
    DISTRICT = "DISTRICT"
    MAHALLA = "MAHALLA"

    @property
    def columns(self) -> tuple[str, ...]:
        """The place columns that name one place at this level."""
        order = ("region", "district", "mahalla")
        return order[: list(PlaceLevel).index(self) + 1]
