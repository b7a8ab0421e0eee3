"""Replaying a case as of any version or moment gives what a hand-kept model of it says."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baxt.application.audit.as_of import case_as_of, case_summary_as_of
from baxt.application.audit.changes import case_changes
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.rows import CaseRow, CaseSummary
from baxt.application.plain import plain
from baxt.domain.case import Case
from baxt.domain.errors import CaseNotFound
from baxt.domain.quarter import Quarter, local_date
from baxt.domain.values import (
    CaseStatus,
    CloseReason,
    ContactOutcome,
    EscalationLevel,
    FlagReason,
    FlagSource,
    Goal,
    GoalChange,
    GoalNote,
    GoalStatus,
    Need,
    NeedDomain,
    NeedLevel,
    OverdueLevel,
    PlanItem,
    Referral,
    Visit,
)
from baxt.domain.work_plan import goal_id, goals_of_plan
from tests.clock import Clock, events_stamped_by

from .helpers import ACTOR, CASE_KEY, a_child, a_household, flag_child

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
INDICATORS = ("NO_BIRTH_REGISTRATION", "SCHOOL_ABSENCE", "WATER_CUTOFF", "GAS_CUTOFF")
CASEWORKERS = ("aziza.caseworker", "bobur.caseworker", "dilnoza.caseworker")
SUPERVISOR_AFTER_DAYS = 14
OPEN = frozenset(CaseStatus) - {CaseStatus.CLOSED}

Model = dict[str, Any]
Step = Callable[[st.DataObject], None]


class Story:
    """Runs commands on a case, and keeps by hand what the case holds after each version."""

    def __init__(self, app: CaseApplication, clock: Clock) -> None:
        self.app = app
        self.clock = clock
        self.case_id = uuid4()
        self.row: Model = {}
        self.episode: Model = {}
        self.versions: list[Model] = []
        self.moments: list[tuple[datetime, int]] = []

    @property
    def status(self) -> CaseStatus:
        status: CaseStatus = self.row["status"]
        return status

    def steps(self) -> list[Step]:
        steps: list[Step] = [self.flag_in_round, self.reflag]
        if self.status in OPEN:
            steps += [self.assign, self.plan_visit, self.remind_overdue, self.close]
        # Calls and visits come up more often, so that misses pile up into escalations.
        if self.status in (CaseStatus.FLAGGED, CaseStatus.CONTACTED):
            steps += [self.contact] * 3
        if self.status in (CaseStatus.FLAGGED, CaseStatus.CONTACTED, CaseStatus.VISITED):
            steps += [self.visit] * 2
        # Follow-ups: a call once the family is reached, a visit after the consultation.
        if self.status in (CaseStatus.VISITED, CaseStatus.CONSULTED, CaseStatus.REFERRED):
            steps.append(self.contact)
        if self.status in (CaseStatus.CONSULTED, CaseStatus.REFERRED):
            steps.append(self.visit)
        if self.status is CaseStatus.VISITED and self.row["child_seen"]:
            steps.append(self.consult)
        if self.status in (CaseStatus.CONSULTED, CaseStatus.REFERRED):
            steps += [self.refer, self.revise]
        if self.status is CaseStatus.CLOSED:
            steps.append(self.reopen)
        return steps

    def _event(self, **changes: Any) -> None:
        self.row |= changes
        self.row["version"] += 1
        self.row["updated_at"] = self.clock.now
        self.versions.append(dict(self.row))

    def _new_episode(self) -> None:
        self.row |= {
            "status": CaseStatus.FLAGGED,
            "quarter": str(Quarter.containing(self.clock.now)),
            "contact_attempts": 0,
            "visit_scheduled_at": None,
            "child_seen": False,
            "close_reason": None,
            "escalation": None,
            "follow_ups": 0,
            "last_follow_up_at": None,
        }
        self.episode |= {"failed_contacts": 0, "unseen_visits": 0}

    def _followed_up(self, at: datetime) -> Model:
        last = self.row["last_follow_up_at"]
        return {
            "follow_ups": self.row["follow_ups"] + 1,
            "last_follow_up_at": at if last is None else max(last, at),
        }

    def _merged(self, indicators: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.row["indicators"], *indicators)))

    def _case(self) -> Case:
        case: object = self.app.repository.get(self.case_id)
        assert isinstance(case, Case)
        return case

    def flag(self, data: st.DataObject) -> None:
        child, household = a_child(), a_household()
        source = data.draw(st.sampled_from(FlagSource))
        indicators = tuple(data.draw(st.lists(st.sampled_from(INDICATORS), unique=True)))
        self.case_id = self.app.flag_child(
            child=child,
            household=household,
            source=source,
            indicators=indicators,
            note="",
            actor=ACTOR,
        ).case_id
        now = self.clock.now
        self.row = {"case_id": self.case_id, "version": 0, "flagged_at": now}
        self.row |= {"source": source, "indicators": indicators, "child": child}
        self.row |= {"household": household, "caseworker": None, "visit_due_on": None}
        self.row |= {"visits": (), "needs": (), "plan": (), "referrals": (), "flag_reason": None}
        self.row["goals"] = ()
        self.episode = {"rounds": set(), "planned": [], "seen_quarters": set(), "reminders": set()}
        self._new_episode()
        self._event()

    def reflag(self, data: st.DataObject) -> None:
        source = data.draw(st.sampled_from(FlagSource))
        indicators = tuple(data.draw(st.lists(st.sampled_from(INDICATORS), unique=True)))
        self.app.flag_child(
            child=self.row["child"],
            household=self.row["household"],
            source=source,
            indicators=indicators,
            note="again",
            actor=ACTOR,
        )
        if self.status in OPEN:
            self._event(indicators=self._merged(indicators))
        else:
            self._new_episode()
            self._event(source=source, indicators=self._merged(indicators))

    def flag_in_round(self, data: st.DataObject) -> None:
        round = data.draw(st.sampled_from(("2026-Q1", "2026-Q2", "AGE3_SURVEY:2026")))
        picked = tuple(data.draw(st.lists(st.sampled_from(INDICATORS), min_size=3, unique=True)))
        reason = FlagReason("ANY_3_OF_44@1", float(len(picked)), picked)
        source = data.draw(st.sampled_from(FlagSource))
        case = self._case()
        case.flag_in_round(round=round, source=source, reason=reason, actor=ACTOR, now=self.clock())
        self.app.save(case)
        if round in self.episode["rounds"]:
            return
        self.episode["rounds"].add(round)
        changes = {"indicators": self._merged(picked), "flag_reason": reason}
        if self.status is CaseStatus.CLOSED:
            self._new_episode()
            changes["source"] = source
        self._event(**changes)

    def contact(self, data: st.DataObject) -> None:
        reached = data.draw(st.booleans())
        follow_up = self.status not in (CaseStatus.FLAGGED, CaseStatus.CONTACTED)
        outcome = ContactOutcome.REACHED if reached else ContactOutcome.NO_ANSWER
        agrees = reached and (not follow_up or data.draw(st.booleans()))
        scheduled = self.clock.now + timedelta(days=2) if agrees else None
        self.app.change_case(
            self.case_id,
            lambda case: case.record_contact_attempt(
                outcome=outcome,
                visit_scheduled_at=scheduled,
                note="",
                actor=ACTOR,
                now=self.app.now(),
            ),
        )
        self.episode["failed_contacts"] += 0 if reached else 1
        changes: Model = {"contact_attempts": self.row["contact_attempts"] + 1}
        if follow_up:
            changes |= self._followed_up(self.clock.now)
        if reached and not follow_up:
            changes["status"] = CaseStatus.CONTACTED
        if scheduled is not None:
            changes["visit_scheduled_at"] = scheduled
        self._event(**changes)
        if self.status is CaseStatus.FLAGGED and self.episode["failed_contacts"] == 3:
            self._event(escalation=EscalationLevel.SUPERVISOR)

    def visit(self, data: st.DataObject) -> None:
        seen = data.draw(st.booleans())
        when = self.clock.now - timedelta(hours=data.draw(st.integers(0, 48)))
        visit = Visit(when, seen, True, "At home.", False)
        self.app.change_case(
            self.case_id,
            lambda case: case.record_visit(visit=visit, actor=ACTOR, now=self.app.now()),
        )
        if seen:
            self.episode["seen_quarters"].add(str(Quarter.containing(when)))
        self.episode["unseen_visits"] += 0 if seen else 1
        child_seen = self.row["child_seen"] or seen
        visits = (*self.row["visits"], visit)
        follow_up = self.status in (CaseStatus.CONSULTED, CaseStatus.REFERRED)
        changes: Model = {"visits": visits, "child_seen": child_seen}
        changes |= self._followed_up(when) if follow_up else {"status": CaseStatus.VISITED}
        self._event(**changes)
        if not child_seen and self.episode["unseen_visits"] == 3:
            self._event(escalation=EscalationLevel.POLICE_ASSISTANCE)

    def consult(self, data: st.DataObject) -> None:
        level = data.draw(st.sampled_from(NeedLevel))
        needs = (Need(NeedDomain.HEALTH, level, "checkups missed"),)
        plan = (PlanItem("Checkups", "HEALTH_CLINIC", local_date(self.clock.now) + timedelta(30)),)
        self.app.change_case(
            self.case_id,
            lambda case: case.record_consultation(needs=needs, plan=plan, note="", actor=ACTOR),
        )
        goals = goals_of_plan(self.case_id, plan)
        self._event(status=CaseStatus.CONSULTED, needs=needs, plan=plan, goals=goals)

    def revise(self, data: st.DataObject) -> None:
        """Adds a goal, or marks the first one achieved with a note: the plan as of then."""
        goals: tuple[Goal, ...] = self.row["goals"]
        if not goals or data.draw(st.booleans(), label="add a goal"):
            item = PlanItem("Speech sessions", "SPEECH_THERAPY", date(2026, 6, 30))
            self.app.change_case(
                self.case_id,
                lambda case: case.revise_work_plan(reason="review", actor=ACTOR, add=[item]),
            )
            added = Goal(goal_id(self.case_id, len(goals) + 1), *vars(item).values())
            self._event(goals=(*goals, added))
            return
        change = GoalChange(goals[0].id, status=GoalStatus.ACHIEVED, note="attends")
        self.app.change_case(
            self.case_id,
            lambda case: case.revise_work_plan(reason="review", actor=ACTOR, change=[change]),
        )
        note = GoalNote("attends", self.clock.now, ACTOR)
        first = replace(goals[0], status=GoalStatus.ACHIEVED, notes=(*goals[0].notes, note))
        self._event(goals=(first, *goals[1:]))

    def refer(self, data: st.DataObject) -> None:
        provider = data.draw(st.sampled_from(("Polyclinic No. 12", "Speech centre")))
        self.app.change_case(
            self.case_id,
            lambda case: case.refer(
                service_category="HEALTH_CLINIC",
                provider=provider,
                reason="Needs care",
                consent_given=True,
                actor=ACTOR,
            ),
        )
        number = len(self.row["referrals"]) + 1
        referral_id = str(uuid5(NAMESPACE_URL, f"baxt:{self.case_id}:referral:{number}"))
        referral = Referral(referral_id, "HEALTH_CLINIC", provider, "Needs care")
        referrals = (*self.row["referrals"], referral)
        self._event(status=CaseStatus.REFERRED, referrals=referrals)

    def close(self, data: st.DataObject) -> None:
        reasons = [CloseReason.MOVED, CloseReason.UNREACHABLE]
        reasons += [CloseReason.NO_NEEDS_FOUND] if self.row["child_seen"] else []
        reasons += [CloseReason.SERVICES_LINKED] if self.status is CaseStatus.REFERRED else []
        reason = data.draw(st.sampled_from(reasons))
        self.app.change_case(
            self.case_id, lambda case: case.close(reason=reason, note="", actor=ACTOR)
        )
        self._event(status=CaseStatus.CLOSED, close_reason=reason)

    def reopen(self, data: st.DataObject) -> None:
        self.app.change_case(
            self.case_id,
            lambda case: case.reopen(reason="new concerns", actor=ACTOR, now=self.app.now()),
        )
        self._new_episode()
        self._event()

    def assign(self, data: st.DataObject) -> None:
        caseworker = data.draw(st.sampled_from(CASEWORKERS))
        self.app.change_case(
            self.case_id, lambda case: case.assign(caseworker=caseworker, reason="", actor=ACTOR)
        )
        if caseworker != self.row["caseworker"]:
            self._event(caseworker=caseworker)

    def plan_visit(self, data: st.DataObject) -> None:
        quarter = Quarter.containing(self.clock.now)
        quarter = quarter.next() if data.draw(st.booleans()) else quarter
        case = self._case()
        case.plan_visit(quarter=quarter, actor="scheduler")
        self.app.save(case)
        if str(quarter) not in self.episode["planned"]:
            self.episode["planned"].append(str(quarter))
            self._event(visit_due_on=quarter.last_day)

    def remind_overdue(self, data: st.DataObject) -> None:
        today = local_date(self.clock.now)
        case = self._case()
        case.remind_overdue(today=today, supervisor_after_days=SUPERVISOR_AFTER_DAYS, actor="cron")
        self.app.save(case)
        reminder = self._reminder_due(today)
        if reminder is not None:
            self.episode["reminders"].add(reminder)
            self._event()

    def _reminder_due(self, today: date) -> str | None:
        if not self.episode["planned"] or self.row["visit_due_on"] is None:
            return None
        quarter = self.episode["planned"][-1]
        days = (today - self.row["visit_due_on"]).days
        if days <= 0 or quarter in self.episode["seen_quarters"]:
            return None
        supervisor = days >= SUPERVISOR_AFTER_DAYS or self.row["caseworker"] is None
        level = OverdueLevel.SUPERVISOR if supervisor else OverdueLevel.CASEWORKER
        reminder = f"{quarter}:{level.value}"
        return None if reminder in self.episode["reminders"] else reminder

    def play(self, data: st.DataObject, steps: int) -> None:
        self.flag(data)
        self.moments.append((self.clock.now, len(self.versions)))
        for _ in range(steps):
            self.clock.now += data.draw(st.timedeltas(timedelta(minutes=1), timedelta(days=25)))
            data.draw(st.sampled_from(self.steps()), label="step")(data)
            self.moments.append((self.clock.now, len(self.versions)))


def expected(model: Model) -> CaseRow:
    """The model's case in the shape every release reads a case back in."""
    return CaseRow(**{f.name: model[f.name] for f in dataclasses.fields(CaseRow)})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), steps=st.integers(25, 60))
