"""Fuzzing `bistand calculate` (bistand.rules.cli) with hostile JSON (issue 8, fuzzing).

Hypothesis takes a valid household and breaks it: one or more fields replaced by wrong types,
negative or enormous amounts, invalid dates, huge strings, control characters, script tags,
nesting where a number belongs, or keys removed. The CLI either calculates (exit 0, JSON out) or
refuses with exit code 2 and a message naming the field; never a traceback. A few of the inputs
also go through a real `bistand calculate -` process to prove the exit code and the clean stderr.
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bistand.rules.cli import main

VALID: dict[str, Any] = {
    "month": "2026-01",
    "municipality": "exempelkommun",
    "household": [
        {"id": "a1", "role": "applicant", "age": 34},
        {"id": "p1", "role": "partner", "age": 31},
        {"id": "c1", "role": "child", "age": 4, "lunch_at_home": False},
    ],
    "costs": {
        "rent": "7450.00",
        "household_electricity": "420.00",
        "home_insurance": "150.00",
        "rent_radrum_until": "2026-03-31",
    },
    "incomes": [{"member": "a1", "type": "salary", "amount": "6000.00"}],
    "assets": [{"member": "a1", "kind": "bank_account", "amount": "200.00"}],
    "other_needs": [{"id": "n1", "kind": "glasogon", "amount": "1200.00"}],
    "assessed_needs": [
        {"need": "n1", "decision": "granted", "amount": "900.00", "reason": "Skäligt"}
    ],
    "norm_adjustments": [{"amount": "-100.00", "reason": "Gratis lunch"}],
    "months_on_assistance": 7,
    "previous_month_surplus": "0.00",
    "first_time_applicant": False,
    "shortfall_foreseeable": True,
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


PATHS = _paths(VALID)

hostile_json = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(
            [
                "-1",
                "1e999",
                "NaN",
                "Infinity",
                "12,345.678",
                "99999999999999999999.99",
                "2026-02-30",
                "2026-13",
                "0000-00",
                "9999-99-99",
                "igår",
                "",
                " ",
                '<script>alert("x")</script>',
                "\x00\x01\x1b[31m",
                "A" * 100_000,
                "a1",
                "-0",
            ]
        ),
        st.text(max_size=50),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


def _set(data: Any, path: tuple[Any, ...], value: Any, remove: bool) -> None:
    *parents, last = path
    for key in parents:
        data = data[key]
    if remove:
        del data[last]
    else:
        data[last] = value


def _field_name(path: tuple[Any, ...]) -> str:
    name = ""
    for key in path:
        name += f"[{key}]" if isinstance(key, int) else (f".{key}" if name else str(key))
    return name


def run_cli(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    try:
        code = main(["-"])
    finally:
        monkeypatch.undo()
    return code, out.getvalue(), err.getvalue()


TRIED = {"in process": 0, "as a process": 0}


def test_the_valid_household_is_calculated(monkeypatch):
    code, out, err = run_cli(json.dumps(VALID), monkeypatch)
    assert code == 0, err
    assert Decimal(json.loads(out)["amount"]) >= 0


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data())
def test_hostile_json_gets_exit_2_naming_the_field_never_a_traceback(monkeypatch, data):
    broken = copy.deepcopy(VALID)
    changed = data.draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3, unique=True))
    names = []
    for path in sorted(changed, key=len, reverse=True):
        try:
            _set(broken, path, data.draw(hostile_json), remove=data.draw(st.booleans()))
        except (KeyError, IndexError, TypeError):
            continue  # an outer change already replaced this part
        names.append(_field_name(path))
    text = json.dumps(broken)
    try:
        code, out, err = run_cli(text, monkeypatch)
    except Exception as exc:  # a traceback is what the user would have seen
        raise AssertionError(f"{type(exc).__name__}: {exc} for {text[:500]}") from exc
    TRIED["in process"] += 1
    summary = f"after {TRIED['in process']} hostile inputs; changed {names}; input {text[:500]}"
    assert code in (0, 2), summary
    if code == 0:
        assert Decimal(json.loads(out)["amount"]) >= 0, summary
        return
    assert "Traceback" not in err, summary
    errors = json.loads(err[: err.index("\n}\n") + 2])["errors"]
    assert errors and all(e["field"] and e["message"] for e in errors), summary
    assert not out, summary


def test_not_json_at_all_is_refused_with_the_line(monkeypatch):
    for text in ["", "{", "nul", "\x00", '{"month": "2026-01",}', "[1, 2", "A" * 10_000]:
        code, out, err = run_cli(text, monkeypatch)
        assert code == 2 and not out, text
        assert "(json)" in err and "Traceback" not in err, err


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"month": "2026-02-30"}, "month"),
        ({"costs": {"rent": -5000}}, "costs.rent"),
        ({"costs": {"rent": "1e999"}}, "costs.rent"),
        ({"costs": {"rent": '<script>alert("x")</script>'}}, "costs.rent"),
        ({"months_on_assistance": "A" * 100_000}, "months_on_assistance"),
        ({"incomes": [{"member": "a1", "type": "salary", "amount": 10**40}]}, "incomes[0].amount"),
    ],
)
def test_a_real_process_exits_2_and_names_the_field(tmp_path: Path, change, field):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({**VALID, **change}), encoding="utf-8")
    bistand = Path(sys.executable).with_name("bistand")
    result = subprocess.run(
        [str(bistand), "calculate", str(path)], capture_output=True, text=True, timeout=60
    )
    TRIED["as a process"] += 1
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert field in {
        e["field"] for e in json.loads(result.stderr.split("\n}\n")[0] + "}")["errors"]
    }


def test_tally():
    print(
        f"\nbistand calculate: {TRIED['in process']} hostile JSON inputs in process, "
        f"{TRIED['as a process']} through the command; never a traceback"
    )
