"""Erasing a child on real PostgreSQL leaves nothing of them in any read model or index:
every sealed text of every table, opened with the keys that remain, and every clear text,
is free of the child's name and PINFL, and the case's blind-index rows are gone; after a
family with a report of concern and a partner referral, and after the demo's stories."""

from __future__ import annotations

import binascii
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from baxt.application.cases.application import CaseApplication
from baxt.application.concern.desk import ConcernDesk
from baxt.application.households.store import save_household
from baxt.application.pii.keyring import MASTER_KEY
from baxt.application.pii.master_keys import MasterKeys
from baxt.application.pii.sealing import PREFIX
from baxt.bootstrap import event_store_env
from baxt.devtools.demo import load_demo, stories
from baxt.domain.case import Case
from baxt.domain.concern import ReportedChild, Reporter, ReporterKind, ReportPlace
from baxt.domain.household import Address, Guardian, Household, Member
from baxt.domain.personal_data import ERASED
from baxt.domain.quarter import local_date
from baxt.domain.referrals import ConsentPurpose
from baxt.domain.values import Child, FlagSource, Need, NeedDomain, NeedLevel, PlanItem, Visit
from baxt.projections import rebuild
from baxt.projections.case_summary import CaseSummaryProjection, case_summary_runner
from baxt.projections.notifier import Notifier, notifier_runner
from tests.factories import child, household

NAME = "Zarina Tursunova"
SOS = "org-sos"
CATEGORY = "FAMILY_STRENGTHENING"
CALLER = Reporter(ReporterKind.NEIGHBOUR, "Rustam aka", "+998901112233", may_contact=True)
PLACE = ReportPlace("Toshkent shahri", "Chilonzor", "Bunyodkor", "the bazaar gate")
EVENT_STORE = ("cases_events", "child_key")
"""The event store keeps the events, and the keys are what erasure destroys: neither is a
read model."""

_TABLES = """
SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = 'public'
    AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
ORDER BY table_name, column_name"""
_KEYS = "SELECT case_id, master_key_id, wrapped FROM child_key WHERE wrapped IS NOT NULL"


_LAST = "SELECT max(notification_id) FROM cases_events WHERE topic = ANY(%s)"


def _project(url: str) -> None:
    """Runs the case_summary projection and the notifier up to the last event each follows."""
    followers = (
        (case_summary_runner, CaseSummaryProjection.topics),
        (notifier_runner, Notifier.topics),
    )
    for runner_of, topics in followers:
        with psycopg.connect(url) as conn:
            row = conn.execute(_LAST, [list(topics)]).fetchone()
        with runner_of(event_store_env(url)) as runner:
            runner.wait(row[0] if row else 0, timeout=60)


def _allow(_: object) -> None:
    """Reach is checked by the service; this test drives the desk below it."""


def _family(app: CaseApplication, erased: Child, sibling: Child) -> Household:
    record = Household.register(
        household_id=uuid4(),
        guardians=[Guardian("Tursunova Dilnoza", "+998901234567", "mother")],
        address=Address("Toshkent shahri", "Chilonzor", "Bunyodkor", "Bunyodkor 12"),
        members=[
            Member(sibling.full_name, sibling.birth_date, "son"),
            Member(erased.full_name, erased.birth_date, "daughter"),
            Member("Tursunov Akmal", None, "grandfather"),
        ],
        actor="cw.bobur",
    )
    save_household(app, record)
    return record


def _referred_to_a_partner(case: Case) -> None:
    """A visit, a consultation and a referral to a partner, each naming the child."""
    now = datetime.now(UTC)
    seen = Visit(now - timedelta(hours=1), True, True, f"{NAME} asleep", False)
    case.record_visit(visit=seen, actor="cw", now=now)
    needs = [Need(NeedDomain.CARE, NeedLevel.HIGH, f"{NAME} needs day care")]
    plan = [PlanItem(f"care for {NAME}", CATEGORY, local_date(now) + timedelta(days=30))]
    case.record_consultation(needs=needs, plan=plan, note=f"{NAME} spoke", actor="cw")
    case.give_consent(organisation_id=SOS, purpose=ConsentPurpose.SHARE_WITH_PARTNER, actor="cw")
    case.refer(
        service_category=CATEGORY,
        provider="SOS",
        reason=f"{NAME} in crisis",
        consent_given=True,
        actor="cw",
        organisation_id=SOS,
        service_id="service-sos",
    )


