"""The five worked cases of the seed brochure, played by a caseworker through the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from baxt.devtools.demo import Story, stories
from tests.e2e.client import GraphQLClient
from tests.e2e.seed_stories import ok, play_story
from tests.factories import child
from tests.operations import reopen_case

TODAY = date.today()
STORIES = stories(TODAY)


@pytest.mark.parametrize("story", STORIES, ids=[s.title for s in STORIES])
async def test_a_seed_story_runs_from_flag_to_services(gql: GraphQLClient, story: Story) -> None:
    case = await play_story(gql, story)

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
    closed = await play_story(gql, reused)

    reopened = ok(await reopen_case(gql, closed["id"], reason="family moved back"))

    assert reopened["status"] == "FLAGGED"
    assert (reopened["contactAttempts"], reopened["childSeen"]) == (0, False)
    assert reopened["closeReason"] is None
    assert len(reopened["referrals"]) == len(story.referrals)
    history = await gql.history(closed["id"])
    assert history[-1]["type"] == "Reopened"
    assert history[-1]["data"]["reason"] == "family moved back"
