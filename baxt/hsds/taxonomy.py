"""Baxt's service categories as an HSDS taxonomy, with stable term IDs."""

from __future__ import annotations

from typing import Any
from uuid import uuid5

from baxt.application.directory.seed_data import DIRECTORY_NAMESPACE
from baxt.domain.service_categories import CATEGORY_NAMES, ServiceCategory

TAXONOMY_ID = str(uuid5(DIRECTORY_NAMESPACE, "taxonomy/baxt-service-categories"))
TAXONOMY_NAME = "Baxt service categories"


def term_id(category: ServiceCategory) -> str:
    return str(uuid5(DIRECTORY_NAMESPACE, f"taxonomy_term/{category.value}"))


CATEGORY_BY_TERM = {term_id(c): c for c in ServiceCategory}


def category_of(term: str) -> ServiceCategory | None:
    """The category a taxonomy term ID or a category code names; None when neither."""
    cleaned = term.strip()
    if cleaned.upper() in ServiceCategory.__members__:
        return ServiceCategory[cleaned.upper()]
    return CATEGORY_BY_TERM.get(cleaned.lower())


def taxonomy_term(category: ServiceCategory) -> dict[str, Any]:
    return {
        "id": term_id(category),
        "code": category.value,
        "name": CATEGORY_NAMES[category],
        "description": CATEGORY_NAMES[category],
        "parent_id": None,
        "taxonomy": TAXONOMY_NAME,
        "language": "en",
        "taxonomy_id": TAXONOMY_ID,
        "term_uri": None,
    }
