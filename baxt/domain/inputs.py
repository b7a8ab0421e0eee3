from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from baxt.domain import validation as check
from baxt.domain.errors import InvalidInput
from baxt.domain.pinfl import validate_pinfl
from baxt.domain.quarter import local_date
from baxt.domain.values import (
    Child,
    ContactOutcome,
    FlagSource,
    FlagTags,
    Household,
    MahallaRole,
    Need,
    NeedDomain,
    PlanItem,
    RegistryCategory,
)


def checked_personal_id(child: Child, verify_check_digit: bool) -> str:
    """The child's PINFL, checked against their birth date and sex, as their case keeps it."""
    return validate_pinfl(
        child.personal_id.strip(),
        child.birth_date,
        child.sex,
        verify_check_digit=verify_check_digit,
    )


def checked_child(child: Child, now: datetime, verify_check_digit: bool) -> Child:
    check.require_under_18(child.birth_date, local_date(now))
    return Child(
        personal_id=checked_personal_id(child, verify_check_digit),
        full_name=check.name(child.full_name, ("child", "full_name")),
        birth_date=child.birth_date,
        sex=child.sex,
    )


def checked_household(household: Household) -> Household:
    return Household(
        guardian_name=check.name(household.guardian_name, ("household", "guardian_name")),
        guardian_phone=check.phone(household.guardian_phone, ("household", "guardian_phone")),
        region=check.name(household.region, ("household", "region")),
        district=check.name(household.district, ("household", "district")),
        mahalla=check.name(household.mahalla, ("household", "mahalla")),
    )


def checked_tags(
    source: FlagSource | None, tags: FlagTags
) -> dict[str, RegistryCategory | MahallaRole | None]:
    """A flag's tags as its event's attributes; only a mahalla team's flag names a role."""
    if tags.mahalla_role is not None and source is not FlagSource.MAHALLA_TEAM:
        raise InvalidInput("only a mahalla team's flag names the member's role", ("mahalla_role",))
    return {"registry_category": tags.registry_category, "mahalla_role": tags.mahalla_role}


def checked_needs(needs: Sequence[Need]) -> tuple[Need, ...]:
    by_domain: dict[NeedDomain, Need] = {}
    for index, need in enumerate(needs):
        if need.domain in by_domain:
            raise InvalidInput(
                f"the need {need.domain.value} is given twice; give one per domain",
                ("needs", str(index), "domain"),
            )
        note = check.note(need.note, ("needs", str(index), "note"))
        by_domain[need.domain] = Need(domain=need.domain, level=need.level, note=note)
    return tuple(by_domain.values())


def checked_plan_item(item: PlanItem, index: int) -> PlanItem:
    field = ("plan", str(index))
    return PlanItem(
        goal=check.note(item.goal, (*field, "goal"), required=True),
        service_category=check.text(item.service_category, (*field, "service_category")),
        due_on=check.day_between(item.due_on, (*field, "due_on")),
    )


def check_visit_time(
    outcome: ContactOutcome,
    visit_scheduled_at: datetime | None,
    now: datetime | None,
    *,
    required: bool,
) -> None:
    """A call agrees a visit time only when it reaches the family, and must when `required`;
    the time lies from 2000 to a year after `now` (to 2100 when no `now` is given)."""
    reached = outcome is ContactOutcome.REACHED
    if reached and required and visit_scheduled_at is None:
        raise InvalidInput(
            "a call that reached the family must agree a visit time", ("visit_scheduled_at",)
        )
    if visit_scheduled_at is None:
        return
    latest = now + check.SCHEDULE_AHEAD if now is not None else check.LATEST
    check.moment_between(visit_scheduled_at, ("visit_scheduled_at",), latest=latest)
    if not reached:
        raise InvalidInput(
            "a visit time is agreed only when the family is reached", ("visit_scheduled_at",)
        )
