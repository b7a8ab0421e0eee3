from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.database import in_ci, scratch_database, server_url
from tests.outbox import Outbox
from tests.rostered import rostered_store

TEST_PII_KEY = "dGVzdC1vbmx5LXBpaS1tYXN0ZXIta2V5LTMyLWJ5dGU"
"""The PII master key of every test run, so each process of a run opens what another sealed."""
os.environ.setdefault("BAXT_PII_KEY", TEST_PII_KEY)


@pytest.fixture(scope="session")
def admin_url() -> str:
    return server_url()


@pytest.fixture(scope="session")
def database_url(admin_url: str) -> Iterator[str]:
    """One database for the whole run, made at its start and dropped at its end."""
    with scratch_database(admin_url) as url:
        yield url


@pytest.fixture
def fresh_database_url(admin_url: str) -> Iterator[str]:
    """A database of its own, for a test that must start from nothing."""
    with scratch_database(admin_url) as url:
        yield url


@pytest.fixture
def outbox(fresh_database_url: str) -> Iterator[Outbox]:
    """The outbox of a store of its own, migrated and given the tests' roster."""
    with rostered_store(fresh_database_url, b"outbox-tests") as app:
        yield Outbox(fresh_database_url, app)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI nothing may skip: a skipped test fails the run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if reporter and in_ci() and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) skipped; nothing may skip in CI", red=True)
        session.exitstatus = 1
