"""The README's demo commands, on a fresh data directory: the demo data load, then
`bistand replay --all`, which must show every stored decision identical (issue 18 item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def bistand(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "BISTAND_SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        BISTAND_DATA_DIR=str(data_dir),
        BISTAND_ENVIRONMENT="demo",  # as scripts/run
        BISTAND_SECRET_KEY="test-only-not-secret",
        PYTHONPATH=str(REPO / "src"),
    )
    return subprocess.run(
        [sys.executable, "-m", "bistand.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_demo_replays_every_decision_identically(tmp_path):
    for command in (("migrate", "--noinput", "-v0"), ("demo_data",)):
        done = bistand(tmp_path, *command)
        assert done.returncode == 0, done.stderr[-3000:]
    replay = bistand(tmp_path, "replay", "--all")
    summary = replay.stdout.strip().splitlines()[-1]
    assert "Traceback" not in replay.stderr
    assert replay.returncode == 0, (summary, replay.stderr[-3000:])
    total = int(summary.split()[0])
    assert total > 0
    assert summary == f"{total} beslut omräknade, {total} identiska, 0 skiljer sig."
