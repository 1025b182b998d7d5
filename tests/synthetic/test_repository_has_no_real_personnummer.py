"""Guard: no real-person-shaped personnummer anywhere in the repository.

Scans every tracked file (``git ls-files``) for 12-digit (``(19|20)YYMMDD[-+]?NNNN``) and
10-digit (``YYMMDD-NNNN`` / ``YYMMDD+NNNN``) shapes and fails on any with a month 01–12, a
possible day (01–31, or 61–91 for a samordningsnummer) and a correct Luhn control digit: such
a string could be a real person's number (cf. the Trelleborg leak). Synthetic numbers have
month 21–32 and pass. If a timestamp or other harmless string trips this, reformat it (e.g.
``2026-01-15T09:30``) rather than weakening the check.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bistand.synthetic.personnummer import luhn_ok

ROOT = Path(__file__).resolve().parents[2]
TWELVE = re.compile(rb"(?<!\d)(?:19|20)(\d{6})[-+]?(\d{4})(?!\d)")
TEN = re.compile(rb"(?<!\d)(\d{6})[-+](\d{4})(?!\d)")


def real_shaped(text: bytes) -> list[str]:
    """Every substring of ``text`` that could be a real personnummer or samordningsnummer."""
    found: list[str] = []
    for pattern in (TWELVE, TEN):
        for m in pattern.finditer(text):
            yymmdd, tail = m.group(1).decode(), m.group(2).decode()
            month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
            possible_date = 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)
            if possible_date and luhn_ok(yymmdd + tail):
                found.append(m.group(0).decode())
    return found


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):  # pragma: no cover - no git here
        pytest.skip("not a git checkout")
    paths = [ROOT / p.decode() for p in out.split(b"\0") if p]
    return [p for p in paths if ".venv" not in p.relative_to(ROOT).parts and p.is_file()]


def test_scanner_finds_real_shaped_numbers() -> None:
    from bistand.synthetic.personnummer import luhn_check_digit

    nine = "870714123"  # arbitrary digits, assembled at run time below
    check = luhn_check_digit(nine)
    twelve = f"19{nine[:6]}-{nine[6:]}{check}".encode()
    ten_plus = f"{nine[:6]}+{nine[6:]}{check}".encode()
    assert real_shaped(b"pnr: " + twelve + b".") == [twelve.decode()]
    assert real_shaped(twelve.replace(b"-", b"")) == [twelve.replace(b"-", b"").decode()]
    assert real_shaped(b"x " + ten_plus) == [ten_plus.decode()]
    wrong = f"19{nine[:6]}-{nine[6:]}{(check + 1) % 10}".encode()
    assert real_shaped(wrong) == []
    synthetic_nine = "872714123"  # month 27: synthetic
    synthetic = f"19{synthetic_nine[:6]}-{synthetic_nine[6:]}"
    assert real_shaped((synthetic + str(luhn_check_digit(synthetic_nine))).encode()) == []


def test_no_tracked_file_contains_a_real_shaped_personnummer() -> None:
    offenders: list[str] = []
    files = tracked_files()
    assert files, "git ls-files returned nothing"
    for path in files:
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        for hit in real_shaped(data):
            offenders.append(f"{path.relative_to(ROOT)}: {hit}")
    assert not offenders, (
        "Real-person-shaped personnummer in the repository (use synthetic numbers, month + 20, "
        "from bistand.synthetic.personnummer.generate):\n" + "\n".join(offenders)
    )
