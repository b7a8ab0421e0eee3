from __future__ import annotations

import psycopg
import pytest

from baxt.migrations import MigrationEdited, apply_migrations, available


def test_migrations_apply_once_and_a_second_run_applies_nothing(fresh_database_url: str) -> None:
    first = apply_migrations(fresh_database_url)
    second = apply_migrations(fresh_database_url)

    assert first == [m.name for m in available()]
    assert second == []


def test_an_applied_migration_that_was_edited_is_refused(fresh_database_url: str) -> None:
    apply_migrations(fresh_database_url)
    with psycopg.connect(fresh_database_url) as conn:
        conn.execute(
            "UPDATE schema_migrations SET checksum = 'edited' WHERE name = %s",
            (available()[0].name,),
        )

    with pytest.raises(MigrationEdited, match=available()[0].name):
        apply_migrations(fresh_database_url)
