"""The five worked cases of the seed brochure (`baxt.devtools.demo`), played through the API
as a caseworker would, and the personal data they carry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from baxt.devtools.demo import Story
from tests.e2e.client import GraphQLClient
from tests.operations import (
    child_input,
    close_case,
    flag_child,
    household_input,
    record_contact_attempt,
)


def personal_data(stories: list[Story]) -> set[str]:
    """Every name, phone number and PINFL of `stories`: what no log line, metric label or
    span attribute may hold. Phones are given as written and as bare digits."""
    found: set[str] = set()
    for story in stories:
        phone = story.household.guardian_phone
        found |= {story.child.full_name, story.child.personal_id, story.household.guardian_name}
        found |= {phone, phone.lstrip("+")}
    return found


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    """The case a mutation's payload answers, once it has no user errors."""
    assert payload["userErrors"] == [], payload["userErrors"]
    case: dict[str, Any] = payload["case"]
    return case


async def play_story(gql: GraphQLClient, story: Story) -> dict[str, Any]:
    """Plays `story` through the API as a caseworker, from the flag to its referrals (and its
    closure); returns the case as the last mutation answered it."""
    now = datetime.now(UTC)
    case = ok(
        await flag_child(
            gql,
            child=child_input(story.child),
            household=household_input(story.household),
            source=story.source.value,
            indicators=list(story.indicators),
            note=story.title,
        )
    )
    assert case["status"] == "FLAGGED"
    case_id = case["id"]
    case = ok(await record_contact_attempt(gql, case_id, outcome="NO_ANSWER"))
    assert (case["status"], case["contactAttempts"]) == ("FLAGGED", 1)
    visit_at = (now - timedelta(hours=2)).isoformat()
    case = ok(
        await gql.mutate(
            "recordContactAttempt",
            caseId=case_id,
            outcome="REACHED",
            visitScheduledAt=visit_at,
            expectedVersion=case["version"],
        )
    )
    assert (case["status"], case["contactAttempts"]) == ("CONTACTED", 2)
    case = ok(
        await gql.mutate(
            "recordVisit",
            caseId=case_id,
            visitedAt=visit_at,
            childSeen=True,
            guardianPresent=True,
            observations=story.observations,
            safetyConcern=False,
        )
    )
    assert (case["status"], case["childSeen"]) == ("VISITED", True)
    case = ok(
        await gql.mutate(
            "recordConsultation",
            caseId=case_id,
            needs=[
                {"domain": n.domain.value, "level": n.level.value, "note": n.note}
                for n in story.needs
            ],
            plan=[
                {
                    "goal": p.goal,
                    "serviceCategory": p.service_category,
                    "dueOn": p.due_on.isoformat(),
                }
                for p in story.plan
            ],
            note="with child and guardian",
        )
    )
    assert case["status"] == "CONSULTED"
    for category, provider, reason in story.referrals:
        case = ok(
            await gql.mutate(
                "referCase",
                caseId=case_id,
                serviceCategory=category,
                provider=provider,
                reason=reason,
                consentGiven=True,
            )
        )
    assert case["status"] == "REFERRED"
    if story.closed:
        case = ok(await close_case(gql, case_id, reason="SERVICES_LINKED"))
    return case
