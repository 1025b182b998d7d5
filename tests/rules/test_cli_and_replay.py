"""The CLI (`bistand calculate`), input errors naming the field, and replay by rules version."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bistand.rules import (
    RULES_VERSION,
    HouseholdInput,
    InputError,
    ReplayMismatchError,
    RulesVersionMismatchError,
    calculate,
    replay,
    verify,
)
from bistand.rules.cli import main

SINGLE = {"month": "2026-01", "household": [{"id": "a1", "role": "applicant", "age": 30}]}


def run(
    argv: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    mp = monkeypatch
    assert mp is not None
    mp.setattr(sys, "stdin", io.StringIO(stdin))
    mp.setattr(sys, "stdout", out)
    mp.setattr(sys, "stderr", err)
    code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_cli_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(SINGLE), encoding="utf-8")
    code, out, _ = run([str(path)], monkeypatch=monkeypatch)
    assert code == 0
    result = json.loads(out)
    assert result["riksnorm"] == "5220.00"
    assert result["amount"] == "5220.00"
    assert result["lines"]


def test_cli_stdin_couple_and_json_numbers_are_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    data: dict[str, Any] = {
        "month": "2026-01",
        "household": [
            {"id": "a1", "role": "applicant", "age": 30},
            {"id": "p1", "role": "partner", "age": 30},
        ],
    }
    text = json.dumps(data)[:-1] + ', "costs": {"rent": 4123.45}}'
    code, out, _ = run(["-"], text, monkeypatch)
    assert code == 0
    result = json.loads(out)
    assert result["riksnorm"] == "8510.00"
    assert result["costs_approved"] == "4123.45"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"month": "2026-13", "household": SINGLE["household"]}, "month"),
        (
            {"month": "2026-01", "household": [{"id": "a1", "role": "applicant", "age": "x"}]},
            "household[0].age",
        ),
        ({**SINGLE, "costs": {"rent": "12,345.678"}}, "costs.rent"),
        (
            {**SINGLE, "incomes": [{"member": "zz", "type": "salary", "amount": "1"}]},
            "incomes[0].member",
        ),
        ({**SINGLE, "colour": "blue"}, "colour"),
        ({"month": "2026-01"}, "household"),
    ],
)
def test_cli_bad_input_exits_2_naming_the_field(
    data: dict[str, Any], field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["-"], json.dumps(data), monkeypatch)
    assert code == 2
    assert out == ""
    payload = json.loads(err[: err.rindex("}") + 1])
    assert field in [e["field"] for e in payload["errors"]]
    assert field in err


def test_cli_bad_json_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(["-"], "{not json", monkeypatch)
    assert code == 2
    assert "JSON" in err


def test_bistand_command_runs_without_django(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(SINGLE), encoding="utf-8")
    exe = Path(sys.executable).with_name("bistand")
    if not exe.exists():
        pytest.skip("bistand console script not installed")
    done = subprocess.run(
        [str(exe), "calculate", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["amount"] == "5220.00"
    bad = subprocess.run(
        [str(exe), "calculate", "-"],
        input='{"month": "x"}',
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "month" in bad.stderr


def test_float_money_is_refused_in_the_python_api() -> None:
    with pytest.raises(InputError) as info:
        HouseholdInput.from_dict({**SINGLE, "costs": {"rent": 4123.45}})
    assert info.value.fields == ["costs.rent"]


def test_result_records_version_and_parameters_with_references() -> None:
    out = calculate(SINGLE).to_dict()
    assert out["rules_version"] == RULES_VERSION
    used = {p["id"]: p for p in out["parameters"]}
    assert used["riksnorm.adult.ensamstaende"]["value"] == "3940.00"
    assert used["riksnorm.adult.ensamstaende"]["valid_from"] == "2026-01-01"
    assert "2025:1046" in used["riksnorm.adult.ensamstaende"]["reference"]
    assert used["riksnorm.shared_household_costs"]["value"][0] == "1280.00"


def test_replay_reproduces_the_stored_output_identically() -> None:
    stored = json.loads(json.dumps(calculate({**SINGLE, "costs": {"rent": "4000.00"}}).to_dict()))
    again = replay(stored["input"], stored["rules_version"])
    assert again.to_dict() == stored
    assert verify(stored).amount_ore == 9220_00


def test_replay_refuses_another_rules_version() -> None:
    stored = calculate(SINGLE).to_dict()
    with pytest.raises(RulesVersionMismatchError):
        replay(stored["input"], "0.9.0+000000000000")


def test_verify_detects_a_changed_stored_output() -> None:
    stored = calculate(SINGLE).to_dict()
    stored["amount"] = "9999.00"
    with pytest.raises(ReplayMismatchError):
        verify(stored)
