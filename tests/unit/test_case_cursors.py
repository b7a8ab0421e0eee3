"""A cursor of the cases list pages on only in the order that made it; one of another order,
or with a key that order could not have made, is BAD_USER_INPUT before any query runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from baxt.application.cases.listing import CaseOrder, Keyset
from baxt.application.cases.rows import CaseSummary, case_summary_of
from baxt.graphql.cases.cursors import case_cursor, case_keyset
from baxt.graphql.core.errors import BadRequest
from baxt.graphql.core.pagination import encode_cursor
from tests.unit.helpers import flagged_case

ID = UUID("0cdfdb6a-7c77-5ef1-b5e2-444ae6585a4c")
AT = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)


def _row() -> CaseSummary:
    return replace(case_summary_of(flagged_case()), case_id=ID, updated_at=AT, flagged_at=AT)


@pytest.mark.parametrize("order", list(CaseOrder))
def test_a_cursor_reads_back_in_the_order_that_made_it(order: CaseOrder) -> None:
    row = replace(_row(), visit_due_on=date(2026, 6, 30))
    expected = date(2026, 6, 30) if order is CaseOrder.DUE_DATE else AT
    assert case_keyset(case_cursor(row, order), order) == Keyset(expected, ID)


def test_a_case_with_no_planned_visit_pages_on_after_every_due_date() -> None:
    cursor = case_cursor(_row(), CaseOrder.DUE_DATE)
    assert case_keyset(cursor, CaseOrder.DUE_DATE) == Keyset("infinity", ID)


def test_the_default_orders_cursor_is_the_time_and_id_it_always_was() -> None:
    assert case_cursor(_row(), CaseOrder.RECENTLY_UPDATED) == encode_cursor(AT.isoformat(), str(ID))


@pytest.mark.parametrize(
    ("made_in", "read_in"),
    [(made, read) for made in CaseOrder for read in CaseOrder if made is not read],
)
def test_a_cursor_of_one_order_is_refused_in_another(
    made_in: CaseOrder, read_in: CaseOrder
) -> None:
    with pytest.raises(BadRequest, match="order"):
        case_keyset(case_cursor(_row(), made_in), read_in)


@pytest.mark.parametrize(
    ("order", "key"),
    [
        (CaseOrder.DUE_DATE, "tomorrow"),
        (CaseOrder.DUE_DATE, AT.isoformat()),
        (CaseOrder.FLAGGED_DATE, "2026-05-10T09:00:00"),
        (CaseOrder.FLAGGED_DATE, "infinity"),
    ],
)
def test_a_key_its_order_could_not_have_made_is_refused(order: CaseOrder, key: str) -> None:
    with pytest.raises(BadRequest, match="not a cursor"):
        case_keyset(encode_cursor(order.value, key, str(ID)), order)


def test_a_cursor_with_no_case_id_is_refused() -> None:
    with pytest.raises(BadRequest, match="not a cursor"):
        case_keyset(encode_cursor("FLAGGED_DATE", AT.isoformat(), "nobody"), CaseOrder.FLAGGED_DATE)
