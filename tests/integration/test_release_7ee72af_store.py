"""A store written by the release at commit 7ee72af opens unchanged: it migrates, its audit
ledger verifies against its signed checkpoint, its read models are what a rebuild makes, its
followers send nothing again, and every case reads back as that release read it, with the
follow-ups, corrections, closure approvals, work plan revisions, reviews and transfers that
release added.

The store (`tests/fixtures/store_7ee72af.sql`) and what it read back as
(`tests/fixtures/store_7ee72af.json`) are described in the README beside them. That release
read each case's whole `case_summary` row (`CaseSummary`); a later release may add fields to
it, so a case reads back as it did when every field that release read is what it read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import resolve_topic

from baxt.application.audit.as_of import case_summary_as_of
from baxt.application.audit.verify import Verifier
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.rows import case_summary
from baxt.application.pii.keyring import MASTER_KEY
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.personal_data import ERASED
from baxt.projections.rebuild import check
from baxt.projections.refill import bring_case_summary_forward
from tests.conftest import TEST_PII_KEY
from tests.release_stores import (
    FIXTURES,
    as_then,
    golden,
    log_identity,
    outbox,
    read_back,
    restored_store,
    resume_followers,
    stored_topics,
)

STORE = FIXTURES / "store_7ee72af.sql"
GOLDEN = FIXTURES / "store_7ee72af.json"
CASE_KEY = b"release-7ee72af-fixture-case-key"
LOG_ORIGIN = "baxt.test/release-7ee72af"
ERASED_TEXTS = ("Erased Child", "Erased Guardian", "bruises healed")
OUTBOX = {"notification": 27, "webhook_delivery": 1}
CASEWORKER = "cw.yunusobod"


@pytest.fixture(scope="module")
def release_store(admin_url: str) -> Iterator[str]:
    """A database restored from the release's dump, then migrated by this code."""
    with restored_store(admin_url, STORE, prefix="baxt_release") as url:
        yield url


@pytest.fixture(scope="module")
def release_env(release_store: str) -> dict[str, str]:
    return event_store_env(release_store) | {MASTER_KEY: TEST_PII_KEY}


@pytest.fixture(scope="module")
def release_app(release_env: dict[str, str]) -> Iterator[CaseApplication]:
    application = CaseApplication(release_env, case_key=CASE_KEY)
    yield application
    application.close()


@pytest.fixture(scope="module", name="golden")
def golden_read() -> dict[str, Any]:
    return golden(GOLDEN)


@pytest.fixture(scope="module")
def read(release_store: str, release_env: dict[str, str], release_app: CaseApplication) -> Any:
    """The store as this code reads it back, once `case_summary` has caught up."""
    bring_case_summary_forward(release_env)
    return read_back(release_store, release_app, case_summary, case_summary_as_of)


def by_child(read: Any) -> dict[str, dict[str, Any]]:
    """The cases read back, by their child's name."""
    return {case["row"]["child"]["full_name"]: case for case in read["cases"].values()}


def types(case: dict[str, Any]) -> list[str]:
    return [entry["type"] for entry in case["history"]]


def test_every_stored_topic_of_the_release_still_names_an_event_class(
    release_store: str, golden: dict[str, Any]
) -> None:
    topics = stored_topics(release_store)
    assert topics == golden["topics"]
    for topic in topics:
        assert issubclass(resolve_topic(topic), Case.Event)


def test_the_release_s_audit_ledger_verifies_against_its_signed_checkpoint(
    release_store: str, golden: dict[str, Any]
) -> None:
    report = Verifier(release_store, log_identity(LOG_ORIGIN)).verify()

    assert report.ok, (report.case_findings, report.log_findings)
    assert report.checkpoints == 1
    assert report.events == sum(golden["topics"].values())
    assert report.cases == len(golden["cases"])


def test_the_release_s_read_model_is_what_a_rebuild_makes(
    release_env: dict[str, str], read: Any
) -> None:
    result = check(release_env, "case_summary")

    assert result.matches, result.describe()
    assert "partner_referral" in {table.table for table in result.tables}


def test_the_release_s_followers_resume_where_they_stopped_and_send_nothing_again(
    release_store: str, release_env: dict[str, str]
) -> None:
    resume_followers(release_store, release_env)

    assert outbox(release_store, tuple(OUTBOX)) == OUTBOX


def test_every_case_of_the_release_reads_back_as_it_did(read: Any, golden: dict[str, Any]) -> None:
    assert read["cases"].keys() == golden["cases"].keys()
    for case_id, expected in golden["cases"].items():
        assert as_then(read["cases"][case_id], expected) == expected, case_id
    assert (
        as_then(read["partner_referrals"], golden["partner_referrals"])
        == (golden["partner_referrals"])
    )


