"""Encrypted backups of the PostgreSQL database (issue 13 item 10; docs/adr/0084).

`pg_dump --format=custom` is piped straight into `age` with the backup recipients' public keys:
the dump (every household's data) never touches the disk unencrypted, and the host that makes
backups cannot read them — only whoever holds a recipient's private key (kept off the database
host). The file is written under a temporary name and renamed when both programs succeeded, so a
failed backup never looks like a good one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any


class BackupError(Exception):
    pass


def libpq_env(db: dict[str, Any]) -> tuple[dict[str, str], str]:
    """Environment for pg_dump/pg_restore from a Django database settings dict, and the name."""
    if "postgresql" not in str(db.get("ENGINE", "")):
        raise BackupError(
            "Encrypted backups are made of PostgreSQL (DATABASE_URL), the production database."
        )
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


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = "age" if name == "age" else "postgresql-client"
        raise BackupError(f"{name} is not installed (apt-get install {package}).")
    return path


def recipients_problem(recipients_file: Path) -> str | None:
    if not recipients_file.is_file():
        return f"The backup recipients file {recipients_file} does not exist."
    keys = [
        line.strip()
        for line in recipients_file.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not keys:
        return f"The backup recipients file {recipients_file} names no public key."
    if any(key.startswith("AGE-SECRET-KEY-") for key in keys):
        return (
            f"The backup recipients file {recipients_file} holds a private key: it must hold only "
            "public keys (age1…); keep the private key off this host."
        )
    return None


def backup_encrypted(
    *, db: dict[str, Any], output_dir: Path, recipients_file: Path, now: datetime
) -> Path:
    """Write `bistand-<UTC time>.dump.age` into `output_dir`; returns its path."""
    problem = recipients_problem(recipients_file)
    if problem:
        raise BackupError(problem)
    pg_dump, age = _tool("pg_dump"), _tool("age")
    env, name = libpq_env(db)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = output_dir / f"bistand-{now:%Y%m%dT%H%M%SZ}.dump.age"
    partial = target.with_name(f".{target.name}.partial")
    # Fixed programs found on PATH, arguments from settings and this function: no shell.
    dump = subprocess.Popen(  # noqa: S603
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", name],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert dump.stdout is not None
    old_umask = os.umask(0o077)  # the encrypted file too is its owner's only
    try:
        encrypt = subprocess.run(  # noqa: S603
            [age, "--encrypt", "--recipients-file", str(recipients_file), "--output", str(partial)],
            stdin=dump.stdout,
            capture_output=True,
            check=False,
        )
    finally:
        os.umask(old_umask)
        dump.stdout.close()
    dump_err = dump.stderr.read().decode(errors="replace") if dump.stderr else ""
    dump_status = dump.wait()
    if dump_status != 0 or encrypt.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = dump_err.strip() or encrypt.stderr.decode(errors="replace").strip()
        raise BackupError(f"The backup failed and was removed: {detail[:500]}")
    partial.chmod(0o600)
    partial.rename(target)
    return target
