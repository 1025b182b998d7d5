"""Files with personal data or secrets are private from the start (issue 13 item 8, ADR 0083):
the data directory 0700, the SQLite database (and its WAL files) and the secret key 0600, log
files 0640 — whatever the umask of whoever starts Bistånd."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .production import clean_env

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def bistand_with_open_umask(args: list[str], data_dir: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "bistand.cli", *args],
        env=clean_env({}, data_dir),
        check=True,
        capture_output=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0),  # the caller's umask would make everything world-writable
    )


@pytest.mark.slow
def test_a_new_installation_creates_its_data_private(tmp_path):
    data = tmp_path / "data"
    bistand_with_open_umask(["migrate", "-v0"], data)
    assert mode(data) == 0o700
    assert mode(data / "secret_key") == 0o600
    database = data / "bistand.sqlite3"
    assert database.stat().st_size > 0 and mode(database) == 0o600
    for sidecar in (data / "bistand.sqlite3-wal", data / "bistand.sqlite3-shm"):
        if sidecar.exists():
            assert mode(sidecar) == 0o600
    assert mode(data / "static") == 0o700


def test_an_existing_installation_is_tightened(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / "secret_key").write_text("an-old-key-from-before-" + "k" * 40)
    (data / "secret_key").chmod(0o644)
    (data / "bistand.sqlite3").touch()
    (data / "bistand.sqlite3").chmod(0o644)
    bistand_with_open_umask(["check"], data)
    assert mode(data) == 0o700
    assert mode(data / "secret_key") == 0o600
    assert mode(data / "bistand.sqlite3") == 0o600
    assert (data / "secret_key").read_text().startswith("an-old-key-from-before-")


def test_scripts_run_creates_log_files_0640(tmp_path):
    logs = tmp_path / "logs"
    (logs).mkdir(mode=0o777)
    existing = logs / "worker.log"
    existing.touch()
    existing.chmod(0o666)
    subprocess.run(
        [
            "bash",
            "-c",
            'source scripts/bootstrap.sh && log_file "$1" "$2"',
            "x",
            str(logs / "web.log"),
            str(existing),
        ],
        cwd=ROOT,
        check=True,
        preexec_fn=lambda: os.umask(0),
    )
    assert mode(logs / "web.log") == 0o640
    assert mode(existing) == 0o640
    assert mode(logs) == 0o750
