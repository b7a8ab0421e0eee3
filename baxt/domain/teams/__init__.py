"""Interagency teams of the pilot mahallas, and the meetings and trainings they hold."""

from __future__ import annotations

from baxt.domain.teams.gathering import Gathering as Gathering
from baxt.domain.teams.team import InteragencyTeam as InteragencyTeam
from baxt.domain.teams.values import AgencyAttendance as AgencyAttendance
from baxt.domain.teams.values import AgencyKind as AgencyKind
from baxt.domain.teams.values import GatheringKind as GatheringKind
from baxt.domain.teams.values import Place as Place
from baxt.domain.teams.values import TeamMember as TeamMember
