"""Umgänge in the child's main home (issue 11 item 8): a child who lives here and spends some
days with the other parent. Under the default interpretation (practice.umgange_main_home_reduced,
provisional: Socialstyrelsen's handbook) the days are shown and never change the amount; a
municipality's guideline may set a reduction, counted with practice.umgange_method."""

from __future__ import annotations

import calendar
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bistand.rules import HouseholdInput, HouseholdTable, calculate, calculate_batch, formulas
from bistand.rules.money import parse_kronor
from bistand.rules.parameters import Guideline, ParameterSet, guidelines

from .strategies import MONTHS, households


def _month_days(month: str) -> int:
    year, m = (int(x) for x in month.split("-"))
    return calendar.monthrange(year, m)[1]


@st.composite
def with_days_at_other_parent(
    draw: st.DrawFn, month: str | None = None
) -> tuple[dict[str, Any], str, list[int]]:
    """A generated household with at least one child living here, and days for that child."""
    data = draw(households(month))
    data = copy.deepcopy(data)
    residents = [
        m
        for m in data["household"]
        if m["role"] == "child" and "umgange_days" not in m and m.get("in_school", True)
    ]
    if not residents:
        data["household"].append({"id": "cx", "role": "child", "age": draw(st.integers(0, 17))})
        residents = [data["household"][-1]]
    child = draw(st.sampled_from(residents))
    dim = _month_days(data["month"])
    days = sorted(draw(st.lists(st.integers(0, dim), min_size=2, max_size=4)))
    return data, child["id"], days


def _with(data: dict[str, Any], child: str, days: int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for m in out["household"]:
        if m["id"] == child:
            m["days_with_other_parent"] = days
    return out


def _amounts(data: dict[str, Any]) -> tuple[int, int]:
    r = calculate(data)
    return r.riksnorm_ore, r.amount_ore


@settings(max_examples=150, deadline=None)
@given(with_days_at_other_parent())
def test_recording_days_never_changes_the_amount_under_the_default(case) -> None:
    data, child, days = case
    data.pop("municipality", None)  # the interpretation itself, no guideline
    before = _amounts(data)
    for d in days:
        assert _amounts(_with(data, child, d)) == before


@pytest.fixture
def reducing_guideline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A municipality ("reducerande") whose guideline reduces the main home's norm."""
    path = tmp_path / "reducerande.yaml"
    path.write_text(
        "parameters:\n"
        "  guideline.umgange_main_home_reduced:\n    description: minskning\n"
        "    unit: sant/falskt\n    values:\n"
        "      2013-07-01: {value: true, reference: EXEMPEL riktlinje 4.2}\n",
        encoding="utf-8",
    )
    guideline = Guideline("reducerande", "Reducerande kommun", True, ParameterSet((path,)))
    # Added to the loaded guideline set itself, not by replacing a module's lookup function:
    # a module compiled with mypyc (ADR 0275) calls the function it was built with.
    monkeypatch.setitem(guidelines(), "reducerande", guideline)
    yield "reducerande"


def test_a_guideline_reduction_takes_the_days_off_the_childs_personal_costs(
    reducing_guideline: str,
) -> None:
    data = {
        "month": "2026-01",
        "household": [
            {"id": "a1", "role": "applicant", "age": 38},
            {"id": "c1", "role": "child", "age": 9, "days_with_other_parent": 10},
        ],
    }
    data["municipality"] = reducing_guideline
    r = calculate(data)
    # 3 940 + 3 820 + 1 410 = 9 170; 3 820 × 10 / 31 = 1 232,258… → 1 232,26; 9 170 − 1 232,26
    assert r.riksnorm_ore == 9170_00 - 1232_26 == 7937_74
    lines = [x for x in r.to_dict()["lines"] if x["rule"] == "riksnorm.umgange_main_home"]
    assert len(lines) == 1
    assert parse_kronor(lines[0]["amount"]) == 1232_26
    assert lines[0]["effect"] == "subtract"
    assert "EXEMPEL riktlinje 4.2" in str(lines[0])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=with_days_at_other_parent())
def test_under_a_reduction_the_amount_falls_monotonically_with_the_days(
    case, reducing_guideline: str
) -> None:
    data, child, days = case
    data["municipality"] = reducing_guideline
    data["costs"] = {}
    data["incomes"] = []
    previous: tuple[int, int] | None = None
    for d in days:
        now = _amounts(_with(data, child, d))
        if previous is not None:
            assert now[0] <= previous[0] and now[1] <= previous[1]
        previous = now


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.sampled_from(MONTHS).flatmap(
        lambda m: st.lists(with_days_at_other_parent(m), min_size=1, max_size=4)
    ),
    reduce=st.booleans(),
)
def test_batch_equals_single_with_days_at_the_other_parent(
    rows, reduce: bool, reducing_guideline: str
) -> None:
    inputs = []
    for data, child, days in rows:
        data = _with(data, child, days[-1])
        if reduce:
            data["municipality"] = reducing_guideline
        inputs.append(data)
    parsed = [HouseholdInput.from_dict(d) for d in inputs]
    batch = calculate_batch(HouseholdTable.from_inputs(parsed))
    for i, data in enumerate(inputs):
        single = calculate(data)
        assert int(batch.riksnorm[i]) == single.riksnorm_ore
        assert int(batch.income_counted[i]) == single.income_counted_ore
        assert int(batch.amount[i]) == single.amount_ore


def test_thirtieths_method_applies_to_the_reduction(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "parameters:\n"
        "  guideline.umgange_main_home_reduced:\n    description: m\n    unit: sant/falskt\n"
        "    values:\n      2013-07-01: {value: true, reference: EXEMPEL}\n"
        "  guideline.umgange_method:\n    description: m\n    unit: metod\n"
        "    values:\n      2013-07-01: {value: thirtieths, reference: EXEMPEL}\n",
        encoding="utf-8",
    )
    guideline = Guideline("t", "T", True, ParameterSet((path,)))
    monkeypatch.setitem(guidelines(), "t", guideline)
    r = calculate(
        {
            "month": "2026-01",
            "municipality": "t",
            "household": [
                {"id": "a1", "role": "applicant", "age": 38},
                {"id": "c1", "role": "child", "age": 9, "days_with_other_parent": 31},
            ],
        }
    )
    # 1/30 per day, at most 30 days: the whole 3 820 off; 9 170 − 3 820 = 5 350
    assert r.riksnorm_ore == 9170_00 - formulas.pro_rata(3820_00, 30, 30) == 5350_00
