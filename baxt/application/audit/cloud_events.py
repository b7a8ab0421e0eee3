"""A stored case event as a CloudEvent 1.0 in JSON, and back, byte for byte.

`source` names Baxt's case log and the case (`urn:baxt:cases:<case UUID>`) and `id` is the
case version. Versions count each case's events from 1 and the event store refuses a second
event with the same case and version, so `source` + `id` is unique across the whole history,
as CloudEvents requires, and it stays the same in every export of the same event.

`data` is the event's stored state parsed as JSON, so it reads as the library stored it (with
its `_type_`/`_data_` markers). The library writes that state with `separators=(",", ":")`
and `ensure_ascii=False`, and Python's JSON keeps key order and reads back every number it
wrote exactly, so `encode_state` gives back the very bytes that were stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from cloudevents.core.exceptions import BaseCloudEventException
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

SOURCE_PREFIX = "urn:baxt:cases:"
TYPE_PREFIX = "uz.baxt.case."
DATA_CONTENT_TYPE = "application/json"
_FORMAT = JSONFormat()
_STATE_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class StoredCaseEvent:
    """One row of the case event store, as the library stored it."""

    notification_id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


def case_source(case_id: UUID) -> str:
    return f"{SOURCE_PREFIX}{case_id}"


def event_type(topic: str) -> str:
    """`baxt.domain.case:Case.Visited` is `uz.baxt.case.Visited`."""
    return TYPE_PREFIX + topic.rpartition(".")[2]


def encode_state(data: dict[str, Any]) -> bytes:
    """The bytes the library's JSON transcoder stores for `data`."""
    return _STATE_ENCODER.encode(data).encode("utf-8")


def event_timestamp(data: dict[str, Any]) -> datetime:
    """The event's own time: the library stores it as `{"_type_": "datetime_iso", ...}`."""
    stamp = data["timestamp"]
    if not isinstance(stamp, dict) or stamp.get("_type_") != "datetime_iso":
        raise ValueError("the event's timestamp is not a stored datetime")
    return datetime.fromisoformat(stamp["_data_"])


def to_cloud_event(stored: StoredCaseEvent) -> CloudEvent:
    data: dict[str, Any] = json.loads(stored.state)
    attributes: dict[str, Any] = {
        "specversion": "1.0",
        "id": str(stored.originator_version),
        "source": case_source(stored.originator_id),
        "type": event_type(stored.topic),
        "subject": str(stored.originator_id),
        "time": event_timestamp(data),
        "datacontenttype": DATA_CONTENT_TYPE,
        "sequence": str(stored.notification_id),
        "topic": stored.topic,
    }
    if isinstance(data.get("actor"), str):
        attributes["actor"] = data["actor"]
    return CloudEvent(attributes, data)


def to_json_line(stored: StoredCaseEvent) -> bytes:
    """The event as one line of JSON Lines (JSON escapes every newline inside it)."""
    return _FORMAT.write(to_cloud_event(stored)) + b"\n"


def from_json_line(line: bytes) -> StoredCaseEvent:
    """The stored event a line describes; `ValueError` says what is wrong with the line."""
    try:
        event = _FORMAT.read(CloudEvent, line)
    except (ValueError, TypeError, AttributeError, BaseCloudEventException) as error:
        raise ValueError(f"not a CloudEvent 1.0 in JSON: {_first_line(error)}") from None
    return _stored(event.get_attributes(), event.get_data())


def _stored(attributes: dict[str, Any], data: object) -> StoredCaseEvent:
    case_id = _case_id(attributes)
    topic = attributes.get("topic")
    if not isinstance(topic, str) or ":" not in topic:
        raise ValueError("the 'topic' attribute must name the library topic of the event")
    if attributes["type"] != event_type(topic):
        raise ValueError(f"'type' must be {event_type(topic)!r} for the topic {topic!r}")
    if attributes.get("datacontenttype") != DATA_CONTENT_TYPE:
        raise ValueError(f"'datacontenttype' must be {DATA_CONTENT_TYPE!r}")
    if not isinstance(data, dict):
        raise ValueError("'data' must be the event's state, a JSON object")
    try:
        at = event_timestamp(data)
    except (KeyError, TypeError, ValueError):
        raise ValueError("'data' has no valid timestamp") from None
    if attributes.get("time") != at:
        raise ValueError("'time' differs from the timestamp in 'data'")
    return StoredCaseEvent(
        notification_id=_counter(attributes, "sequence"),
        originator_id=case_id,
        originator_version=_counter(attributes, "id"),
        topic=topic,
        state=encode_state(data),
    )


def _case_id(attributes: dict[str, Any]) -> UUID:
    source = attributes["source"]
    if not source.startswith(SOURCE_PREFIX):
        raise ValueError(f"'source' must start with {SOURCE_PREFIX!r}")
    try:
        case_id = UUID(source.removeprefix(SOURCE_PREFIX))
    except ValueError:
        raise ValueError("'source' must end with the case UUID") from None
    if attributes.get("subject") != str(case_id):
        raise ValueError("'subject' must be the case UUID of 'source'")
    return case_id


def _counter(attributes: dict[str, Any], name: str) -> int:
    text = attributes.get(name)
    if not isinstance(text, str) or not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name!r} must be a whole number from 1, written as a string")
    return int(text)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
