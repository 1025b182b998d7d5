"""The database refuses to change access-log rows, whoever asks (not only Django).

- UPDATE is refused on both databases.
- DELETE is refused on PostgreSQL unless the session has set `bistand.gallring = on`, which only
  the retention command does. TRUNCATE is left to the database owner (test teardown uses it); in
  production the application's database role has no TRUNCATE privilege (docs/operations.md).
- On SQLite (demo and development only) DELETE is refused by the model, not the database, because
  Django's test teardown empties tables with DELETE.
"""

from typing import Any

from django.db import migrations

TABLE = "audit_accesslogentry"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;"]
POSTGRES_FORWARD = [
    f"""CREATE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' AND current_setting('bistand.gallring', true) = 'on' THEN
            RETURN OLD;
          END IF;
          RAISE EXCEPTION 'the access log is append-only';
        END; $$;""",
    f"""CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
]


def forward(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
