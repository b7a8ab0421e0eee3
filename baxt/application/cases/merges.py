"""Where a new flag of a child lands once their case was merged away: on the kept case.

A child's case ID is derived from the PINFL, so a flag by the PINFL of a merged duplicate
finds the duplicate first; the flag belongs to the case that carries on for the child.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from baxt.domain.case import Case

CaseLoader = Callable[[UUID], Case]
"""Loads a case from the event store by its ID."""


def kept_case(case: Case, load: CaseLoader) -> Case:
    """The case that carries on for this case's child: the case itself, or the kept case it
    was merged into, followed on when that one was merged into another in turn."""
    seen = {case.id}
    while case.merged_into is not None and case.merged_into not in seen:
        case = load(case.merged_into)
        seen.add(case.id)
    return case
