"""The query parameters of GET /hsds/services, checked: HSDS's own names where it has them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from baxt.application.directory import ServiceSearch
from baxt.domain import directory as rules
from baxt.domain.errors import InvalidInput
from baxt.domain.service_categories import ServiceCategory
from baxt.hsds.taxonomy import category_of

DEFAULT_PER_PAGE = 50


class BadQuery(Exception):
    """Raised when a query parameter of the HSDS API is malformed or out of range."""

    code = "BAD_USER_INPUT"


@dataclass(frozen=True)
class ListQuery:
    search: ServiceSearch
    page: int
    per_page: int


def list_query(given: Mapping[str, str], max_per_page: int) -> ListQuery:
    """`page` (from 1), `per_page`, `taxonomy_term_id` (a term ID or category code),
    `organization_id`, and Baxt's own `region` and `age`."""
    page = _whole(given, "page", 1, 1_000_000) or 1
    per_page = _whole(given, "per_page", 1, max_per_page) or min(DEFAULT_PER_PAGE, max_per_page)
    age = _whole(given, "age", 0, rules.OLDEST)
    region, organisation = given.get("region"), given.get("organization_id")
    try:
        search = ServiceSearch(
            category=_category(given.get("taxonomy_term_id")),
            region=None if region is None else rules.region(region, ("region",)),
            age=age,
            organisation_id=None
            if organisation is None
            else rules.entry_id(organisation, ("organization_id",)),
        )
    except InvalidInput as error:
        raise BadQuery(error.message) from None
    return ListQuery(search, page, per_page)


def _whole(given: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    text = given.get(name)
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        raise BadQuery(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadQuery(f"{name} must be between {low} and {high}")
    return value


def _category(term: str | None) -> ServiceCategory | None:
    if term is None:
        return None
    category = category_of(term)
    if category is None:
        raise BadQuery(f"not a taxonomy term of this directory: {term!r}")
    return category
