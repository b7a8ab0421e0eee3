"""The projections are total: events already stored with NUL, control characters or lone
surrogates (by a writer that did not check them) project, live and in a rebuild, to the same
rows, and stop no follower; and any sequence of accepted commands, whatever their text,
projects to the rows a rebuild gives."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import JSONTranscoder, Transcoder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.rows import dict_row

from baxt import bootstrap
from baxt.application.cases.application import CaseApplication
from baxt.application.storable import EARLIEST
from baxt.domain.case import Case
from baxt.domain.errors import DomainError
from baxt.domain.quarter import Quarter
from baxt.domain.referrals import ConsentPurpose, ProgressKind, ReferralOutcome
from baxt.domain.values import (
    CloseReason,
    ContactOutcome,
    EscalationLevel,
    FlagSource,
    Goal,
    GoalChange,
    Household,
    Need,
    NeedDomain,
    NeedLevel,
    PlanItem,
    Referral,
    Visit,
)
from baxt.migrations import apply_migrations
from baxt.projections.case_summary import case_summary_runner
from baxt.projections.catch_up import catch_up_case_summary
from baxt.projections.notifier import Notifier, notifier_runner
from baxt.projections.rebuild import check
from baxt.projections.webhook_deliveries import WebhookFollower, webhook_follower
from tests.factories import child
from tests.integration.conftest import CASE_KEY
from tests.sealed import opened

NUL, SURROGATE = "\x00", "\ud800"
REPLACED = "\ufffd"
ORG = f"org{NUL}{SURROGATE}"
YEAR_ONE_EAST = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
YEAR_9999_WEST = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-12)))
WAIT = 30.0  # seconds; a bounded wait, not a timing assertion


class UncheckedWriter(CaseApplication):
    """The case application as a writer that escapes every non-ASCII character in its JSON:
    a lone surrogate, which UTF-8 cannot hold, is then stored as a JSON escape."""

    name = CaseApplication.name  # the same store, not one named after this class

    def construct_transcoder(self) -> Transcoder:
        transcoder = super().construct_transcoder()
        assert isinstance(transcoder, JSONTranscoder)
        transcoder.encoder = json.JSONEncoder(
            default=transcoder._encode_obj, separators=(",", ":"), ensure_ascii=True
        )
        return transcoder


Store = tuple[str, dict[str, str], UncheckedWriter]


@pytest.fixture
def store(fresh_database_url: str) -> Iterator[Store]:
    apply_migrations(fresh_database_url)
    env = bootstrap.event_store_env(fresh_database_url)
    writer = UncheckedWriter(env, case_key=CASE_KEY)
    yield fresh_database_url, env, writer
    writer.close()


def _hostile_case(app: CaseApplication, now: datetime) -> Case:
    """A whole history written through the events alone, past every check. Personal fields
    are sealed, and sealing needs UTF-8, so only the others carry lone surrogates."""
    kid = child()
    case = Case._create(
        Case.Flagged,
        id=app.case_id_for(kid.personal_id),
        child=replace(kid, full_name=f"Aziza{NUL} Karimova\x07"),
        household=Household(
            f"Dilnoza{NUL}", "+998901234567", f"Toshkent{SURROGATE} shahri", "Chilonzor\x1b",
            f"Bunyodkor{NUL}",
        ),
        source=FlagSource.COMMUNITY_REPORT,
        indicators=(f"WATER{NUL}",),
        note=f"reported{NUL}\x85",
        quarter=str(Quarter.containing(now)),
        actor=f"reporter{NUL}{SURROGATE}",
        round=None,
        reason=None,
    )  # fmt: skip
    _work_the_case(case, now)
    return case


def _work_the_case(case: Case, now: datetime) -> None:
    actor = f"aziza{NUL}{SURROGATE}"
    case.trigger_event(Case.Assigned, caseworker=actor, reason=f"{NUL}", actor=actor)
    case.trigger_event(Case.Closed, reason=CloseReason.OTHER, note=f"{NUL}", actor=actor)
    case.trigger_event(
        Case.Reopened,
        reason=f"back{SURROGATE}{NUL}", quarter=str(Quarter.containing(now)), source=None,
        indicators=(f"BAD{SURROGATE}",), actor=actor, round=None, flag_reason=None,
    )  # fmt: skip
    case.trigger_event(
        Case.ContactAttempted,
        outcome=ContactOutcome.REACHED, visit_scheduled_at=YEAR_ONE_EAST, note=f"{NUL}\x07",
        actor=actor,
    )  # fmt: skip
    case.trigger_event(
        Case.Visited, visit=Visit(now, True, True, f"home{NUL}\x1b", True), actor=actor
    )
    case.trigger_event(
        Case.Visited, visit=Visit(YEAR_9999_WEST, False, False, "", False), actor=actor
    )
    case.trigger_event(
        Case.Escalated, level=EscalationLevel.SUPERVISOR, reason=f"x{NUL}{SURROGATE}", actor=actor
    )
    case.trigger_event(
        Case.Consulted,
        needs=(Need(NeedDomain.HEALTH, NeedLevel.HIGH, f"no record{NUL}"),),
        plan=(PlanItem(f"vaccinate{NUL}", f"HEALTH{SURROGATE}", date(2026, 6, 30)),),
        note=f"{NUL}",
        actor=actor,
    )
    case.trigger_event(
        Case.WorkPlanRevised,
        reason=f"review{NUL}",
        added=(
            Goal(f"g{SURROGATE}{NUL}", f"speech{NUL}", f"SPEECH{SURROGATE}", date(2026, 9, 30)),
        ),
        changed=(GoalChange(case.goals[0].id, service_category=f"X{SURROGATE}", note=f"ok{NUL}"),),
        actor=actor,
    )
    _refer_and_answer(case, actor)
    _transfer(case, actor)


def _transfer(case: Case, actor: str) -> None:
    region = f"Toshkent{SURROGATE} shahri"
    place = {"region": region, "district": f"D{NUL}", "mahalla": f"M{NUL}{SURROGATE}"}
    case.trigger_event(Case.TransferRequested, reason=f"moved{NUL}", actor=actor, **place)
    case.trigger_event(
        Case.TransferAccepted,
        from_region="Toshkent shahri", from_district="Chilonzor", from_mahalla="Bunyodkor",
        requested_by=actor, caseworker=actor, actor=actor, **place,
    )  # fmt: skip


def _refer_and_answer(case: Case, actor: str) -> None:
    share = ConsentPurpose.SHARE_WITH_PARTNER
    case.trigger_event(
        Case.ConsentGiven, consent_id="c1", purpose=share, organisation_id=ORG, actor=actor
    )
    for n in (1, 2):
        referral = Referral(
            id=f"r{n}{NUL}", service_category=f"HEALTH_CLINIC{SURROGATE}",
            provider=f"Clinic{NUL}{SURROGATE}", reason=f"overdue{NUL}", organisation_id=ORG,
            service_id=f"s{SURROGATE}",
        )  # fmt: skip
        case.trigger_event(Case.Referred, referral=referral, actor=actor)
    partner = f"partner{NUL}{SURROGATE}"
    one, two = case.referrals[0].id, case.referrals[1].id
    case.trigger_event(Case.ReferralAccepted, referral_id=one, organisation_id=ORG, actor=partner)
    case.trigger_event(
        Case.ReferralProgressRecorded,
        referral_id=one, organisation_id=ORG, kind=ProgressKind.TRAINING_COMPLETED,
        note=f"{NUL}", certificate_number=f"C{SURROGATE}{NUL}", actor=partner,
    )  # fmt: skip
    case.trigger_event(
        Case.ReferralCompleted,
        referral_id=one, organisation_id=ORG, outcome=ReferralOutcome.GOALS_MET,
        note=f"done{NUL}", actor=partner,
    )  # fmt: skip
    case.trigger_event(
        Case.ReferralDeclined,
        referral_id=two, organisation_id=ORG, reason=f"full{NUL}{SURROGATE}",
        caseworker=actor, actor=partner,
    )  # fmt: skip


def _saved_hostile_cases(writer: UncheckedWriter, count: int) -> list[Case]:
    cases = [_hostile_case(writer, datetime.now(UTC)) for _ in range(count)]
    writer.save(*cases)
    return cases


def _last_event(writer: CaseApplication) -> int:
    return writer.recorder.max_notification_id() or 0


def _row(url: str, case: Case) -> dict[str, Any]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        row = conn.execute("SELECT * FROM case_summary WHERE case_id = %s", [case.id]).fetchone()
    assert row is not None
    return row


def test_stored_nul_control_and_surrogate_text_projects_live_and_equals_a_rebuild(
    store: Store,
) -> None:
    url, env, writer = store
    caught_up = _saved_hostile_cases(writer, 2)
    catch_up_case_summary(env)

    with case_summary_runner(env) as runner:
        live = _saved_hostile_cases(writer, 2)
        runner.wait(_last_event(writer), timeout=WAIT)
    checked = check(env, "case_summary")

    assert checked.matches, checked.describe()
    assert checked.position == _last_event(writer)
    for case in (*caught_up, *live):
        row = opened(url, case.id, _row(url, case))
        assert row["full_name"] == f"Aziza{REPLACED} Karimova\x07"
        assert row["region"] == f"Toshkent{REPLACED} shahri"
        assert row["caseworker"] == f"aziza{REPLACED}{REPLACED}"
        assert row["visits"][0]["observations"] == f"home{REPLACED}\x1b"
        assert row["visit_scheduled_at"] == EARLIEST


def _last_of(app: CaseApplication, topics: Sequence[str]) -> int:
    """The last notification a follower of these topics tracks."""
    found = app.recorder.select_notifications(start=1, limit=10_000, topics=topics)
    return found[-1].id


def _staff_and_endpoint(url: str) -> None:
    """A supervisor and a caseworker where the hostile cases are, and the partner's endpoint,
    each written as the followers write what they read."""
    region, district = f"Toshkent{REPLACED} shahri", "Chilonzor\x1b"
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO staff (user_id, full_name, role, email, region, district)"
            " VALUES ('boss', 'Boss', 'SUPERVISOR', 'boss@example.uz', %s, %s),"
            " (%s, 'Aziza', 'CASEWORKER', 'aziza@example.uz', %s, %s)",
            [region, district, f"aziza{REPLACED}{REPLACED}", region, district],
        )
        conn.execute(
            "INSERT INTO webhook_endpoint (id, organisation_id, url, secret, created_by)"
            " VALUES (gen_random_uuid(), %s, 'https://partner.example/hook', 's', 'admin')",
            [f"org{REPLACED}{REPLACED}"],
        )


def _counts(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        kinds = conn.execute("SELECT count(DISTINCT kind) FROM notification").fetchone()
        deliveries = conn.execute("SELECT count(*) FROM webhook_delivery").fetchone()
    assert kinds is not None
    assert deliveries is not None
    return kinds[0], deliveries[0]


def test_the_notifier_and_the_webhook_follower_pass_stored_hostile_text(
    store: Store,
) -> None:
    url, env, writer = store
    _staff_and_endpoint(url)
    _saved_hostile_cases(writer, 2)

    with notifier_runner(env) as notifier, webhook_follower(env) as follower:
        notifier.wait(_last_of(writer, Notifier.topics), timeout=WAIT)
        follower.wait(_last_of(writer, WebhookFollower.topics), timeout=WAIT)

    # safety concern, unreachable family, referral declined, the transfer asked of the
    # receiving region's supervisor and its acceptance told to the requester; each referral
    # event once
    assert _counts(url) == (5, 2 * 6)


def test_the_history_of_a_hostile_case_reads_as_utf8_json(
    store: Store,
) -> None:
    _, env, writer = store
    (case,) = _saved_hostile_cases(writer, 1)
    reader = CaseApplication(env, case_key=CASE_KEY)
    try:
        history = reader.history(case.id, limit=100)
    finally:
        reader.close()

    body = json.dumps([[e.actor, e.data] for e in history], ensure_ascii=False).encode()

    assert len(history) == case.version
    assert SURROGATE.encode("utf-8", "surrogatepass") not in body
    assert "\\u0000" not in body.decode()


# Any sequence of accepted commands, with any text, projects to the rows a rebuild gives.

ANY_CHARACTER = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from([NUL, SURROGATE, "\x07", "\u200b", "\u202e", "\r", "\n", "\t", "é"]),
)
ANY_TEXT = st.text(ANY_CHARACTER, max_size=24)
LIFE = ("contact", "visit", "consult", "refer", "assign", "close", "reopen")
COMMANDS = (*LIFE, "flag")
STEPS = st.lists(st.tuples(st.sampled_from(COMMANDS), ANY_TEXT), max_size=6)
LIFE_TEXTS = st.lists(ANY_TEXT, min_size=len(LIFE), max_size=len(LIFE))


def _accepted_or_refused(app: CaseApplication, case_id: Any, kind: str, text: str) -> None:
    now = datetime.now(UTC)
    commands = {
        "contact": lambda case: case.record_contact_attempt(
            outcome=ContactOutcome.REACHED,
            visit_scheduled_at=now + timedelta(days=1),
            note=text,
            actor="cw",
            now=app.now(),
        ),
        "visit": lambda case: case.record_visit(
            visit=Visit(now - timedelta(minutes=1), True, True, text, bool(text)),
            actor="cw",
            now=app.now(),
        ),
        "consult": lambda case: case.record_consultation(
            needs=[Need(NeedDomain.CARE, NeedLevel.LOW, text)],
            plan=[PlanItem(text or "goal", "DAY_CARE", date(2030, 1, 1))],
            note=text,
            actor="cw",
        ),
        "refer": lambda case: case.refer(
            service_category=text or "DAY_CARE",
            provider=text or "p",
            reason=text or "r",
            consent_given=True,
            actor="cw",
        ),
        "close": lambda case: case.close(reason=CloseReason.MOVED, note=text, actor="cw"),
        "reopen": lambda case: case.reopen(reason=text or "back", actor="cw", now=app.now()),
        "assign": lambda case: case.assign(caseworker=text or "cw", reason=text, actor="cw"),
    }
    with contextlib.suppress(DomainError):  # a refused command stores nothing
        app.change_case(case_id, commands[kind])


def _flagged(app: CaseApplication, name: str, place: str) -> Any:
    kid = child()
    for full_name, mahalla, note in ((name, place, name), ("Madina", "Bunyodkor", "")):
        household = Household(full_name, "+998901234567", "Toshkent shahri", "Chilonzor", mahalla)
        try:
            return app.flag_child(
                child=replace(kid, full_name=full_name),
                household=household,
                source=FlagSource.COMMUNITY_REPORT,
                indicators=(),
                note=note,
                actor="cw",
            ).case_id
        except DomainError:
            continue
    raise AssertionError("a plain child was refused")  # fmt: skip


@pytest.fixture
def live_store(fresh_database_url: str) -> Iterator[tuple[dict[str, str], CaseApplication, Any]]:
    apply_migrations(fresh_database_url)
    env = bootstrap.event_store_env(fresh_database_url)
    app = CaseApplication(env, case_key=CASE_KEY)
    with case_summary_runner(env) as runner:
        yield env, app, runner
    app.close()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=ANY_TEXT, place=ANY_TEXT, life=LIFE_TEXTS, steps=STEPS)
def test_any_accepted_commands_with_any_text_project_to_the_rows_a_rebuild_gives(
    live_store: tuple[dict[str, str], CaseApplication, Any],
    name: str,
    place: str,
    life: list[str],
    steps: list[tuple[str, str]],
) -> None:
    """A case's whole life, then any other commands, each with any text: a refused one
    stores nothing, and what was accepted projects live as a rebuild projects it."""
    env, app, runner = live_store
    case_id = _flagged(app, name, place)
    for kind, text in [*zip(LIFE, life, strict=True), *steps]:
        if kind == "flag":
            _flagged(app, text, text)
        else:
            _accepted_or_refused(app, case_id, kind, text)
    runner.wait(_last_event(app), timeout=WAIT)

    checked = check(env, "case_summary")

    assert checked.matches, checked.describe()
    assert checked.position == _last_event(app)
