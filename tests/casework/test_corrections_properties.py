"""Where corrections meet arithmetic: a corrected income or cost moves the amount by exactly the
correction, through the rules engine, and a correction taken back gives the robot's figure
again. Property tests (hypothesis) on the plain functions; no database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bistand import rules
from bistand.casework.corrections import Correction, apply_corrections

CENTS = st.integers(0, 3_000_000).map(lambda ore: Decimal(ore) / 100)


@st.composite
def households(draw: Any) -> dict[str, Any]:
    members: list[dict[str, Any]] = [
        {"id": "a1", "role": "applicant", "age": draw(st.integers(21, 66))}
    ]
    if draw(st.booleans()):
        members.append({"id": "p1", "role": "partner", "age": draw(st.integers(21, 66))})
    for i in range(1, draw(st.integers(0, 3)) + 1):
        members.append({"id": f"c{i}", "role": "child", "age": draw(st.integers(0, 17))})
    return {
        "month": draw(st.sampled_from(["2025-03", "2025-09", "2026-01", "2026-06"])),
        "household": members,
        "costs": {
            "rent": f"{draw(CENTS):.2f}",
            "household_electricity": f"{draw(CENTS) / 10:.2f}",
        },
        "incomes": [
            {"member": "a1", "type": "salary", "amount": f"{draw(CENTS):.2f}"},
            {"member": "a1", "type": "child_allowance", "amount": f"{draw(CENTS) / 10:.2f}"},
        ],
        "months_on_assistance": 0,  # no jobbstimulans: the whole salary counts
    }


def amount(rules_input: dict[str, Any]) -> Decimal:
    return Decimal(rules.calculate(rules_input).to_dict()["amount"])


def salary(household: dict[str, Any], new: Decimal) -> Correction:
    old = Decimal(household["incomes"][0]["amount"])
    return Correction("income", "a1:salary", "Lön, sökande", f"{old:.2f}", f"{new:.2f}", "Skäl.")


@settings(max_examples=60, deadline=None)
@given(households(), CENTS)
def test_raising_a_counted_income_lowers_the_amount_by_the_same_kronor(household, raise_by):
    before = amount(household)
    old = Decimal(household["incomes"][0]["amount"])
    after = amount(apply_corrections(household, [salary(household, old + raise_by)]))
    assert after == max(Decimal("0.00"), before - raise_by) if before > 0 else after == 0


@settings(max_examples=60, deadline=None)
@given(households(), CENTS)
def test_a_higher_rent_without_a_guideline_raises_the_amount_by_the_same_kronor(household, more):
    before = amount(household)
    old = Decimal(household["costs"]["rent"])
    fix = Correction("cost", "rent", "Hyra", f"{old:.2f}", f"{old + more:.2f}", "Nytt avtal.")
    after = amount(apply_corrections(household, [fix]))
    # max(0, need − income): the raise fills the gap below zero first.
    assert after >= before
    assert after - before <= more
    if before > 0:
        assert after - before == more


@settings(max_examples=60, deadline=None)
@given(households(), CENTS)
def test_a_correction_taken_back_gives_the_robots_amount_and_the_base_is_untouched(household, new):
    copy = {**household, "incomes": [dict(i) for i in household["incomes"]]}
    first = salary(household, new)
    corrected = apply_corrections(household, [first])
    back = Correction("income", "a1:salary", "Lön, sökande", first.new, first.old, "Åter.")
    assert amount(apply_corrections(corrected, [back])) == amount(household)
    assert household == copy


@settings(max_examples=40, deadline=None)
@given(households(), st.integers(0, 17))
def test_adding_a_child_never_lowers_the_amount(household, age):
    add = Correction("member_add", "child", "Ny person i hushållet", "", f"child:{age}", "Skäl.")
    assert amount(apply_corrections(household, [add])) >= amount(household)
