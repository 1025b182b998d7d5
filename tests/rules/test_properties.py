"""Properties an auditor relies on, checked over generated households (hypothesis)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.rules import (
    HouseholdInput,
    HouseholdTable,
    calculate,
    calculate_batch,
)
from bistand.rules.money import parse_kronor

from .strategies import households, kronor


def ore(text: str) -> int:
    return parse_kronor(text)


@settings(max_examples=300, deadline=None)
@given(households())
def test_never_negative_and_exact_in_ore(data: dict[str, Any]) -> None:
    out = calculate(data).to_dict()
    for key in ("riksnorm", "costs_approved", "income_counted", "amount", "normoverskott"):
        value = Decimal(out[key])
        assert value >= 0
        assert value == value.quantize(Decimal("0.01"))
        assert out[key] == f"{value:.2f}"


@settings(max_examples=300, deadline=None)
@given(households())
def test_lines_add_up_to_the_amount(data: dict[str, Any]) -> None:
    """max(0, Σ add − Σ subtract) over the lines is the amount paid, and each category's
    lines add up to its total."""
    out = calculate(data).to_dict()
    add = sum(ore(line["amount"]) for line in out["lines"] if line["effect"] == "add")
    sub = sum(ore(line["amount"]) for line in out["lines"] if line["effect"] == "subtract")
    assert max(0, add - sub) == ore(out["amount"])
    norm = sum(
        ore(x["amount"]) * (1 if x["effect"] == "add" else -1)
        for x in out["lines"]
        if x["category"] == "riksnorm" and x["effect"] != "info"
    )
    assert norm == ore(out["riksnorm"])
    income = sum(
        ore(x["amount"])
        for x in out["lines"]
        if x["category"] == "inkomster" and x["effect"] == "subtract"
    )
    assert income == ore(out["income_counted"])
    for line in out["lines"]:
        assert line["rule"] and line["source"] and line["text"]


@settings(max_examples=200, deadline=None)
@given(households(), kronor(2_000_000), st.sampled_from(["pension", "salary", "other"]))
def test_more_income_never_more_assistance(data: dict[str, Any], extra: str, kind: str) -> None:
    before = calculate(data)
    richer = copy.deepcopy(data)
    richer["incomes"].append({"member": "a1", "type": kind, "amount": extra})
    after = calculate(richer)
    assert after.amount_ore <= before.amount_ore
    # and at most one krona less per krona of extra income
    assert before.amount_ore - after.amount_ore <= ore(extra)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["2025-07", "2026-01", "2026-02"]).flatmap(
        lambda m: st.lists(households(month=m), min_size=1, max_size=12)
    )
)
def test_batch_equals_single(rows: list[dict[str, Any]]) -> None:
    inputs = [HouseholdInput.from_dict(r) for r in rows]
    batch = calculate_batch(HouseholdTable.from_inputs(inputs))
    for i, inp in enumerate(inputs):
        single = calculate(inp)
        assert int(batch.riksnorm[i]) == single.riksnorm_ore
        assert int(batch.costs_approved[i]) == single.costs_approved_ore
        assert int(batch.livsforing_granted[i]) == single.livsforing_granted_ore
        assert int(batch.income_counted[i]) == single.income_counted_ore
        assert int(batch.assets_counted[i]) == single.assets_counted_ore
        assert int(batch.amount[i]) == single.amount_ore
        assert int(batch.normoverskott[i]) == single.normoverskott_ore
        assert bool(batch.eligible[i]) == single.eligible


def _assert_batch_equals_single(rows: list[dict[str, Any]]) -> None:
    inputs = [HouseholdInput.from_dict(r) for r in rows]
    batch = calculate_batch(HouseholdTable.from_inputs(inputs))
    for i, inp in enumerate(inputs):
        single = calculate(inp)
        assert int(batch.riksnorm[i]) == single.riksnorm_ore
        assert int(batch.costs_approved[i]) == single.costs_approved_ore
        assert int(batch.income_counted[i]) == single.income_counted_ore
        assert int(batch.assets_counted[i]) == single.assets_counted_ore
        assert int(batch.amount[i]) == single.amount_ore
        assert int(batch.normoverskott[i]) == single.normoverskott_ore
        assert bool(batch.eligible[i]) == single.eligible


@st.composite
def plain_households(draw: st.DrawFn) -> dict[str, Any]:
    """The common shape: a family alone in its home, children living here all month, no
    guideline, at most one salary a person, sometimes months enough for jobbstimulans."""
    members: list[dict[str, Any]] = [
        {"id": "a1", "role": "applicant", "age": draw(st.integers(18, 80))}
    ]
    if draw(st.booleans()):
        members.append({"id": "p1", "role": "partner", "age": draw(st.integers(18, 80))})
    for i in range(draw(st.integers(0, 4))):
        age = draw(st.integers(0, 20))
        child: dict[str, Any] = {"id": f"c{i + 1}", "role": "child", "age": age}
        if age >= 18:
            child["in_school"] = True
        members.append(child)
    earners = draw(st.lists(st.sampled_from([m["id"] for m in members]), unique=True))
    return {
        "month": "2026-01",
        "household": members,
        "costs": {"rent": draw(kronor(1_500_000))},
        "incomes": [
            {"member": m, "type": draw(st.sampled_from(["salary", "pension"])), "amount": a}
            for m in earners
            for a in [draw(kronor(4_000_000))]
        ],
        "months_on_assistance": draw(st.sampled_from([0, 3, 5, 6, 7, 12, 30])),
    }


@settings(max_examples=150, deadline=None)
@given(st.lists(plain_households(), min_size=1, max_size=12))
def test_batch_equals_single_for_the_common_shape(rows: list[dict[str, Any]]) -> None:
    """The batch's shortcuts for a table where nobody shares a home, has umgänge, lunch away,
    a guideline, a second salary or (in some tables) months enough for jobbstimulans
    (rules 2.0.7) give the single calculation's öre, as the general path does."""
    _assert_batch_equals_single(rows)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(plain_households(), min_size=1, max_size=6),
    st.lists(households(month="2026-01"), min_size=1, max_size=6),
)
def test_batch_equals_single_when_the_common_shape_meets_the_rest(
    plain: list[dict[str, Any]], other: list[dict[str, Any]]
) -> None:
    """The same households in a table with any others: the general path, the same öre."""
    _assert_batch_equals_single(plain + other)


