"""Synthetic households: determinism, plausibility, money, and the rules-input shape."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bistand.synthetic import generate_households, iter_households
from bistand.synthetic import personnummer as pn
from bistand.synthetic.__main__ import main as cli_main
from bistand.synthetic.households import (
    INCOME_TYPES,
    HouseholdKind,
    SyntheticHousehold,
    child_allowance,
)

MONTH = "2026-01"
FIRST_OF_MONTH = date(2026, 1, 1)


@pytest.fixture(scope="module")
def sample() -> list[SyntheticHousehold]:
    return generate_households(20260101, 5000, MONTH)


def test_every_personnummer_is_synthetic_valid_and_unique(
    sample: list[SyntheticHousehold],
) -> None:
    seen: set[str] = set()
    for h in sample:
        for person in h.people:
            p = person.personnummer
            assert re.fullmatch(r"\d{8}-\d{4}", p)
            assert pn.luhn_ok(p[2:8] + p[9:])
            assert pn.is_valid(p) and pn.is_synthetic(p)
            month = int(p[4:6])
            assert 21 <= month <= 32  # never in the real space (months 01–12)
            assert pn.birth_date(p) == person.birth_date
            assert (int(p[11]) % 2 == 1) == (person.sex == "M")
            assert p not in seen
            seen.add(p)


def test_ages_match_birth_dates(sample: list[SyntheticHousehold]) -> None:
    for h in sample:
        for m in h.members:
            b = m.person.birth_date
            age = FIRST_OF_MONTH.year - b.year - ((b.month, b.day) > (1, 1))
            assert age == m.age
            assert m.person.member_id == m.id


def test_same_seed_same_output_and_prefix() -> None:
    a = [h.to_dict() for h in generate_households(7, 300, MONTH)]
    b = [h.to_dict() for h in generate_households(7, 300, MONTH)]
    assert a == b
    assert [h.to_dict() for h in iter_households(7, 100, MONTH)] == a[:100]


def test_different_seeds_differ() -> None:
    a = [h.to_dict() for h in generate_households(1, 50, MONTH)]
    b = [h.to_dict() for h in generate_households(2, 50, MONTH)]
    assert a != b


def test_distribution_is_plausible(sample: list[SyntheticHousehold]) -> None:
    n = len(sample)
    kinds = Counter(h.kind for h in sample)
    assert 0.50 < kinds[HouseholdKind.SINGLE] / n < 0.70  # the largest group
    assert 0.12 < kinds[HouseholdKind.SINGLE_PARENT] / n < 0.28
    assert kinds[HouseholdKind.COUPLE] > 0 and kinds[HouseholdKind.COUPLE_WITH_CHILDREN] > 0
    single_parents = [h for h in sample if h.kind is HouseholdKind.SINGLE_PARENT]
    women = sum(1 for h in single_parents if h.applicant.sex == "F")
    assert women / len(single_parents) > 0.7
    for h in single_parents:
        assert 1 <= sum(1 for m in h.members if m.role == "child") <= 3
    roles = Counter(m.role for h in sample for m in h.members)
    assert roles["other_adult"] > 0
    assert any(m.days_per_month for h in sample for m in h.members)  # umgängesbarn
    types = {i.type for h in sample for i in h.incomes}
    assert types == set(INCOME_TYPES)
    rents = [h.costs.rent for h in sample]
    assert sum(1 for r in rents if r == 0) / n < 0.06
    assert all(Decimal(4000) <= r <= Decimal(14000) for r in rents if r != 0)
    assert 0 < sum(1 for h in sample if h.vehicles) / n < 0.06
    assert 0.03 < sum(1 for h in sample if h.extra_needs) / n < 0.15
    assert any(h.costs.work_travel > 0 for h in sample)
    assert any(h.costs.union_and_a_kassa > 0 for h in sample)
    assert {m.labour_market for h in sample for m in h.members if m.role != "child"} >= {
        "registered_af",
        "studying",
        "sick",
        "parental_leave",
    }
    for h in sample:
        parent_age = h.members[0].age
        for m in h.members:
            assert 0 <= m.age <= 90
            if m.role == "child":
                assert m.age <= 17 and parent_age - m.age >= 18


def _money(h: SyntheticHousehold) -> list[Decimal]:
    c = h.costs
    out = [c.rent, c.household_electricity, c.home_insurance, c.union_and_a_kassa, c.work_travel]
    out += [i.amount for i in h.incomes] + [a.amount for a in h.assets]
    out += [v.value for v in h.vehicles] + [n.amount for n in h.extra_needs]
    return out


def test_money_is_decimal_with_two_decimals_and_not_negative(
    sample: list[SyntheticHousehold],
) -> None:
    for h in sample:
        for amount in _money(h):
            assert type(amount) is Decimal
            assert amount.as_tuple().exponent == -2
            assert amount >= 0


def test_child_allowance_amounts() -> None:
    assert child_allowance(0) == 0
    assert child_allowance(1) == 1250
    assert child_allowance(2) == 2 * 1250 + 150
    assert child_allowance(3) == 3 * 1250 + 730
    assert child_allowance(1, 1) == 1250 + 150  # the 16-year-old counts for flerbarnstillägg
    assert child_allowance(6) == 6 * 1250 + 2990 + 1250


def test_child_allowance_in_households(sample: list[SyntheticHousehold]) -> None:
    for h in sample:
        living = [m for m in h.members if m.role == "child" and m.days_per_month is None]
        allowance = [i for i in h.incomes if i.type == "child_allowance"]
        if living:
            under16 = sum(1 for m in living if m.age < 16)
            assert allowance[0].amount == child_allowance(under16, len(living) - under16)
            assert allowance[0].member == "a1"
        else:
            assert not allowance


ALLOWED_TOP = {"month", "municipality", "household", "costs", "incomes", "months_on_assistance"}
COST_KEYS = {"rent", "household_electricity", "home_insurance", "union_and_a_kassa", "work_travel"}


def test_rules_input_shape(sample: list[SyntheticHousehold]) -> None:
    for h in sample[:1000]:
        d = h.to_rules_input()
        assert set(d) <= ALLOWED_TOP and d["month"] == MONTH
        assert "municipality" not in d
        ids = set()
        for row in d["household"]:
            assert set(row) <= {"id", "role", "age", "lunch_at_home"}
            assert re.fullmatch(r"[apco]\d", row["id"])
            assert row["role"] in {"applicant", "partner", "child", "other_adult"}
            if "lunch_at_home" in row:
                assert row["role"] == "child" and row["age"] <= 6
            elif row["role"] == "child":
                assert row["age"] > 6
            ids.add(row["id"])
        assert d["household"][0]["role"] == "applicant"
        assert set(d["costs"]) == COST_KEYS
        for inc in d["incomes"]:
            assert inc["member"] in ids and inc["type"] in INCOME_TYPES
            assert re.fullmatch(r"\d+\.\d\d", inc["amount"])
        assert all(re.fullmatch(r"\d+\.\d\d", v) for v in d["costs"].values())
        assert isinstance(d["months_on_assistance"], int) and d["months_on_assistance"] >= 0
        text = json.dumps(d)
        for person in h.people:
            assert person.personnummer not in text and person.surname not in text


def test_municipality_and_full_dict() -> None:
    (h,) = generate_households(3, 1, "2025-12", municipality="Exempelby")
    assert h.to_rules_input()["municipality"] == "Exempelby"
    full = json.loads(json.dumps(h.to_dict(), ensure_ascii=False))
    assert full["people"][0]["personnummer"] == h.applicant.personnummer
    assert h.applicant.display_name == f"{h.applicant.first_name} {h.applicant.surname}"
    assert "(syntetisk)" not in h.applicant.display_name
    assert h.applicant.marked_name.endswith("(syntetisk)")


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "26-01", "januari"])
def test_bad_month(bad: str) -> None:
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM"):
        generate_households(1, 1, bad)


def test_cli_prints_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--seed", "1", "--count", "5", "--month", MONTH]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    expected = [h.to_rules_input() for h in generate_households(1, 5, MONTH)]
    assert [json.loads(line) for line in lines] == expected


def test_cli_full(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--count", "2", "--month", MONTH, "--full"]) == 0
    rows: list[dict[str, Any]] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert all(pn.is_synthetic(p["personnummer"]) for r in rows for p in r["people"])


def test_module_runs_without_django() -> None:
    code = (
        "import sys, runpy; sys.argv = ['x', '--count', '2', '--month', '2026-01'];"
        "import bistand.synthetic.households, bistand.synthetic.personnummer;"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    out = subprocess.run(
        [sys.executable, "-m", "bistand.synthetic", "--count", "2", "--month", MONTH],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert len(out.splitlines()) == 2
