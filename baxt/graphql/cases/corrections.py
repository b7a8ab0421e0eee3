"""Corrections of a case's data: the child's name, birth date and sex, and the household's
guardian, phone and mahalla, each with a reason, in any status of a case not erased."""

from __future__ import annotations

import datetime as dt

import strawberry

import baxt.graphql.cases.enums  # noqa: F401 - registers the domain enums with Strawberry
from baxt.domain import values
from baxt.graphql.cases import payloads as p
from baxt.graphql.cases.mutations import CHANGE, change
from baxt.graphql.core.context import Info


@strawberry.input(
    description="What to correct about the child: only the fields given change. The PINFL"
    " is the child's identity and is never corrected; a birth date or sex must agree with it."
)
class CorrectChildInput:
    case_id: strawberry.ID
    reason: str = strawberry.field(description="Why the data was wrong; required.")
    full_name: str | None = None
    birth_date: dt.date | None = None
    sex: values.Sex | None = None
    expected_version: int | None = None


@strawberry.input(
    description="What to correct about the household: only the fields given change. The"
    " mahalla is the family's address inside the case's district; another district is a"
    " transfer."
)
class CorrectHouseholdInput:
    case_id: strawberry.ID
    reason: str = strawberry.field(description="Why the data was wrong; required.")
    guardian_name: str | None = None
    guardian_phone: str | None = strawberry.field(
        default=None, description="International form, e.g. +998901234567."
    )
    mahalla: str | None = None
    expected_version: int | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Corrects the child's name, birth date or sex, with a reason; in any status"
        " but on an erased case.",
        permission_classes=CHANGE,
    )
    async def correct_child(self, info: Info, input: CorrectChildInput) -> p.CorrectChildPayload:
        actor = info.context.actor
        return await change(
            info,
            p.CorrectChildPayload,
            input.case_id,
            lambda case: case.correct_child(
                reason=input.reason,
                actor=actor,
                full_name=input.full_name,
                birth_date=input.birth_date,
                sex=input.sex,
            ),
            input.expected_version,
        )

    @strawberry.mutation(
        description="Corrects the guardian's name or phone, or the mahalla, with a reason; in"
        " any status but on an erased case.",
        permission_classes=CHANGE,
    )
    async def correct_household(
        self, info: Info, input: CorrectHouseholdInput
    ) -> p.CorrectHouseholdPayload:
        actor = info.context.actor
        return await change(
            info,
            p.CorrectHouseholdPayload,
            input.case_id,
            lambda case: case.correct_household(
                reason=input.reason,
                actor=actor,
                guardian_name=input.guardian_name,
                guardian_phone=input.guardian_phone,
                mahalla=input.mahalla,
            ),
            input.expected_version,
        )