@settings(max_examples=100, deadline=None)
@given(households())
def test_input_round_trips(data: dict[str, Any]) -> None:
    inp = HouseholdInput.from_dict(data)
    assert HouseholdInput.from_dict(inp.to_dict()) == inp


@settings(max_examples=100, deadline=None)
@given(households(), st.randoms(use_true_random=False))
def test_member_order_does_not_change_the_amount(data: dict[str, Any], rnd: Any) -> None:
    shuffled = copy.deepcopy(data)
    shuffled["household"] = list(reversed(shuffled["household"]))
    assert calculate(shuffled).amount_ore == calculate(data).amount_ore
    rnd.shuffle(shuffled["household"])
    assert calculate(shuffled).amount_ore == calculate(data).amount_ore


@st.composite
def umgangesbarn_on_the_same_days(draw: st.DrawFn) -> dict[str, Any]:
    """A household (with any children of its own) and two to five more umgängesbarn, most of them
    staying the same number of days, some with own income (where list order used to matter)."""
    data = draw(households())
    days = draw(st.sampled_from([1, 5, 10, 15]))
    count = draw(st.integers(2, 5))
    for i in range(count):
        child: dict[str, Any] = {
            "id": f"u{i + 1}",
            "role": "child",
            "age": draw(st.integers(0, 17)),
            "umgange_days": days if draw(st.integers(0, 3)) else draw(st.integers(1, 28)),
        }
        lunch = draw(st.sampled_from([None, True, False]))
        if lunch is not None:
            child["lunch_at_home"] = lunch
        data["household"].append(child)
        if draw(st.booleans()):
            data["incomes"].append(
                {"member": child["id"], "type": "salary", "amount": draw(kronor(400_000))}
            )
    return data


@settings(max_examples=300, deadline=None)
@given(umgangesbarn_on_the_same_days(), st.randoms(use_true_random=False))
def test_umgangesbarn_on_the_same_days_get_the_same_amount_in_any_order(
    data: dict[str, Any], rnd: Any
) -> None:
    """Rules 2.0.8: umgängesbarn staying the same days share the increase of the shared costs
    equally, so no order of the household list changes an amount, a child's share or the norm
    (before 2.0.8 each took the next step in list order, and a child's own income counts only up
    to the child's share: ORDER_DEFECT below)."""
    out = calculate(data).to_dict()
    shuffled = copy.deepcopy(data)
    rnd.shuffle(shuffled["household"])
    again = calculate(shuffled).to_dict()
    for key in ("riksnorm", "income_counted", "amount", "normoverskott"):
        assert again[key] == out[key]

    def by_member(o: dict[str, Any]) -> list[tuple[str, str, str]]:
        return sorted((str(x["member"]), x["rule"], x["amount"]) for x in o["lines"])

    assert by_member(again) == by_member(out)
    _assert_batch_equals_single([data, shuffled])


