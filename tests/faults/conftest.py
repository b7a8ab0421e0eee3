from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.database import in_ci
from tests.faults.private_postgres import NoPostgresBinaries, PrivatePostgres, postgres_bindir


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of the test's own, running; stopped by its PID at the end.

    Off CI, on a machine with no PostgreSQL server binaries, the test skips and says why; in
    CI it fails instead, as nothing may skip there.
    """
    try:
        bindir = postgres_bindir()
    except NoPostgresBinaries as error:
        if in_ci():
            raise
        pytest.skip(f"{error}: install the PostgreSQL server to run the fault tests")
    cluster = PrivatePostgres(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
