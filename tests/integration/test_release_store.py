"""A store written by the release at commit 1220331 opens unchanged: it migrates, its audit
ledger verifies against its signed checkpoint, its read models are what a rebuild makes, and
every case, its replay and its history read back exactly as that release read them.

The store (`tests/fixtures/store_1220331.sql`) and what it read back as
(`tests/fixtures/store_1220331.json`) are described in the README beside them: the directory
seed, the five stories, a screening import, a partner referral accepted, worked and completed,
an erased child, the followers caught up, and the ledger sealed under a signed checkpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import psycopg
import pytest
from eventsourcing.utils import resolve_topic

from baxt.application.audit.as_of import case_as_of
from baxt.application.audit.verify import Verifier
from baxt.application.cases.application import CaseApplication
from baxt.application.cases.rows import case_row
from baxt.application.directory import SOS_ORGANISATION_ID
from baxt.application.partners.rows import progress_entries
from baxt.application.pii.keyring import MASTER_KEY
from baxt.bootstrap import event_store_env
from baxt.domain.case import Case
from baxt.domain.personal_data import ERASED
from baxt.domain.referrals import ProgressKind
from baxt.projections.rebuild import check
from baxt.projections.refill import bring_case_summary_forward
from tests.conftest import TEST_PII_KEY
from tests.release_stores import (
    FIXTURES,
    golden,
    log_identity,
    outbox,
    read_back,
    restored_store,
    resume_followers,
    stored_topics,
)

STORE = FIXTURES / "store_1220331.sql"
GOLDEN = FIXTURES / "store_1220331.json"
CASE_KEY = b"release-1220331-fixture-case-key"
LOG_ORIGIN = "baxt.test/release-1220331"
ERASED_CHILD = "Erased Child"
ERASED_OBSERVATION = "bruises on both arms"
OUTBOX = {"notification": 2, "webhook_delivery": 5}
CERTIFICATE = "SOS-PARENTING-2026-014"


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
    return read_back(release_store, release_app, case_row, case_as_of)


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


def test_the_release_s_read_models_come_back_sealed_with_their_blind_index(
    release_store: str, read: Any
) -> None:
    with psycopg.connect(release_store) as conn:
        names = [name for (name,) in conn.execute("SELECT full_name FROM case_summary")]
        indexed = conn.execute("SELECT count(DISTINCT case_id) FROM case_search").fetchone()
        refills = conn.execute("SELECT count(*) FROM read_model_refill").fetchone()

    assert names
    assert all(name.startswith("pii:") or name == ERASED for name in names)
    assert indexed == (sum(name != ERASED for name in names),)
    assert refills == (0,)


def test_the_release_s_followers_resume_where_they_stopped_and_send_nothing_again(
    release_store: str, release_env: dict[str, str]
) -> None:
    resume_followers(release_store, release_env)

    assert outbox(release_store, tuple(OUTBOX)) == OUTBOX


def test_every_case_of_the_release_reads_back_as_it_did(read: Any, golden: dict[str, Any]) -> None:
    assert read["cases"].keys() == golden["cases"].keys()
    for case_id, expected in golden["cases"].items():
        assert read["cases"][case_id] == expected, case_id
    assert read["partner_referrals"] == golden["partner_referrals"]


def test_the_erased_child_of_the_release_reads_erased(
    release_app: CaseApplication, read: Any
) -> None:
    erased = [
        (case_id, case)
        for case_id, case in read["cases"].items()
        if case["history"][-1]["type"] == "ChildDataErased"
    ]
    assert len(erased) == 1
    ((case_id, case),) = erased
    assert case["row"]["child"]["full_name"] == ERASED
    assert case["replay"]["household"]["guardian_name"] == ERASED
    assert case["history"][0]["data"]["child"]["full_name"] == ERASED
    assert case["history"][1]["data"]["visit"]["observations"] == ERASED
    assert ERASED_CHILD not in json.dumps(read)
    assert ERASED_OBSERVATION not in json.dumps(read)
    replayed: object = release_app.repository.get(UUID(case_id))
    assert isinstance(replayed, Case)
    assert (replayed.child.full_name, replayed.erased) == (ERASED, True)


def test_the_partner_referral_of_the_release_and_its_steps_read_back(read: Any) -> None:
    (referral,) = read["partner_referrals"].values()

    assert (referral["organisation_id"], referral["status"], referral["outcome"]) == (
        SOS_ORGANISATION_ID,
        "COMPLETED",
        "GOALS_MET",
    )
    steps = progress_entries(referral["progress"])
    assert [(step.kind, step.certificate_number) for step in steps] == [
        (ProgressKind.SESSION_HELD, None),
        (ProgressKind.TRAINING_COMPLETED, CERTIFICATE),
    ]
    case = read["cases"][referral["case_id"]]
    assert [entry["type"] for entry in case["history"]][-4:] == [
        "ReferralAccepted",
        "ReferralProgressRecorded",
        "ReferralProgressRecorded",
        "ReferralCompleted",
    ]
    statuses = {r["id"]: r["status"] for r in case["replay"]["referrals"]}
    assert statuses[referral["referral_id"]] == "COMPLETED"
