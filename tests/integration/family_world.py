"""A small world for the families and the registry breakdown: five children flagged on
10 August, four of them worked up to a certified parenting training through SOS; two are
siblings of one household in Tashkent, one is a household of its own in Samarqand, one is
linked to none; the fifth is flagged only, with no registry category."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from uuid import UUID

from baxt.application.cases.application import CaseApplication
from baxt.devtools.demo import ACTOR, Story, play_first_quarter, stories
from baxt.devtools.family import register_family
from baxt.domain.pinfl import make_pinfl
from baxt.domain.values import Child, FlagTags, Household, RegistryCategory, Sex
from tests.clock import Clock
from tests.integration.monitoring_world import FLAGGED, WORKED, World

LINKED = datetime(2026, 8, 15, 5, 0, tzinfo=UTC)
FLAGGED_AGAIN = datetime(2026, 8, 18, 5, 0, tzinfo=UTC)
TRAINED = datetime(2026, 8, 25, 5, 0, tzinfo=UTC)
TOSHKENT, SAMARQAND = "Toshkent shahri", "Samarqand viloyati"
_TOSHKENT_HOME = Household("Park Aziza", "+998901112233", TOSHKENT, "Chilonzor", "Bunyodkor")
_SAMARQAND_HOME = Household("Han Malika", "+998901114455", SAMARQAND, "Urgut", "Navbahor")
_OTHER_HOME = Household("Yoon Shahlo", "+998901116677", TOSHKENT, "Yunusobod", "Minor")
POOR, STATE = RegistryCategory.POOR, RegistryCategory.STATE_SUPPORTED
NEAR = RegistryCategory.NEAR_POVERTY_LINE


@dataclass(frozen=True)
class FamilyChild:
    """A child of this world: name, serial, home, registry category on the first flag."""

    name: str
    serial: int
    home: Household
    category: RegistryCategory | None


SIBLING_1 = FamilyChild("Park Mina", 201, _TOSHKENT_HOME, POOR)
SIBLING_2 = FamilyChild("Park Jun", 202, _TOSHKENT_HOME, POOR)
ALONE = FamilyChild("Yoon Sora", 203, _OTHER_HOME, None)  # flagged again with NEAR_POVERTY_LINE
SAMARQAND_CHILD = FamilyChild("Han Bora", 204, _SAMARQAND_HOME, STATE)
FLAGGED_ONLY = FamilyChild("Seo Lola", 205, _OTHER_HOME, None)
SUPPORTED = (SIBLING_1, SIBLING_2, ALONE, SAMARQAND_CHILD)


def _child(who: FamilyChild) -> Child:
    born = date(2017, 3, who.serial % 28 + 1)
    return Child(make_pinfl(born, Sex.FEMALE, 26, who.serial), who.name, born, Sex.FEMALE)


def _story(who: FamilyChild) -> Story:
    """The 9-year-old's story (its SOS referral) lived by this child at its home."""
    base = next(s for s in stories(FLAGGED.date()) if s.title == "An aggressive 9-year-old")
    return replace(base, title=who.name, child=_child(who), household=who.home, second=None)


def play_families(app: CaseApplication, clock: Clock, url: str) -> World:
    """Plays the world and returns it, its cases by child's name."""
    world = World(url, app, clock, {})
    clock.now = FLAGGED
    for who in (*SUPPORTED, FLAGGED_ONLY):
        story = _story(who)
        world.cases[who.name] = app.flag_child(
            child=story.child,
            household=story.household,
            source=story.source,
            indicators=story.indicators,
            note=story.title,
            actor=ACTOR,
            tags=FlagTags(registry_category=who.category),
        ).case_id
    clock.now = LINKED
    siblings = [world.cases[SIBLING_1.name], world.cases[SIBLING_2.name]]
    register_family(app, _TOSHKENT_HOME, siblings, actor=ACTOR)
    register_family(app, _SAMARQAND_HOME, [world.cases[SAMARQAND_CHILD.name]], actor=ACTOR)
    clock.now = FLAGGED_AGAIN
    story = _story(ALONE)
    app.flag_child(
        child=story.child,
        household=story.household,
        source=story.source,
        indicators=("MISSED_CHECKUP",),
        note="flagged again",
        actor=ACTOR,
        tags=FlagTags(registry_category=NEAR),
    )
    clock.now = WORKED
    for who in SUPPORTED:
        play_first_quarter(app, _story(who), world.cases[who.name], WORKED)
    clock.now = TRAINED
    for who in SUPPORTED:
        world.partner_trains_the_parents(who.name)
    return world


def case_ids(world: World, *children: FamilyChild) -> set[UUID]:
    return {world.cases[who.name] for who in children}