def test_as_of_every_version_and_moment_is_the_models_case(data: st.DataObject, steps: int) -> None:
    clock = Clock(START)
    app = CaseApplication(case_key=CASE_KEY, clock=clock)
    story = Story(app, clock)
    with events_stamped_by(clock):
        story.play(data, steps)

    for version, model in enumerate(story.versions, start=1):
        assert case_as_of(app, story.case_id, version=version) == expected(model)
        assert case_summary_as_of(app, story.case_id, version=version) == CaseSummary(**model)
    for moment, version in story.moments:
        model = story.versions[version - 1]
        assert case_as_of(app, story.case_id, at=moment) == expected(model)
        assert case_as_of(app, story.case_id, at=moment + timedelta(seconds=30)) == expected(model)
    first_moment = story.moments[0][0]
    assert case_as_of(app, story.case_id, at=first_moment - timedelta(microseconds=1)) is None
    assert case_as_of(app, story.case_id, version=len(story.versions) + 1) is None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), steps=st.integers(20, 45))
def test_changes_name_each_event_of_the_range_and_the_fields_it_changed(
    data: st.DataObject, steps: int
) -> None:
    clock = Clock(START)
    app = CaseApplication(case_key=CASE_KEY, clock=clock)
    story = Story(app, clock)
    with events_stamped_by(clock):
        story.play(data, steps)
    start, reached = data.draw(st.sampled_from(story.moments[1:-1]), label="from")
    end = story.moments[-1][0]

    changes = case_changes(app, story.case_id, start, end, limit=1000)

    assert [c.version for c in changes] == list(range(reached + 1, len(story.versions) + 1))
    for change in changes:
        old, new = story.versions[change.version - 2], story.versions[change.version - 1]
        assert {f.field: (f.before, f.after) for f in change.fields} == model_diff(old, new)
        assert change.occurred_at == new["updated_at"]


