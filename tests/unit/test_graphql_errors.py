from __future__ import annotations

from typing import Any

import pytest
import strawberry

from baxt.application.access.principal import Unauthenticated
from baxt.domain.errors import ConsentRequired
from baxt.graphql.core.errors import BadRequest, ErrorCodes, camel_keys, to_field_path


@pytest.mark.parametrize(
    ("field", "path"),
    [
        (("child", "personal_id"), ["input", "child", "personalId"]),
        (("visit_scheduled_at",), ["input", "visitScheduledAt"]),
        (("needs", "0", "domain"), ["input", "needs", "0", "domain"]),
        ((), ["input"]),
    ],
)
def test_a_domain_field_is_named_as_the_client_sent_it(
    field: tuple[str, ...], path: list[str]
) -> None:
    assert to_field_path(field) == path


def test_keys_are_camel_cased_at_every_depth_and_values_are_left_alone() -> None:
    data = {
        "visit": {"visited_at": "2026-05-10", "child_seen": True},
        "needs": [{"need_domain": "HEALTH", "note": "as_is"}],
    }

    assert camel_keys(data) == {
        "visit": {"visitedAt": "2026-05-10", "childSeen": True},
        "needs": [{"needDomain": "HEALTH", "note": "as_is"}],
    }


def _refused() -> int:
    raise ConsentRequired("a referral needs the guardian's consent", ("consent_given",))


def _broken() -> int:
    raise RuntimeError("relation case_summary: SELECT pinfl FROM secrets")


def _too_big() -> int:
    raise BadRequest("first and last must be between 0 and 100")


def _anonymous() -> int:
    raise Unauthenticated("no bearer token")


@strawberry.type
class _Query:
    refused: int = strawberry.field(resolver=_refused)
    broken: int = strawberry.field(resolver=_broken)
    too_big: int = strawberry.field(resolver=_too_big)
    anonymous: int = strawberry.field(resolver=_anonymous)


_SCHEMA = strawberry.Schema(query=_Query, extensions=[ErrorCodes])


def _only_error(query: str) -> tuple[str, dict[str, Any] | None]:
    result = _SCHEMA.execute_sync(query)
    assert result.errors is not None
    assert len(result.errors) == 1
    return result.errors[0].message, result.errors[0].extensions


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("{ refused }", "CONSENT_REQUIRED", "a referral needs the guardian's consent"),
        ("{ tooBig }", "BAD_USER_INPUT", "first and last must be between 0 and 100"),
        ("{ anonymous }", "UNAUTHENTICATED", "no bearer token"),
    ],
)
def test_an_expected_error_reaches_the_client_with_its_message_and_stable_code(
    query: str, code: str, message: str
) -> None:
    assert _only_error(query) == (message, {"code": code})


def test_an_unexpected_error_is_masked_so_its_text_never_reaches_the_client() -> None:
    message, extensions = _only_error("{ broken }")

    assert message == "Unexpected error."
    assert extensions == {"code": "INTERNAL_SERVER_ERROR"}


def test_a_query_that_does_not_parse_is_coded_as_a_parse_failure() -> None:
    assert _only_error("{ refused")[1] == {"code": "GRAPHQL_PARSE_FAILED"}


def test_a_query_for_an_unknown_field_is_coded_as_a_validation_failure() -> None:
    assert _only_error("{ nothingHere }")[1] == {"code": "GRAPHQL_VALIDATION_FAILED"}
