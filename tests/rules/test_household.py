"""Who belongs in the household and whose income counts (issue 11 items 1–4, 8).

Properties over generated households, plus the jobbstimulans ledger and the umgänge method.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.rules import calculate, formulas
from bistand.rules.context import Context
from bistand.rules.inputs import HouseholdInput
from bistand.rules.law import riksnorm
from bistand.rules.law.inkomster import jobbstimulans_ledger
from bistand.rules.money import parse_kronor
from bistand.rules.parameters import Guideline, ParameterSet

from .strategies import households, kronor


def home_size(data: dict[str, Any]) -> int:
    return sum(1 for m in data["household"] if m.get("umgange_days") is None)


@settings(max_examples=200, deadline=None)
@given(households(), st.integers(18, 90))
def test_adding_a_non_sambo_adult_never_raises_the_amount_by_more_than_a_shared_share(
    data: dict[str, Any], age: int
) -> None:
    before = calculate(data)
    more = copy.deepcopy(data)
    more["household"].append({"id": "x9", "role": "other_adult", "age": age})
    after = calculate(more)
    t = riksnorm.tables(date(int(data["month"][:4]), int(data["month"][5:]), 1))
    size = home_size(more)
    share = formulas.div_half_up(formulas.shared_cost(size, t.shared_table, t.extra_person), size)
    assert after.amount_ore - before.amount_ore <= share
    # and the family's riksnorm never includes the other adult's personal costs
    assert after.riksnorm_ore <= before.riksnorm_ore + share


@settings(max_examples=150, deadline=None)
@given(households(), kronor(5_000_000), st.sampled_from(["salary", "pension", "other"]))
def test_income_of_someone_sharing_the_home_never_changes_the_amount(
    data: dict[str, Any], amount: str, kind: str
) -> None:
    more = copy.deepcopy(data)
    more["household"].append({"id": "x9", "role": "other_adult", "age": 40})
    before = calculate(more)
    more["incomes"].append({"member": "x9", "type": kind, "amount": amount})
    more.setdefault("assets", []).append({"member": "x9", "kind": "bank_account", "amount": amount})
    assert calculate(more).amount_ore == before.amount_ore


@settings(max_examples=150, deadline=None)
@given(households(), kronor(5_000_000), st.integers(0, 17))
def test_a_childs_own_income_lowers_the_amount_by_at_most_the_childs_share(
    data: dict[str, Any], amount: str, age: int
) -> None:
    with_child = copy.deepcopy(data)
    with_child["household"].append({"id": "k9", "role": "child", "age": age})
    before = calculate(with_child)
    with_child["incomes"].append({"member": "k9", "type": "pension", "amount": amount})
    after = calculate(with_child)
    # the child's share: personal costs + a per-head share of shared and housing costs
    child_lines = [
        line
        for line in after.to_dict()["lines"]
        if line["member"] == "k9" and line["rule"] == "inkomster.child_own_share"
    ]
    counted = parse_kronor(child_lines[0]["amount"])
    assert counted <= parse_kronor(amount)
    assert before.amount_ore - after.amount_ore <= counted


@pytest.mark.parametrize(
    ("granted", "until", "start", "end"),
    [
        # six months in a row (Jan–Jun) → the period starts in July, 24 months
        ([(2025, m) for m in range(1, 7)], (2025, 9), (2025, 7), (2027, 6)),
        # five months only → no period
        ([(2025, m) for m in range(1, 6)], (2025, 9), None, None),
        # April missing breaks the run: May–Oct is the first run of six → from November
        ([(2025, m) for m in (1, 2, 3, 5, 6, 7, 8, 9, 10)], (2026, 1), (2025, 11), (2027, 10)),
        # the months being calculated and later do not count
        ([(2025, m) for m in range(1, 7)], (2025, 6), None, None),
    ],
)
def test_jobbstimulans_ledger(
    granted: list[tuple[int, int]],
    until: tuple[int, int],
    start: tuple[int, int] | None,
    end: tuple[int, int] | None,
) -> None:
    ledger = jobbstimulans_ledger(granted, until)
    assert (ledger.start, ledger.end) == (start, end)


def test_jobbstimulans_ledger_names_the_month_that_breaks_a_run() -> None:
    ledger = jobbstimulans_ledger([(2025, 1), (2025, 2), (2025, 4)], (2025, 5))
    broken = [e for e in ledger.entries if e.breaks_run]
    assert [e.month for e in broken] == [(2025, 3)]
    assert "12 kap. 8 §" in broken[0].note


def test_a_new_period_needs_a_new_run_after_the_old_one_ends() -> None:
    # 2023-01..2023-06 → period 2023-07..2025-06; granted every month through 2025-12
    months = [(y, m) for y in (2023, 2024, 2025) for m in range(1, 13)]
    ledger = jobbstimulans_ledger(months, (2026, 1))
    # after the period ends (2025-06), July–December 2025 is a new run of six → 2026-01
    assert ledger.start == (2026, 1)
    assert ledger.end == (2027, 12)


def test_umgange_method_from_the_guideline() -> None:
    """A municipality may count umgänge as 1/30 per day (practice: days of the month)."""
    data = {
        "month": "2026-01",
        "household": [
            {"id": "a1", "role": "applicant", "age": 38},
            {"id": "c1", "role": "child", "age": 9, "umgange_days": 10},
        ],
    }
    inp = HouseholdInput.from_dict(data)
    days_of_month = calculate(data).riksnorm_ore
    # 3 940 + 1 280 + (3 820 + 130) × 10 / 31 = 6 494,19… → 6 494,20 (per component, to öre)
    assert days_of_month == 6494_20

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "k.yaml"
        path.write_text(
            "parameters:\n  guideline.umgange_method:\n    description: metod\n"
            "    unit: metod\n    values:\n      2013-07-01: {value: thirtieths, "
            "reference: EXEMPEL riktlinje}\n",
            encoding="utf-8",
        )
        guideline = Guideline("k", "Kommun K", True, ParameterSet((path,)))
        ctx = Context(inp, guideline)
        norm = riksnorm.calculate(ctx)
    # (3 820 + 130) × 10 / 30 = 1 316,67 (1 273,33 + 43,33 per component) → 3 940 + 1 280 + …
    assert norm == 3940_00 + 1280_00 + formulas.pro_rata(3820_00, 10, 30) + formulas.pro_rata(
        130_00, 10, 30
    )
