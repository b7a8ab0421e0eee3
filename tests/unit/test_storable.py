"""What the followers write from stored events: NUL and lone surrogates as U+FFFD, and times
Python could not read back clamped, wherever they are in a statement's parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from psycopg.types.json import Jsonb

from baxt.application.plain import plain
from baxt.application.storable import EARLIEST, LATEST, storable, storable_text


@dataclass(frozen=True)
class Notice:
    organisation_id: str
    version: int


def test_nul_and_lone_surrogates_are_written_as_the_replacement_character() -> None:
    assert storable_text("a\x00b\ud800c\udfff") == "a\ufffdb\ufffdc\ufffd"


def test_other_control_characters_and_real_writing_are_kept_as_they_are() -> None:
    assert storable_text("bell\x07 tab\t Ёқуб عل \u200d") == "bell\x07 tab\t Ёқуб عل \u200d"


def test_texts_inside_parameters_jsonb_lists_keys_and_dataclasses_are_made_storable() -> None:
    params = {
        "name": "A\x00",
        "tags": ["x\ud800"],
        "visit": Jsonb([{"note\x00": "y\x00"}]),
        "notice": Notice("org\x00", 3),
        "version": 7,
    }

    made = storable(params)

    assert (made["name"], made["tags"], made["notice"]) == (
        "A\ufffd",
        ["x\ufffd"],
        Notice("org\ufffd", 3),
    )
    assert made["visit"].obj == [{"note\ufffd": "y\ufffd"}]
    assert made["version"] == 7


def test_a_time_python_could_not_read_back_is_clamped() -> None:
    year_one_east = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
    year_9999_west = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-12)))
    now = datetime.now(UTC)

    assert [storable(t) for t in (year_one_east, year_9999_west, now)] == [EARLIEST, LATEST, now]


def test_history_data_is_plain_and_storable() -> None:
    assert plain({"note": "x\x00", "by\ud800": ("y",)}) == {"note": "x\ufffd", "by\ufffd": ["y"]}
