from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder
from hypothesis import given
from hypothesis import strategies as st

from baxt.application.audit.cloud_events import (
    StoredCaseEvent,
    event_type,
    from_json_line,
    to_json_line,
)

_TOPIC = "baxt.domain.case:Case.Visited"
_text = st.text(st.characters(exclude_categories=["Cs"]))
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


def _stored(payload: Any, actor: str = "aziza", case_id: UUID | None = None) -> StoredCaseEvent:
    transcoder = JSONTranscoder()
    transcoder.register(DatetimeAsISO())
    at = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
    state = transcoder.encode({"timestamp": at, "payload": payload, "actor": actor})
    return StoredCaseEvent(42, case_id or uuid4(), 7, _TOPIC, state)


@given(_json, _text)
def test_a_line_gives_back_the_stored_row_byte_for_byte(payload: Any, actor: str) -> None:
    stored = _stored(payload, actor)

    line = to_json_line(stored)

    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert from_json_line(line) == stored


def test_the_type_is_the_event_class_under_baxt_case() -> None:
    assert event_type(_TOPIC) == "uz.baxt.case.Visited"


def test_the_line_names_the_case_its_version_and_its_place_in_the_log() -> None:
    case_id = UUID("6f1c7a3e-0000-4000-8000-000000000001")

    line = to_json_line(_stored("Кўчат", case_id=case_id)).decode()

    for part in (
        f'"source": "urn:baxt:cases:{case_id}"',
        f'"subject": "{case_id}"',
        '"id": "7"',
        '"sequence": "42"',
        '"time": "2026-03-01T09:30:00.123456Z"',
        '"actor": "aziza"',
        f'"topic": "{_TOPIC}"',
    ):
        assert part in line


@pytest.mark.parametrize(
    ("before", "after", "reason"),
    [
        ('"time": "2026-03-01T09:30:00.123456Z"', '"time": "2026-03-01T09:30:01Z"', "'time'"),
        ('"subject": "', '"subject": "x', "'subject'"),
        ('"type": "uz.baxt.case.Visited"', '"type": "uz.baxt.case.Closed"', "'type'"),
        ('"sequence": "42"', '"sequence": 42', "'sequence'"),
        ('"source": "urn:baxt:cases:', '"source": "urn:other:', "'source'"),
    ],
)
def test_a_line_that_disagrees_with_itself_is_refused(before: str, after: str, reason: str) -> None:
    line = to_json_line(_stored("x")).decode()
    assert before in line

    with pytest.raises(ValueError, match=reason):
        from_json_line(line.replace(before, after, 1).encode())
