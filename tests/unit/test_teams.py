"""An interagency team and its gatherings: checked on the way in, kept in the case event
store under stable topics, and a case conference's decision sealed in the case's history."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from baxt.application.teams.store import load_record, save_record
from baxt.domain.errors import InvalidInput
from baxt.domain.personal_data import ERASED
from baxt.domain.teams import (
    AgencyAttendance,
    AgencyKind,
    Gathering,
    GatheringKind,
    InteragencyTeam,
    Place,
)
from baxt.domain.teams.events import GATHERING_EVENTS, TEAM_EVENTS
from baxt.domain.teams.gathering import GatheringFacts

from .helpers import an_application, flag_child

PLACE = Place("Xorazm viloyati", "Urganch tumani", "Navbahor")
TODAY = date(2026, 10, 7)


def _team() -> InteragencyTeam:
    return InteragencyTeam.form(
        team_id=uuid4(), name="Navbahor team", place=PLACE, coordination_group="CG-1", actor="cw"
    )


def _training(**given: object) -> GatheringFacts:
    facts: dict[str, object] = {
        "kind": GatheringKind.PARENTING_TRAINING,
        "held_on": TODAY,
        "place": PLACE,
        "attendance": [AgencyAttendance(AgencyKind.NGO, 2)],
        "parents_attending": 12,
        "certificates_issued": 9,
    }
    return GatheringFacts(**(facts | given))  # type: ignore[arg-type]


def _record(facts: GatheringFacts) -> Gathering:
    return Gathering.record(gathering_id=uuid4(), facts=facts, today=TODAY, actor="cw")


def test_a_team_gains_and_loses_members_of_the_agencies() -> None:
    team = _team()
    inspector = team.add_member(
        member_id=uuid4(),
        full_name="Rahimov Bekzod",
        agency=AgencyKind.POLICE_INSPECTOR,
        role="inspector for minors",
        actor="cw",
    )
    team.add_member(
        member_id=uuid4(),
        full_name="Yusupova Malika",
        agency=AgencyKind.SCHOOL,
        role="",
        actor="cw",
    )

    team.remove_member(member_id=inspector.member_id, actor="cw")

    assert [m.agency for m in team.members] == [AgencyKind.SCHOOL]


def test_removing_someone_not_on_the_team_is_refused_on_the_member_id() -> None:
    with pytest.raises(InvalidInput) as refused:
        _team().remove_member(member_id=uuid4(), actor="cw")

    assert refused.value.field == ("member_id",)


def test_a_team_without_a_mahalla_is_refused_on_its_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        InteragencyTeam.form(
            team_id=uuid4(), name="T", place=Place("R", "D", ""), coordination_group="", actor="cw"
        )

    assert refused.value.field == ("place", "mahalla")


def test_a_parenting_training_counts_everyone_who_took_part() -> None:
    training = _record(_training())

    assert training.participants == 14
    assert training.certificates_issued == 9


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"certificates_issued": 13}, ("certificates_issued",)),
        ({"kind": GatheringKind.SEMINAR}, ("certificates_issued",)),
        ({"parents_attending": -1}, ("parents_attending",)),
        ({"held_on": date(2026, 10, 8)}, ("held_on",)),
        ({"case_ids": [uuid4()]}, ("case_ids",)),
        (
            {"attendance": [AgencyAttendance(AgencyKind.NGO, 1)] * 2},
            ("attendance", "1", "agency"),
        ),
    ],
)
def test_a_gathering_that_breaks_a_rule_is_refused_on_its_field(
    given: dict[str, object], field: tuple[str, ...]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _record(_training(**given))

    assert refused.value.field == field


def test_a_case_conference_names_at_least_one_case_each_once() -> None:
    case_id = uuid4()
    conference = {"kind": GatheringKind.CASE_CONFERENCE, "certificates_issued": 0}
    with pytest.raises(InvalidInput):
        _record(_training(**conference))
    with pytest.raises(InvalidInput):
        _record(_training(**conference, case_ids=[case_id, case_id]))

    assert _record(_training(**conference, case_ids=[case_id])).case_ids == (case_id,)


def test_a_team_and_a_gathering_come_back_from_the_store_as_saved() -> None:
    app = an_application()
    team = _team()
    team.add_member(
        member_id=uuid4(), full_name="Rahimov Bekzod", agency=AgencyKind.CLINIC, role="", actor="cw"
    )
    training = _record(_training(team_id=team.id))
    save_record(app, team)
    save_record(app, training)

    loaded = load_record(app, team.id, InteragencyTeam, "team_id")
    again = load_record(app, training.id, Gathering, "gathering_id")

    assert loaded.members == team.members
    assert again.attendance == training.attendance
    assert (again.kind, again.held_on, again.team_id) == (training.kind, TODAY, team.id)


def test_a_conference_decision_is_in_the_case_history_and_reads_erased_with_the_child() -> None:
    app = an_application()
    case_id = flag_child(app).case_id
    gathering_id = uuid4()
    app.change_case(
        case_id,
        lambda c: c.record_conference_decision(
            gathering_id=gathering_id, decision="Refer the family to the clinic", actor="cw"
        ),
    )
    (entry,) = [e for e in app.history(case_id) if e.type == "CaseConferenceDecisionRecorded"]
    (stored,) = [
        r for r in app.recorder.select_events(case_id) if b"Conference" in r.topic.encode()
    ]

    assert entry.data == {
        "gathering_id": str(gathering_id),
        "decision": "Refer the family to the clinic",
    }
    assert b"clinic" not in stored.state
    app.erase_child_data(case_id, legal_reason="court order 7", actor="admin")
    (erased,) = [e for e in app.history(case_id) if e.type == "CaseConferenceDecisionRecorded"]
    assert erased.data["decision"] == ERASED


def test_the_team_events_keep_the_topics_they_are_stored_under() -> None:
    topics = [get_topic(cls) for cls in (*TEAM_EVENTS, *GATHERING_EVENTS)]

    assert topics == [
        "baxt.domain.teams:InteragencyTeam.TeamFormed",
        "baxt.domain.teams:InteragencyTeam.MemberAdded",
        "baxt.domain.teams:InteragencyTeam.MemberRemoved",
        "baxt.domain.teams:Gathering.GatheringRecorded",
    ]
    assert [resolve_topic(topic) for topic in topics] == [*TEAM_EVENTS, *GATHERING_EVENTS]
