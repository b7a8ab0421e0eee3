"""A child's whole story as mutation inputs: the flag, then each step and the status it saves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import child, household
from tests.operations import PLAN, child_input, household_input


def flag_input() -> dict[str, Any]:
    return {
        "child": child_input(child()),
        "household": household_input(household()),
        "source": "COMMUNITY_REPORT",
    }


def story(case_id: str) -> list[tuple[str, dict[str, Any], str]]:
    """The rest of a child's story after the flag: each step, its input, the status it saves."""
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    an_hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    steps: list[tuple[str, dict[str, Any], str]] = [
        ("recordContactAttempt", {"outcome": "REACHED", "visitScheduledAt": soon}, "CONTACTED"),
        (
            "recordVisit",
            {"visitedAt": an_hour_ago, "childSeen": True, "guardianPresent": True},
            "VISITED",
        ),
        (
            "recordConsultation",
            {"needs": [{"domain": "HEALTH", "level": "LOW"}], "plan": PLAN},
            "CONSULTED",
        ),
        (
            "referCase",
            {
                "serviceCategory": "HEALTH",
                "provider": "Polyclinic 12",
                "reason": "check-up",
                "consentGiven": True,
            },
            "REFERRED",
        ),
        ("closeCase", {"reason": "MOVED"}, "CLOSED"),
        ("reopenCase", {"reason": "came back"}, "FLAGGED"),
    ]
    return [(name, {"caseId": case_id, **fields}, status) for name, fields, status in steps]