def model_diff(old: Model, new: Model) -> dict[str, tuple[Any, Any]]:
    return {
        name: (plain(old.get(name)), plain(value))
        for name, value in new.items()
        if name not in ("case_id", "version", "updated_at") and old.get(name) != value
    }


def test_the_flag_sets_every_field_from_nothing_and_pages_go_on_after_a_version() -> None:
    clock = Clock(START)
    app = CaseApplication(case_key=CASE_KEY, clock=clock)
    with events_stamped_by(clock):
        case_id = flag_child(app).case_id
        for n in range(4):
            clock.now += timedelta(hours=1)
            app.change_case(
                case_id,
                partial(Case.assign, caseworker=f"caseworker-{n}", reason="", actor=ACTOR),
            )
    since = START - timedelta(days=1)

    first = case_changes(app, case_id, since, clock.now, limit=2)
    rest = case_changes(app, case_id, since, clock.now, after=2)

    flagged = first[0]
    assert flagged.type == "Flagged"
    assert all(f.before is None and f.after is not None for f in flagged.fields)
    assert {f.field for f in flagged.fields} >= {"status", "child", "household", "flagged_at"}
    assert [c.version for c in first + rest] == [1, 2, 3, 4, 5]
    assert [f.field for f in rest[-1].fields] == ["caseworker"]
    assert rest[-1].fields[0].before == "caseworker-2"


def test_as_of_a_case_that_was_never_flagged_is_not_found() -> None:
    app = CaseApplication(case_key=CASE_KEY)
    with pytest.raises(CaseNotFound):
        case_as_of(app, uuid4(), at=START)
    with pytest.raises(CaseNotFound):
        case_as_of(app, UUID(int=7), version=1)
