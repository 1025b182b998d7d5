"""Runs the YAML cases in tests/rules/cases/: one file per rules module.

Each case has ``input`` (the documented JSON format), and either ``output`` (fields of
``to_dict()`` that must match exactly) plus optional ``lines_include`` (lines that must be
present: rule id, amount and member, and where given its ``what``, ``text`` and ``effect``
exactly), or
``error_field`` (the field an InputError must name).
Every case is also run through the batch path, which must agree to the öre.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from bistand.rules import (
    HouseholdInput,
    HouseholdTable,
    InputError,
    calculate,
    calculate_batch,
)
from bistand.rules.money import format_kronor

CASES_DIR = Path(__file__).parent / "cases"


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


MATCHED = ("member", "what", "text", "effect")


@pytest.mark.parametrize("case", load_cases())
def test_case(case: dict[str, Any]) -> None:
    if "error_field" in case:
        with pytest.raises(InputError) as info:
            calculate(case["input"])
        assert case["error_field"] in info.value.fields, info.value.errors
        return
    result = calculate(case["input"])
    out = result.to_dict()
    for key, expected in case["output"].items():
        assert out[key] == expected, f"{key}: {out[key]!r} != {expected!r}"
    for wanted in case.get("lines_include", []):
        matches = [
            line
            for line in out["lines"]
            if line["rule"] == wanted["rule"]
            and line["amount"] == wanted["amount"]
            and all(
                line[k] == wanted[k] for k in ("member", "what", "text", "effect") if k in wanted
            )
        ]
        assert matches, f"no line {wanted} in {[(x['rule'], x['amount']) for x in out['lines']]}"

    batch = calculate_batch(HouseholdTable.from_inputs([HouseholdInput.from_dict(case["input"])]))
    assert format_kronor(int(batch.amount[0])) == out["amount"]
    assert format_kronor(int(batch.riksnorm[0])) == out["riksnorm"]
    assert bool(batch.eligible[0]) == (out["status"] == "eligible")
    assert batch.amount.dtype == np.int64


def test_every_case_file_has_cases() -> None:
    for path in CASES_DIR.glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8")), path
