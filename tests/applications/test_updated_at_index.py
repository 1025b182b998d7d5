"""The index on applications' `updated_at` (issue 16 item 5): the follow-up dashboard asks on
every request which applications changed since the fold (ADR 0230); the migration adds the index
and takes it away again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bistand.applications.models import Application

pytestmark = pytest.mark.django_db(transaction=True)

INDEX = "application_updated_at"


def _indexes() -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Application._meta.db_table)


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def test_the_updated_at_index_is_added_and_can_be_taken_away():
    assert _indexes()[INDEX]["columns"] == ["updated_at"]
    _migrate(("applications", "0008_page_indexes"))
    try:
        assert INDEX not in _indexes()
    finally:
        _migrate(("applications", "0009_updated_at_index"))
    assert _indexes()[INDEX]["columns"] == ["updated_at"]
