"""scripts/deps-audit is honest (issue 13 item 7, ADR 0081): when pip-audit could not audit the
packages (its advisory database unreachable) the result is UNKNOWN with exit status 2, never
"no known vulnerabilities"; found vulnerabilities exit 1; only a complete clean audit exits 0.
pip-audit and the audited environment are stand-ins here (no network needed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = """#!/bin/sh
case "$*" in
  *freeze*) printf 'django==5.2.19\\nweasyprint==70.0\\n' ;;
  *outdated*) printf 'Package Version Latest\\n' ;;
esac
"""


def fake(tmp_path: Path, audit_output: str, audit_status: int) -> dict[str, str]:
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(FAKE_PYTHON)
    (venv / "python").chmod(0o755)
    tool = tmp_path / "audit" / "bin"
    tool.mkdir(parents=True)
    (tool / "pip-audit").write_text(f"#!/bin/sh\nprintf '{audit_output}'\nexit {audit_status}\n")
    (tool / "pip-audit").chmod(0o755)
    return {
        "VENV": str(tmp_path / "venv"),
        "AUDIT_VENV": str(tmp_path / "audit"),
        "PATH": "/usr/bin:/bin",
    }


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "deps-audit")], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("output", "status", "exit_status", "says"),
    [
        (
            "No known vulnerabilities found\\n"
            "django  Dependency not found on PyPI and could not be audited: django (5.2.19)\\n"
            "weasyprint  Dependency not found on PyPI and could not be audited: "
            "weasyprint (70.0)\\n",
            0,
            2,
            "2 of 2 packages could not be audited",
        ),
        ("Found 1 known vulnerability in 1 package\\n", 1, 1, "vulnerable packages found"),
        ("No known vulnerabilities found\\n", 0, 0, "no known vulnerabilities in the 2 pinned"),
    ],
)
def test_the_result_says_what_was_actually_checked(tmp_path, output, status, exit_status, says):
    result = run(fake(tmp_path, output, status))
    assert result.returncode == exit_status, result.stdout + result.stderr
    assert says in result.stdout
    if exit_status == 2:
        assert "UNKNOWN" in result.stdout
        assert "no known vulnerabilities in" not in result.stdout
