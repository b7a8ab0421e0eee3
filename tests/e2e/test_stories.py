"""The five worked cases of the seed brochure, played by a caseworker through the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from baxt.devtools.demo import Story, stories
from tests.e2e.client import GraphQLClient
from tests.factories import child

TODAY = date.today()
STORIES = stories(TODAY)


def _child(story: Story) -> dict[str, Any]:
    c = story.child
    return {
        "personalId": c.personal_id,
        "fullName": c.full_name,
        "birthDate": c.birth_date.isoformat(),
        "sex": c.sex.value,
    }


def _household(story: Story) -> dict[str, Any]:
    h = story.household
    return {
        "guardianName": h.guardian_name,
        "guardianPhone": h.guardian_phone,
        "region": h.region,
        "district": h.district,
        "mahalla": h.mahalla,
    }


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    case: dict[str, Any] = payload["case"]
    return case


async def _play(gql: GraphQLClient, story: Story) -> dict[str, Any]:
    now = datetime.now(UTC)
    case = _ok(
        await gql.mutate(
            "flagChild",
            child=_child(story),
            household=_household(story),
            source=story.source.value,
            indicators=list(story.indicators),
            note=story.title,
        )
    )
    assert case["status"] == "FLAGGED"
    case_id = case["id"]
    case = _ok(await gql.mutate("recordContactAttempt", caseId=case_id, outcome="NO_ANSWER"))
    assert (case["status"], case["contactAttempts"]) == ("FLAGGED", 1)
    visit_at = (now - timedelta(hours=2)).isoformat()
    case = _ok(
        await gql.mutate(
            "recordContactAttempt",
            caseId=case_id,
            outcome="REACHED",
            visitScheduledAt=visit_at,
            expectedVersion=case["version"],
        )
    )
    assert (case["status"], case["contactAttempts"]) == ("CONTACTED", 2)
    case = _ok(
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
    case = _ok(
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
        case = _ok(
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
        case = _ok(await gql.mutate("closeCase", caseId=case_id, reason="SERVICES_LINKED"))
    return case


@pytest.mark.parametrize("story", STORIES, ids=[s.title for s in STORIES])
async def test_a_seed_story_runs_from_flag_to_services(gql: GraphQLClient, story: Story) -> None:
    case = await _play(gql, story)

    assert case["status"] == ("CLOSED" if story.closed else "REFERRED")
    assert case["child"]["fullName"] == story.child.full_name
    assert case["child"]["ageYears"] < 18
    assert [r["provider"] for r in case["referrals"]] == [r[1] for r in story.referrals]
    assert {n["domain"] for n in case["needs"]} == {n.domain.value for n in story.needs}
    assert len(case["plan"]) == len(story.plan)
    history = await gql.history(case["id"])
    assert [e["sequence"] for e in history] == list(range(1, case["version"] + 1))
    assert history[0]["type"] == "Flagged"
    assert {e["actor"] for e in history} == {"aziza.caseworker"}
    assert history[0]["data"]["child"]["fullName"] == story.child.full_name


async def test_a_closed_story_can_be_reopened_and_is_flagged_again(gql: GraphQLClient) -> None:
    story = next(s for s in stories(TODAY - timedelta(days=1)) if s.closed)
    reused = Story(**{**vars(story), "child": child(years=6, sex=story.child.sex)})
    closed = await _play(gql, reused)

    reopened = _ok(await gql.mutate("reopenCase", caseId=closed["id"], reason="family moved back"))

    assert reopened["status"] == "FLAGGED"
    assert (reopened["contactAttempts"], reopened["childSeen"]) == (0, False)
    assert reopened["closeReason"] is None
    assert len(reopened["referrals"]) == len(story.referrals)
    history = await gql.history(closed["id"])
    assert history[-1]["type"] == "Reopened"
    assert history[-1]["data"]["reason"] == "family moved back"
