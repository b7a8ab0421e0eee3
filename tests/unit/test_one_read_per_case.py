"""The reads of one request become one access-log row per case."""

from __future__ import annotations

from uuid import uuid4

from baxt.application.audit.access_log import CaseRead, one_read_per_case

A, B = uuid4(), uuid4()


def _read(case_id: object, operation: str, *fields: str) -> CaseRead:
    return CaseRead("aziza", "CASEWORKER", case_id, operation, fields)  # type: ignore[arg-type]


def test_each_case_is_read_once_in_the_order_first_read() -> None:
    reads = [_read(A, "cases", "id"), _read(B, "cases", "id"), _read(A, "cases", "id")] * 30

    assert [r.case_id for r in one_read_per_case(reads)] == [A, B]


def test_a_case_read_through_several_queries_names_each_and_every_field_shown() -> None:
    reads = [
        _read(A, "case", "id", "status"),
        _read(A, "cases", "id", "child.fullName"),
        _read(A, "case", "version"),
    ]

    assert one_read_per_case(reads) == [
        _read(A, "case, cases", "child.fullName", "id", "status", "version")
    ]
