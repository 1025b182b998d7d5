"""Backup and restore of PostgreSQL as docs/operations.md describes it, exercised for real.

Real flows fill the database (two citizens apply, the pipeline runs, a case worker decides,
payment orders, access log, register fetch log). Then: pg_dump in the custom format → the
schema is wiped → pg_restore → every table's row count and an md5 checksum of the key tables
are the same as before, and the access log is still append-only.

Runs in the PostgreSQL run only. There a missing pg_dump/pg_restore is a FAILURE, not a skip: a
backup procedure nobody can run is no backup procedure.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from bistand.audit.models import AccessAction
from bistand.audit.services import access_log_record
from tests.security.conftest import (  # noqa: F401 (fixtures)
    registers_settings,
    two_households,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backup/restore is PostgreSQL's (SQLite run)"
    ),
]

KEY_TABLES = [
    "accounts_user",
    "applications_case",
    "applications_application",
    "applications_caseevent",
    "decisions_calculation",
    "decisions_decision",
    "payments_paymentorder",
    "registers_registerfetch",
    "audit_accesslogentry",
    "jobs_job",
]


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed: the PostgreSQL backup cannot be tested "
            "(apt-get install postgresql-client).",
            pytrace=False,
        )
    return path


def libpq_env() -> tuple[dict[str, str], str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or "5432"),
            "PGUSER": str(db.get("USER") or "postgres"),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env, str(db["NAME"])


def tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]


def fingerprint() -> dict[str, tuple[int, str]]:
    """Row count of every table; for the key tables also an md5 of all rows in key order."""
    found = {}
    with connection.cursor() as cursor:
        for table in tables():
            if table in KEY_TABLES:
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id),"
                    f" '')) FROM \"{table}\" t"
                )
            else:
                cursor.execute(f"SELECT count(*), '' FROM \"{table}\"")
            count, digest = cursor.fetchone()
            found[table] = (count, digest)
    return found


def test_dump_wipe_restore_gives_back_the_same_data(two_households, tmp_path: Path):  # noqa: F811
    pg_dump, pg_restore = tool("pg_dump"), tool("pg_restore")
    env, name = libpq_env()
    alice, _ = two_households
    access_log_record(
        user=None,
        action=AccessAction.READ,
        object_type="application",
        object_id=alice.application.pk,
        reason="Kontroll före säkerhetskopiering",
        case_number=alice.application.case.number,
    )
    before = fingerprint()
    assert all(table in before for table in KEY_TABLES)
    assert before["decisions_decision"][0] >= 1 and before["payments_paymentorder"][0] >= 1
    assert before["audit_accesslogentry"][0] >= 1 and before["registers_registerfetch"][0] >= 1

    dump = tmp_path / "bistand.dump"
    subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", name],
        env=env,
        check=True,
        capture_output=True,
    )
    assert dump.stat().st_size > 0

    with connection.cursor() as cursor:  # the disaster: everything gone
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    assert tables() == []

    connection.close()
    restored = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={name}",
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr

    after = fingerprint()
    assert after == before
    rows = sum(count for count, _ in after.values())
    print(
        f"\nbackup/restore: {len(after)} tables, {rows} rows, "
        f"{len(KEY_TABLES)} key tables checksummed, dump {dump.stat().st_size} bytes: identical"
    )

    # The restored access log is still append-only (the triggers came back with the dump).
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslogentry SET reason = 'x'")


def test_encrypted_backup_holds_no_plaintext_and_restores_the_same_data(
    two_households,  # noqa: F811
    tmp_path: Path,
    settings,
):
    """The documented routine (docs/operations.md, ADR 0084): `bistand backup` pipes pg_dump
    through age; the file holds nothing readable; `age -d | pg_restore` gives back the same data
    — and without the private key nothing comes back."""
    tool("pg_restore")
    age, age_keygen = tool("age"), tool("age-keygen")
    env, name = libpq_env()
    alice, _ = two_households
    identity = tmp_path / "offline" / "backup-key.txt"  # kept off the database host
    identity.parent.mkdir()
    subprocess.run([age_keygen, "-o", str(identity)], check=True, capture_output=True)
    public = subprocess.run(
        [age_keygen, "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()
    recipients = tmp_path / "backup-recipients.txt"
    recipients.write_text(f"# backup key of the operations team\n{public}\n")
    settings.BACKUP_RECIPIENTS_FILE = str(recipients)
    before = fingerprint()

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.endswith(".dump.age")
    encrypted = backups[0]
    assert stat.S_IMODE(encrypted.stat().st_mode) == 0o600
    data = encrypted.read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    personnummer = alice.citizen.personnummer
    for secret in (personnummer, personnummer.replace("-", ""), "audit_accesslogentry", "PGDMP"):
        assert secret.encode() not in data
    # pg_restore cannot read it as it is.
    assert subprocess.run(["pg_restore", "--list", str(encrypted)], capture_output=True).returncode

    with connection.cursor() as cursor:  # the disaster
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()

    wrong_key = tmp_path / "other-key.txt"
    subprocess.run([age_keygen, "-o", str(wrong_key)], check=True, capture_output=True)
    refused = subprocess.run(
        [age, "--decrypt", "--identity", str(wrong_key), str(encrypted)], capture_output=True
    )
    assert refused.returncode != 0 and not refused.stdout

    restore = (
        'set -o pipefail; age --decrypt --identity "$1" "$2" | '
        'pg_restore --no-owner --no-privileges --exit-on-error --dbname="$3"'
    )
    restored = subprocess.run(
        ["bash", "-c", restore, "restore", str(identity), str(encrypted), name],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr
    assert fingerprint() == before
    print(
        f"\nencrypted backup: {encrypted.stat().st_size} bytes, restored "
        f"{sum(c for c, _ in before.values())} rows in {len(before)} tables: identical"
    )


def test_backup_refuses_without_public_keys_and_never_writes_plaintext(tmp_path: Path, settings):
    settings.BACKUP_RECIPIENTS_FILE = ""
    with pytest.raises(CommandError, match="unencrypted"):
        call_command("backup", "--output", str(tmp_path / "b"))
    secret = tmp_path / "key.txt"
    subprocess.run([tool("age-keygen"), "-o", str(secret)], check=True, capture_output=True)
    with pytest.raises(CommandError, match="private key"):
        call_command("backup", "--output", str(tmp_path / "b"), "--recipients-file", str(secret))
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())
