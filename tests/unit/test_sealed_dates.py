"""Birth dates in the read models: sealed under the key all cases share, the same each
time, different for each owner, still readable once a child's own key is destroyed; and the
figures' age band of an episode taken from the event's own birth date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, cast
from uuid import uuid4

from baxt.application.pii.child_keys import MemoryChildKeys
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.read_models import ReadModelSealer
from baxt.application.pii.sealed_dates import DATE_PREFIX, DateSealer, day_of
from baxt.domain.case import Case
from baxt.domain.case.events import ChildCorrected
from baxt.domain.household.values import Member
from baxt.domain.monitoring.bands import AgeBand
from baxt.projections.monitoring_sql import EPISODE_STARTED
from baxt.projections.monitoring_statements import monitoring_statements
from tests.unit.helpers import ACTOR, BIRTH_DATE, NOW, close, flagged_case

BORN = date(2019, 4, 30)


def test_a_date_seals_the_same_each_time_differently_for_each_owner_and_opens() -> None:
    dates = DateSealer(bytes(32))
    case_id, other = uuid4(), uuid4()

    sealed = dates.seal(case_id, BORN)

    assert sealed.startswith(DATE_PREFIX)
    assert BORN.isoformat() not in sealed
    assert dates.seal(case_id, BORN) == sealed
    assert dates.seal(other, BORN) != sealed
    assert day_of(dates.open(case_id, sealed)) == BORN
    assert dates.open(case_id, "2019-04-30") == "2019-04-30"  # a row of an earlier release


def test_the_read_models_seal_the_birth_dates_of_a_flag_a_correction_and_a_household() -> None:
    keys = MemoryChildKeys(MasterKeys(bytes(32)))
    sealer = ReadModelSealer(keys)
    case = flagged_case()
    (flagged,) = case.collect_events()
    assert isinstance(flagged, Case.Flagged)
    case_id = flagged.originator_id
    corrected = cast(Any, ChildCorrected)(
        originator_id=case_id,
        originator_version=2,
        timestamp=NOW,
        actor=ACTOR,
        birth_date=BORN,
        reason="the birth certificate says so",
    )
    household = uuid4()
    members = {"members": (Member("Madina", BORN, "daughter"), Member("Olim"))}

    sealed_flag = sealer.sealed_event(flagged)
    sealed_correction = sealer.sealed_event(corrected)
    sealed_members = sealer.dates.sealed_state(household, members, object)

    assert sealed_flag.child.birth_date == sealer.dates.seal(case_id, BIRTH_DATE)
    assert flagged.child.birth_date == BIRTH_DATE  # the event itself is left as it was
    assert sealed_correction.birth_date == sealer.dates.seal(case_id, BORN)
    assert sealed_members["members"][0].birth_date == sealer.dates.seal(household, BORN)
    assert sealed_members["members"][1].birth_date is None
    keys.erase(case_id)
    assert sealer.sealed_event(flagged).child.birth_date == sealed_flag.child.birth_date


def _episode_band(event: object) -> object:
    (params,) = [p for sql, p in monitoring_statements(event) if sql == EPISODE_STARTED]
    assert isinstance(params, dict)
    return params["age_band"]


def test_an_episode_takes_its_age_band_from_the_flag_or_the_reopening() -> None:
    case = flagged_case()
    close(case)
    case.reopen(reason="new concerns", actor=ACTOR, now=NOW)
    flagged, *_, reopened = case.collect_events()
    assert isinstance(flagged, Case.Flagged)
    assert isinstance(reopened, Case.Reopened)

    assert reopened.birth_date == BIRTH_DATE
    assert _episode_band(flagged) == AgeBand.AGE_6_11.value  # 11 on the flag day
    assert _episode_band(reopened) == AgeBand.AGE_6_11.value
    a_year_later = replace(reopened, timestamp=reopened.timestamp.replace(year=2027))
    assert _episode_band(a_year_later) == AgeBand.AGE_12_17.value  # 12 then
    earlier_release = replace(cast(Any, reopened), birth_date=None)
    assert _episode_band(earlier_release) is None