# Found by the member-order property in session 6's full run (hypothesis' own shrunk example):
# 17 648 / 17 647 öre by the order of the list under rules 2.0.0–2.0.7.
ORDER_DEFECT: dict[str, Any] = {
    "month": "2025-01",
    "household": [
        {"id": "a1", "role": "applicant", "age": 18},
        {"id": "c1", "role": "child", "age": 0, "umgange_days": 1},
        {"id": "c2", "role": "child", "age": 0, "umgange_days": 1},
        {"id": "c3", "role": "child", "age": 0, "umgange_days": 1},
        {"id": "c4", "role": "child", "age": 0, "lunch_at_home": True, "umgange_days": 1},
    ],
    "days_in_period": 1,
    "costs": {},
    "incomes": [{"member": "c1", "type": "activity_support", "amount": "2.98"}],
    "months_on_assistance": 0,
    "assets": [{"member": "a1", "kind": "bank_account", "amount": "0.05"}],
}


def test_the_order_of_umgangesbarn_with_own_income_does_not_change_the_amount() -> None:
    shuffled = copy.deepcopy(ORDER_DEFECT)
    shuffled["household"] = list(reversed(shuffled["household"]))
    assert calculate(shuffled).amount_ore == calculate(ORDER_DEFECT).amount_ore == 17_647


def test_umgangesbarn_on_the_same_days_share_the_increase_equally() -> None:
    """Four umgängesbarn for one day of January 2025: the shared costs of a home of one person
    (1 270 kr) and of five (2 310 kr) differ by 1 040 kr (2025 amounts, SFS 2024:1016); each
    child's part of the increase is 260 kr, and with its personal costs (2 720 kr for a child of
    0) for 1 day of 31 the child's line is 96,13 kr: the same for each, whatever the order."""
    out = calculate(ORDER_DEFECT).to_dict()
    lines = [x for x in out["lines"] if x["rule"] == "riksnorm.umgange_same_days"]
    assert sorted(x["member"] for x in lines) == ["c1", "c2", "c3", "c4"]
    for x in lines:
        assert "ökar med 1\u00a0040\u00a0kr för de 4 barnen" in x["text"]
        assert "260\u00a0kr för varje barn" in x["text"]
        assert "lika många dagar som 3 andra umgängesbarn" in x["text"]
        assert x["amount"] == "96.13"


PERSONAL_COSTS = {
    "riksnorm.adult.ensamstaende",
    "riksnorm.adult.sambo",
    "riksnorm.child",
    "riksnorm.child.utan_lunch",
}


def _lowering_cut_at_zero(data: dict[str, Any], out: dict[str, Any]) -> bool:
    """Whether the norm lowerings asked for were cut so that the norm stays at zero."""
    asked = sum(-ore(a["amount"]) for a in data.get("norm_adjustments", []) if ore(a["amount"]) < 0)
    made = sum(
        ore(x["amount"])
        for x in out["lines"]
        if x["rule"] == "riksnorm.adjustment" and x["effect"] == "subtract"
    )
    return made != asked


@settings(max_examples=200, deadline=None)
@given(households(), st.none() | st.integers(0, 90))
def test_a_home_member_never_raises_the_amount_and_changes_only_the_per_head_shares(
    data: dict[str, Any], age: int | None
) -> None:
    """A person who shares the home but belongs to another household there (12 kap. 3 § andra
    stycket SoF 2025:468) only makes the home one person larger: the applicant's family gets a
    smaller per-head share of the shared costs, the rent and the electricity, and nothing else
    changes (the personal costs are the same; his or her incomes are never counted). Umgängesbarn
    are left out: their part is the marginal cost of one more person, which the table does not
    make smaller for every home size."""
    for m in data["household"]:
        m.pop("umgange_days", None)
    before = calculate(data).to_dict()
    more = copy.deepcopy(data)
    more["household"].append({"id": "x9", "role": "home_member", "age": age})
    more["incomes"].append({"member": "x9", "type": "salary", "amount": "25000.00"})
    after = calculate(more).to_dict()

    def personal(out: dict[str, Any]) -> list[tuple[str, str, str]]:
        return sorted(
            (line["rule"], str(line["member"]), line["amount"])
            for line in out["lines"]
            if line["rule"] in PERSONAL_COSTS
        )

    assert personal(after) == personal(before)
    if _lowering_cut_at_zero(data, before) or _lowering_cut_at_zero(more, after):
        # A case worker's lowering larger than the norm is cut at zero, while a child's own
        # income still counts only up to the child's (not lowered) share: there the amount can
        # move by an öre either way. Left to the rules owner (closing note 2026-12-07).
        return
    assert ore(after["amount"]) <= ore(before["amount"])
    needs_less = (ore(before["riksnorm"]) - ore(after["riksnorm"])) + (
        ore(before["costs_approved"]) - ore(after["costs_approved"])
    )
    assert needs_less >= 0
    # The amount goes down by no more than the needs did: the shares are the only change.
    assert ore(before["amount"]) - ore(after["amount"]) <= needs_less
    (line,) = [
        x for x in after["lines"] if x["rule"] == "riksnorm.home_member" and x["member"] == "x9"
    ]
    assert line["effect"] == "info" and line["amount"] == "0.00"
    assert " kr" not in line["text"]