def test_the_follow_ups_and_the_reviews_of_the_release_read_back(read: Any) -> None:
    cases = by_child(read)
    followed = cases["Yevon Choi"]
    assert types(followed)[-5:] == [
        "Assigned",
        "ContactAttempted",
        "Visited",
        "ReviewRecorded",
        "ReviewOverdue",
    ]
    row = followed["row"]
    assert (row["status"], row["follow_ups"], row["caseworker"]) == ("REFERRED", 2, CASEWORKER)
    assert (row["last_reviewed_on"], row["risk_level"], row["next_review_due"]) == (
        "2026-11-03",
        "MEDIUM",
        "2026-11-24",
    )
    overdue = cases["Qodirov Ulugbek"]
    assert types(overdue)[-2:] == ["VisitPlanned", "VisitOverdue"]
    assert overdue["row"]["visit_due_on"] == "2026-09-30"


def test_the_revised_work_plan_of_the_release_reads_back(read: Any) -> None:
    revised = by_child(read)["Jeonghoon Lee"]
    assert types(revised)[-2:] == ["WorkPlanRevised", "ReviewRecorded"]
    goals = revised["row"]["goals"]
    assert [(goal["text"], goal["status"]) for goal in goals] == [
        ("Play therapy sessions", "ACHIEVED"),
        ("Parenting guidance for the mother", "DROPPED"),
        ("Anger management group", "OPEN"),
    ]
    assert [note["text"] for note in goals[2]["notes"]] == ["Joined the football club"]
    assert revised["replay"]["goals"] == goals
    row = revised["row"]
    assert (row["last_reviewed_on"], row["risk_level"], row["next_review_due"]) == (
        "2026-11-30",
        "LOW",
        "2027-02-26",
    )


def test_the_closures_of_the_release_and_the_one_waiting_read_back(read: Any) -> None:
    cases = by_child(read)
    approved, rejected, waiting = (
        cases[name]["row"] for name in ("Tursunova Malika", "Ergashev Bobur", "Nazarova Zarina")
    )
    assert (approved["status"], approved["close_reason"], approved["pending_approval"]) == (
        "CLOSED",
        "MOVED",
        None,
    )
    assert (rejected["status"], rejected["pending_approval"]) == ("CONSULTED", None)
    assert types(cases["Nazarova Zarina"])[-3:] == [
        "ClosureRequested",
        "ClosureWithdrawn",
        "ClosureRequested",
    ]
    pending = waiting["pending_approval"]
    assert (pending["kind"], pending["close_reason"], pending["requested_by"]) == (
        "CLOSURE",
        "MOVED",
        "cw.chilonzor",
    )
    assert cases["Nazarova Zarina"]["replay"]["pending_approval"] == pending


def test_the_transfers_of_the_release_read_back(read: Any) -> None:
    cases = by_child(read)
    moved = cases["Islomova Dilnoza"]["row"]
    assert (moved["household"]["district"], moved["household"]["mahalla"]) == (
        "Yunusobod",
        "Bodomzor",
    )
    assert (moved["caseworker"], moved["pending_transfer"]) == (CASEWORKER, None)
    declined = cases["Hamidov Javlon"]
    assert types(declined)[1:] == ["TransferRequested", "TransferDeclined", "TransferRequested"]
    assert declined["row"]["household"]["district"] == "Chilonzor"
    waiting = declined["row"]["pending_transfer"]
    assert (waiting["region"], waiting["district"], waiting["mahalla"]) == (
        "Samarqand viloyati",
        "Urgut",
        "Navbahor",
    )


def test_the_corrections_of_the_release_read_back(read: Any) -> None:
    corrected = by_child(read)["Rakhimov Sardor Alisher o'g'li"]
    assert types(corrected) == ["Flagged", "ChildCorrected", "HouseholdCorrected"]
    assert corrected["history"][0]["data"]["child"]["full_name"] == "Rahimov Sardor"
    household = corrected["row"]["household"]
    assert (household["guardian_phone"], household["mahalla"]) == ("+998901112299", "Qatortol")
    assert corrected["replay"]["household"] == household


def test_the_erased_child_of_the_release_reads_erased_and_its_request_ends(
    release_app: CaseApplication, read: Any
) -> None:
    erased = [
        (case_id, case)
        for case_id, case in read["cases"].items()
        if types(case)[-1] == "ChildDataErased"
    ]
    assert len(erased) == 1
    ((case_id, case),) = erased
    assert types(case)[-2] == "ClosureRequested"
    row = case["row"]
    assert (row["child"]["full_name"], row["household"]["guardian_name"]) == (ERASED, ERASED)
    assert (row["status"], row["close_reason"], row["pending_approval"]) == (
        "CLOSED",
        "DATA_ERASED",
        None,
    )
    assert case["history"][-2]["data"]["note"] == ERASED
    for text in ERASED_TEXTS:
        assert text not in json.dumps(read)
    replayed: object = release_app.repository.get(UUID(case_id))
    assert isinstance(replayed, Case)
    assert (replayed.child.full_name, replayed.erased, replayed.pending_closure) == (
        ERASED,
        True,
        None,
    )
