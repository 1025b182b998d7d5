"""The production database's session settings that Bistånd's migrations set (ADR 0291)."""

import pytest
from django.db import connection, connections


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL database setting")
def test_migrations_turn_jit_off_for_every_new_session_of_the_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
            " WHERE d.datname = current_database() AND s.setrole = 0"
        )
        rows = cursor.fetchall()
    settings = [item for (config,) in rows for item in config]
    assert "jit=off" in settings


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL database setting")
def test_a_new_connection_runs_without_jit() -> None:
    fresh = connections.create_connection("default")  # a new session reads the database's settings
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)
    finally:
        fresh.close()
