from __future__ import annotations

from collections.abc import Iterator

import pytest

from baxt.application.cases import CaseApplication
from baxt.bootstrap import event_store_env
from baxt.migrations import apply_migrations

CASE_KEY = b"integration-tests"


@pytest.fixture(scope="session")
def migrated_url(database_url: str) -> str:
    apply_migrations(database_url)
    return database_url


@pytest.fixture
def app(migrated_url: str) -> Iterator[CaseApplication]:
    application = CaseApplication(event_store_env(migrated_url), case_key=CASE_KEY)
    yield application
    application.close()
