from __future__ import annotations

from datetime import UTC, datetime

from baxt.domain.quarter import TASHKENT
from baxt.workers.schedule import QUARTER_START, checkpoint_now, plan_current_quarter
from tests.clock import Clock


def test_the_quarterly_plan_fires_at_the_start_of_each_quarter_in_tashkent() -> None:
    late_on_new_years_eve_in_utc = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)

    fires = QUARTER_START.get_next_fire_time(None, late_on_new_years_eve_in_utc)

    assert fires == datetime(2027, 1, 1, 0, 15, tzinfo=TASHKENT)
    assert fires.astimezone(UTC) == datetime(2026, 12, 31, 19, 15, tzinfo=UTC)


def test_after_the_october_start_the_next_plan_is_in_january() -> None:
    fires = QUARTER_START.get_next_fire_time(None, datetime(2026, 10, 1, 0, 0, tzinfo=UTC))

    assert fires == datetime(2027, 1, 1, 0, 15, tzinfo=TASHKENT)


def test_the_job_asks_for_the_quarter_it_already_is_in_tashkent() -> None:
    sent: list[str] = []
    utc_still_2026 = datetime(2026, 12, 31, 19, 15, tzinfo=UTC)

    quarter = plan_current_quarter(sent.append, clock=Clock(utc_still_2026))

    assert quarter == "2027-Q1"
    assert sent == ["2027-Q1"]


def test_the_checkpoint_job_is_keyed_by_the_minute_in_utc() -> None:
    sent: list[str] = []
    moment = datetime(2026, 11, 21, 9, 30, 59, tzinfo=UTC)
    assert checkpoint_now(sent.append, lambda: moment) == "2026-11-21T09:30Z"
    assert sent == ["2026-11-21T09:30Z"]
