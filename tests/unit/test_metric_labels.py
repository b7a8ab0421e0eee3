"""Metric labels come from fixed sets: what a client typed never becomes a label."""

from __future__ import annotations

import uuid

import pytest

from baxt.graphql.schema import schema
from baxt.http.metric_labels import (
    OperationLabels,
    code_label,
    method_label,
    root_fields,
    route_label,
)
from baxt.http.observing import request_id

LABELS = OperationLabels(root_fields(schema._schema))


@pytest.mark.parametrize("name", ["FlagChild", "flagChild", "cases", "__schema"])
def test_an_operation_named_after_a_root_field_keeps_its_name(name: str) -> None:
    assert LABELS.operation(name) == name


@pytest.mark.parametrize(
    "name", ["ShinxyeKim", "Shinxye Kim", "12345678901234", "FlagChild" + "x" * 100, ""]
)
def test_any_other_operation_name_is_other(name: str) -> None:
    assert LABELS.operation(name) == "other"


def test_an_unnamed_operation_is_anonymous() -> None:
    assert LABELS.operation(None) == "anonymous"


def test_a_manifest_name_is_known_when_given() -> None:
    assert OperationLabels(frozenset(), also_known=["WorklistPage"]).operation("WorklistPage") == (
        "WorklistPage"
    )


def test_a_root_field_label_is_a_schema_field_or_other() -> None:
    assert (LABELS.root_field("flagChild"), LABELS.root_field("ShinxyeKim")) == (
        "flagChild",
        "other",
    )
    assert LABELS.root_field(None) == "none"


@pytest.mark.parametrize(
    ("code", "label"),
    [("INVALID_PINFL", "INVALID_PINFL"), ("Shinxye Kim", "other"), (None, "other"), (42, "other")],
)
def test_error_codes_are_upper_case_constants_or_other(code: object, label: str) -> None:
    assert code_label(code) == label


def test_routes_and_methods_are_bounded() -> None:
    assert [route_label(p) for p in ("/graphql", "/hsds/services", "/Shinxye", "/metrics")] == [
        "/graphql",
        "/hsds",
        "other",
        "/metrics",
    ]
    assert (method_label("POST"), method_label("BREW")) == ("POST", "other")


@pytest.mark.parametrize("given", ["req-42", "0f8fad5b-d9cb-469f-a165-70867728950e", "a.b:c_d"])
def test_a_sane_request_id_is_kept(given: str) -> None:
    assert request_id(given) == given


@pytest.mark.parametrize("given", [None, "", "12345678901234", "+998901110101", "a b", "x" * 129])
def test_any_other_request_id_is_replaced_by_a_fresh_uuid(given: str | None) -> None:
    assert uuid.UUID(request_id(given)).version == 4
