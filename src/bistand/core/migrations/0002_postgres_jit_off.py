"""PostgreSQL's JIT compilation off for Bistånd's database (docs/adr/0291).

Bistånd's queries are short OLTP reads and writes; JIT compiled two of the follow-up dashboard's
queries for 60–90 ms each (more than their execution) once their estimated cost passed
``jit_above_cost``. ``ALTER DATABASE … SET`` applies to every new session, also through
PgBouncer in transaction mode (which refuses the ``options`` start-up parameter). A role that may
not alter the database gets a notice, not a failed migration; docs/operations.md says how an
operator sets it by hand. Other databases: nothing to do.
"""

from typing import Any

from django.db import migrations

SET_JIT_OFF = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'jit not turned off: this role may not alter the database (docs/operations.md)';
END
$$;
"""

RESET_JIT = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
"""


def jit_off(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SET_JIT_OFF, params=None)


def jit_reset(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET_JIT, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_cache_table")]
    operations = [migrations.RunPython(jit_off, jit_reset, elidable=False)]