def _erased_child_in_a_family(app: CaseApplication) -> tuple[UUID, Child, Household]:
    """A child flagged from a report that named them and referred to a partner, with a
    sibling's case in the same household of several, then erased."""
    erased, sibling = child(name=NAME), child(years=9, name="Bobur Tursunov")
    desk = ConcernDesk(app)
    report = desk.receive(
        reporter=CALLER,
        child=ReportedChild(NAME, 7, f"{NAME} alone at night", erased.personal_id),
        place=PLACE,
        actor="cw",
    )
    opened = desk.open_case(
        report.row.report_id,
        child=erased,
        household=household(),
        indicators=(),
        note=f"found {NAME} at home",
        actor="cw",
        guard=_allow,
    )
    assert opened.case is not None
    case_id = opened.case.case_id
    app.change_case(case_id, _referred_to_a_partner)
    sibling_id = app.flag_child(
        child=sibling,
        household=household(),
        source=FlagSource.MAHALLA_TEAM,
        indicators=[],
        note="",
        actor="mahalla",
    ).case_id
    family = _family(app, erased, sibling)
    for linked in (case_id, sibling_id):
        app.change_case(linked, lambda c: c.link_to_household(household_id=family.id, actor="cw"))
    app.erase_child_data(case_id, legal_reason="court order 7", actor="admin")
    return case_id, erased, family


def _ciphers(url: str) -> list[tuple[UUID, AESGCM]]:
    master = MasterKeys.from_text(os.environ[MASTER_KEY])
    with psycopg.connect(url) as conn:
        rows = conn.execute(_KEYS).fetchall()
    return [(owner, AESGCM(master.unwrap(key_id, bytes(w), owner))) for owner, key_id, w in rows]


def _opened(text: str, ciphers: list[tuple[UUID, AESGCM]]) -> str | None:
    """The text a sealed text holds, opened with whichever remaining key sealed it; None
    when no remaining key opens it."""
    sealed = binascii.a2b_base64(text[len(PREFIX) :].replace("-", "+").replace("_", "/"))
    for owner, cipher in ciphers:
        try:
            return cipher.decrypt(sealed[:12], sealed[12:], owner.bytes).decode()
        except InvalidTag:
            continue
    return None


def _readable_text(text: str, ciphers: list[tuple[UUID, AESGCM]]) -> str | None:
    return _opened(text, ciphers) if text.startswith(PREFIX) else text


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _readable(url: str) -> Iterator[tuple[str, str, str]]:
    """Every text of every read-model row as the keys that remain let anyone read it."""
    ciphers = _ciphers(url)
    with psycopg.connect(url) as conn:
        columns = conn.execute(_TABLES).fetchall()
        for table, column in columns:
            if table in EVENT_STORE:
                continue
            for (value,) in conn.execute(f'SELECT "{column}" FROM "{table}"').fetchall():
                for text in _texts(value):
                    readable = _readable_text(text, ciphers)
                    if readable is not None:
                        yield table, column, readable


def _traces(url: str, erased: Child) -> list[tuple[str, str]]:
    marks = (erased.full_name.casefold(), erased.personal_id)
    return [
        (table, column)
        for table, column, text in _readable(url)
        if any(mark in text.casefold() for mark in marks)
    ]


def _count(url: str, table: str, case_id: UUID) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            f"SELECT count(*) FROM {table} WHERE case_id = %s",
            [case_id],
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_no_read_model_holds_an_openable_trace_of_an_erased_child(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _, erased, _ = _erased_child_in_a_family(app)
    _project(url)

    assert _traces(url, erased) == []


def test_the_erased_child_s_blind_index_and_match_keys_are_gone(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    case_id, _, _ = _erased_child_in_a_family(app)
    _project(url)

    assert (_count(url, "case_search", case_id), _count(url, "case_match_key", case_id)) == (0, 0)


def test_the_household_keeps_the_other_members_and_the_same_rows_in_a_rebuild(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    _, _, family = _erased_child_in_a_family(app)
    _project(url)

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT members FROM household WHERE household_id = %s", [family.id]
        ).fetchone()
    assert row is not None
    ciphers = _ciphers(url)
    names = [_readable_text(m["full_name"], ciphers) for m in row[0]]
    assert names == ["Bobur Tursunov", ERASED, "Tursunov Akmal"]
    result = rebuild.check(event_store_env(url), "case_summary")
    assert result.matches, result.describe()


def test_erasing_one_of_the_demo_s_four_siblings_leaves_nothing_of_them(
    events_db: tuple[str, CaseApplication],
) -> None:
    url, app = events_db
    load_demo(app, report=lambda _: None)
    story = next(s for s in stories(date.today()) if s.siblings)
    erased = story.siblings[0]
    case_id = app.case_id_for(erased.personal_id)
    app.erase_child_data(case_id, legal_reason="court order 7", actor="admin")
    _project(url)

    assert _traces(url, erased) == []
    assert (_count(url, "case_search", case_id), _count(url, "case_match_key", case_id)) == (0, 0)
