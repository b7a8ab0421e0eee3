"""A child's case: the aggregate, its events and its rules.

Stored events name their classes `baxt.domain.case:Case.<Event>`; each event's explicit
topic keeps that name wherever the class lives.
"""

from __future__ import annotations

from baxt.domain.case import events
from baxt.domain.case.aggregate import Case
from baxt.domain.case.rules import FlagOutcome

__all__ = ["Case", "FlagOutcome", "events"]
