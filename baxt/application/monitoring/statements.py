"""The SQL aggregates of `monitoring_facts` that the figures are read from."""

from __future__ import annotations

from psycopg import sql

from baxt.domain.monitoring.measures import (
    FAMILY_MEASURES,
    REGISTRY_NOT_RECORDED,
    Interval,
    Measure,
    PlaceLevel,
)
from baxt.domain.values import CloseReason

COUNTED = tuple(m for m in Measure if m not in FAMILY_MEASURES)
"""The measures that count children, each a sum over the finest groups."""
DIMENSIONS = ("sex", "age_band", "source", "registry_category")
_DIMENSION_VALUES = {
    "registry_category": f"coalesce(registry_category, '{REGISTRY_NOT_RECORDED}')"
    " AS registry_category"
}
DAYS = {
    Interval.TO_CONTACT: "days_to_contact",
    Interval.TO_VISIT: "days_to_visit",
    Interval.TO_CONSULTATION: "days_to_consultation",
    Interval.TO_SERVICE: "days_to_service",
}
_PREDICATES = {Measure.FLAGGED: "flagged_new OR flagged_again"}


def predicate(measure: Measure) -> str:
    """The condition on a fact row that counts its child in `measure`."""
    return _PREDICATES.get(measure, measure.value.lower())


def _counts() -> str:
    counts = [f"count(*) FILTER (WHERE {predicate(m)}) AS {m.value.lower()}" for m in COUNTED]
    reasons = [
        f"count(*) FILTER (WHERE closed AND close_reason = '{r.value}') AS reason_{r.value.lower()}"
        for r in CloseReason
    ]
    return ",\n    ".join([*counts, *reasons])


def _timings() -> str:
    return ",\n    ".join(
        f"count({c}) AS n_{c}, percentile_cont(0.5) WITHIN GROUP (ORDER BY {c}) AS p50_{c},"
        f" percentile_cont(0.9) WITHIN GROUP (ORDER BY {c}) AS p90_{c}"
        for c in DAYS.values()
    )


_WHERE = """quarter = %(quarter)s
  AND (%(region)s::text IS NULL OR region = %(region)s)
  AND (%(district)s::text IS NULL OR district = %(district)s)
  AND (%(mahalla)s::text IS NULL OR mahalla = %(mahalla)s)
  AND {reach}"""


def _sums(names: list[str]) -> str:
    return ", ".join(f"coalesce(sum({name}), 0)::bigint AS {name}" for name in names)


def _count_names() -> list[str]:
    measures = [m.value.lower() for m in COUNTED]
    return [*measures, *(f"reason_{r.value.lower()}" for r in CloseReason)]


def figures_query(level: PlaceLevel) -> sql.SQL:
    """Every count of children by place at `level` and in total, each also by sex, age band,
    source and registry category (GROUPING SETS; `g_place`, `g_sex`… say which grouping a row
    is), over the quarter, the place chosen and the caller's reach (`{reach}`). One hashed
    pass over the facts counts each (place, sex, age band, source, category); the grouping
    sets add those few rows up, so the facts are never sorted."""
    place = ", ".join(level.columns)
    finest = f"{place}, {', '.join(DIMENSIONS)}"
    values = ", ".join(_DIMENSION_VALUES.get(d, d) for d in DIMENSIONS)
    sets = [f"({place})", *(f"({place}, {d})" for d in DIMENSIONS), "()"]
    sets += [f"({d})" for d in DIMENSIONS]
    groupings = ", ".join(
        [
            f"grouping({level.columns[0]}) AS g_place",
            *(f"grouping({d}) AS g_{d}" for d in DIMENSIONS),
        ]
    )
    text = (
        f"WITH finest AS (\n  SELECT {place}, {values},\n    {_counts()}\n"  # noqa: S608
        f"  FROM monitoring_facts WHERE {_WHERE}\n  GROUP BY {finest})\n"
        f"SELECT {finest}, {groupings},\n    {_sums(_count_names())}\n"
        f"FROM finest GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    return sql.SQL(text)


def timings_query(level: PlaceLevel) -> sql.SQL:
    """The times' medians and 90th percentiles, and their numbers of children, by place and
    in total; apart from the counts, so those can be hashed rather than sorted."""
    place = ", ".join(level.columns)
    text = (
        f"SELECT {place}, grouping({level.columns[0]}) AS g_place,\n    {_timings()}\n"
        f"FROM monitoring_facts WHERE {_WHERE}\n"
        f"GROUP BY GROUPING SETS (({place}), ())"
    )
    return sql.SQL(text)


FAMILY = "coalesce(household_id, case_id)"
"""A child's family on its quarter row: the case's household then, else the child alone."""


def families_query(level: PlaceLevel) -> sql.SQL:
    """The distinct families of the children supported, by place and in total. A family is
    counted once in the total even when its children's cases lie in several places."""
    place = ", ".join(level.columns)
    text = (
        f"SELECT {place}, grouping({level.columns[0]}) AS g_place,\n"
        f"    count(DISTINCT {FAMILY}) AS families_supported\n"
        f"FROM monitoring_facts WHERE {_WHERE} AND children_supported\n"
        f"GROUP BY GROUPING SETS (({place}), ())"
    )
    return sql.SQL(text)


def indicator_query(level: PlaceLevel) -> sql.SQL:
    """Each measure by place and indicator met, and by indicator in total (a child meeting
    several counts under each); hashed by place and indicator first, as `figures_query`."""
    place = ", ".join(level.columns)
    counts = ", ".join(
        f"count(*) FILTER (WHERE {predicate(m)}) AS {m.value.lower()}" for m in COUNTED
    )
    sums = _sums([m.value.lower() for m in COUNTED])
    text = (
        f"WITH finest AS (\n  SELECT {place}, indicator, {counts}\n"  # noqa: S608 - constants
        f"  FROM monitoring_facts, unnest(indicators) AS indicator WHERE {_WHERE}\n"
        f"  GROUP BY {place}, indicator)\n"
        f"SELECT {place}, indicator, grouping({level.columns[0]}) AS g_place, {sums}\n"
        f"FROM finest GROUP BY GROUPING SETS (({place}, indicator), (indicator))"
    )
    return sql.SQL(text)


QUARTERS = """SELECT DISTINCT quarter FROM monitoring_facts WHERE {reach}
ORDER BY quarter DESC"""
