"""The SQL the `monitoring_facts` statements run."""

from __future__ import annotations

FACT_ROW = """
INSERT INTO monitoring_facts (
    case_id, quarter, region, district, mahalla, sex, age_band, source, indicators,
    household_id, registry_category)
SELECT c.case_id, %(quarter)s, c.region, c.district, c.mahalla, c.sex, e.age_band, c.source,
    c.indicators, c.household_id, c.registry_category
FROM case_summary c JOIN monitoring_episode e USING (case_id)
WHERE c.case_id = %(case_id)s
ON CONFLICT (case_id, quarter) DO NOTHING"""
"""The child's row of the quarter, made on its first event there, in the case's place (and
household, and registry category) then."""

MARK = "UPDATE monitoring_facts SET {} WHERE case_id = %(case_id)s AND quarter = %(quarter)s"

SOURCE_AND_INDICATORS = MARK.format(
    "(source, indicators, registry_category) = (SELECT source, indicators, registry_category"
    " FROM case_summary WHERE case_id = %(case_id)s)"
)
"""A flag again brings the case's latest source, every indicator met and the latest registry
category onto the row."""

HOUSEHOLD = MARK.format(
    "household_id = (SELECT household_id FROM case_summary WHERE case_id = %(case_id)s)"
)
"""A link to a household makes the quarter's row (if the child has one yet) count in its family."""

SURVEY_SEEN = """
UPDATE monitoring_facts SET survey_seen = true
WHERE case_id = %(case_id)s AND surveyed AND NOT survey_seen AND quarter <= %(quarter)s"""
"""A visit that sees the child counts them seen on the survey's row, in whichever quarter."""

EPISODE_STEP = "UPDATE monitoring_episode SET {0} = true WHERE case_id = %(case_id)s AND NOT {0}"


EPISODE_STARTED = """
INSERT INTO monitoring_episode (case_id, flagged_at, age_band)
VALUES (%(case_id)s, %(at)s, coalesce(%(age_band)s, 'OTHER'))
ON CONFLICT (case_id) DO UPDATE SET flagged_at = excluded.flagged_at,
    age_band = coalesce(%(age_band)s, monitoring_episode.age_band), contacted = false,
    visited = false, consulted = false, served = false"""
"""The case's episode (re)started at the event: its moment, and the child's band then, worked
out from the event's birth date (the read models hold it sealed). A reopening stored before
its event carried the birth date keeps the band of the episode before."""


_DAYS_TO = {
    "contacted": "days_to_contact",
    "visited": "days_to_visit",
    "consulted": "days_to_consultation",
    "served": "days_to_service",
}


def first_step(column: str, step: str) -> str:
    """`column` marked on the row; the days from the episode's flag to `%(moment)s` written
    too when the episode has had no `step` yet (the first such event recorded wins on the row)."""
    days = _DAYS_TO[step]
    return f"""
UPDATE monitoring_facts f SET {column} = true,
    {days} = CASE WHEN e.{step} THEN f.{days}
        ELSE extract(epoch FROM (%(moment)s - e.flagged_at)) / 86400.0 END
FROM monitoring_episode e
WHERE e.case_id = f.case_id AND f.case_id = %(case_id)s AND f.quarter = %(quarter)s"""  # noqa: S608 - constant column names
