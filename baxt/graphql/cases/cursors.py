"""The cases list's cursors: `time|id` in the default order, as before there were others,
and `ORDER|key|id` in each other order, so that a cursor is never read in another order."""

from __future__ import annotations

import datetime as dt
import uuid

from baxt.application.cases.listing import NO_DUE_DATE, CaseOrder, Keyset, order_key
from baxt.application.cases.rows import CaseSummary
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.pagination import (
    cursor_parts,
    cursor_time_and_id,
    encode_cursor,
    not_a_cursor,
)


def case_cursor(row: CaseSummary, order: CaseOrder) -> str:
    """`time|id` in the default order, as before there were others; `ORDER|key|id` in each
    other order, so that a cursor is never read in an order that did not make it."""
    if order is CaseOrder.RECENTLY_UPDATED:
        return encode_cursor(order_key(order, row), str(row.case_id))
    return encode_cursor(order.value, order_key(order, row), str(row.case_id))


def case_keyset(cursor: str, order: CaseOrder) -> Keyset:
    """The place a cursor of the cases list names in `order`; BadRequest for a cursor not made
    by this list, or made by it in another order."""
    parts = cursor_parts(cursor)
    if order is CaseOrder.RECENTLY_UPDATED:
        if len(parts) != 2:
            raise _other_order(order)
        return Keyset(*cursor_time_and_id(cursor))
    if len(parts) != 3 or parts[0] != order.value:
        raise _other_order(order)
    return _keyed(order, parts[1], parts[2], cursor)


def _keyed(order: CaseOrder, key: str, identifier: str, cursor: str) -> Keyset:
    try:
        case_id = uuid.UUID(identifier)
        if order is CaseOrder.DUE_DATE:
            return Keyset(key if key == NO_DUE_DATE else dt.date.fromisoformat(key), case_id)
        moment = dt.datetime.fromisoformat(key)
    except ValueError:
        raise not_a_cursor(cursor) from None
    if moment.tzinfo is None:
        raise not_a_cursor(cursor)
    return Keyset(moment, case_id)


def _other_order(order: CaseOrder) -> BadRequest:
    return BadRequest(f"this cursor was not made by the cases list in the order {order.value}")
