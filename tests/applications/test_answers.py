"""The answers contract: amounts as people write them, exact money, the rules engine's input."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bistand.applications.answers import (
    AmountError,
    Answers,
    parse_amount,
    rules_input_from_answers,
)
from bistand.core.format import kronor
from bistand.synthetic import personnummer as pnr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 123,50", "4123.50"),
        ("4123.50", "4123.50"),
        ("4 123", "4123.00"),
        ("4\u00a0123,5", "4123.50"),
        ("0", "0.00"),
        ("1 000 000", "1000000.00"),
        (" 250 kr", "250.00"),
    ],
)
def test_parse_amount_accepts_how_people_write(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "negativt"),
        ("1 000 000,01", "1 000 000"),
        ("abc", "fel format"),
        ("12,345", "två decimaler"),
        ("1e5", "fel format"),
        ("NaN", "fel format"),
        ("4 12", "fel format"),
        ("", "Skriv ett belopp"),
        ("<script>", "fel format"),
        ("9" * 400, "för långt"),
        ("١٢٣", "fel format"),  # non-ASCII digits
    ],
)
def test_parse_amount_rejects_with_a_swedish_message(text, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


@given(st.integers(min_value=0, max_value=100_000_000))
def test_parse_amount_round_trips_every_amount_in_ore(ore):
    amount = Decimal(ore) / 100
    swedish = kronor(amount).replace("\u00a0kr", "").replace("\u00a0", " ")
    assert parse_amount(swedish) == amount
    assert parse_amount(f"{amount:.2f}") == amount
    assert parse_amount(f"{amount:.2f}".replace(".", ",")) == amount


@given(st.text(max_size=40))
def test_parse_amount_never_returns_negative_or_too_large_and_never_crashes(text):
    try:
        amount = parse_amount(text)
    except AmountError as exc:
        assert str(exc)
    else:
        assert isinstance(amount, Decimal)
        assert Decimal(0) <= amount <= Decimal(1_000_000)
        assert amount == amount.quantize(Decimal("0.01"))


@given(st.decimals(min_value=-(10**9), max_value=Decimal("-0.01"), places=2, allow_nan=False))
def test_parse_amount_rejects_every_negative(amount):
    with pytest.raises(AmountError):
        parse_amount(str(amount))


def test_parse_amount_rejects_floats_and_other_types():
    for value in (1.5, None, True, [], {}):
        with pytest.raises(AmountError):
            parse_amount(value)


def test_answers_from_json_tolerates_garbage():
    typed = Answers.from_json(
        {"household": "x", "children": {"items": [1, None]}, "incomes": {"a1": {"salary": -5}}}
    )
    assert typed.household.children_count == 0
    assert typed.incomes.by_member == {"a1": {}}


PARTNER = pnr.generate(random.Random(7), date(1984, 9, 3))
ANSWERS = {
    "household": {
        "has_partner": True,
        "partner_personnummer": PARTNER,
        "children_count": 2,
        "other_adults_count": 1,
    },
    "children": {
        "items": [
            {"birth_date": "2022-06-01", "lunch_at_school": True, "lives_here": "full"},
            {
                "birth_date": "2016-12-31",
                "lunch_at_school": False,
                "lives_here": "umgange",
                "umgange_days": 6,
            },
        ]
    },
    "other_adults": {"items": [{"birth_date": "2005-12-02"}]},
    "housing": {"housing_type": "rental", "rent": "7200.00", "household_electricity": "310.50"},
    "incomes": {"a1": {"salary": "5000.00"}, "p1": {"child_allowance": "1250.00"}},
    "assets": {"bank_balance": "300.00", "has_vehicle": False},
    "needs": {"items": [{"type": "dental_care", "amount": "2500.00", "reason": "Tandvärk"}]},
}


def test_rules_input_members_ages_and_money():
    data = rules_input_from_answers(
        ANSWERS, month=date(2026, 12, 1), applicant_personnummer=None, first_time_applicant=True
    )
    assert data["month"] == "2026-12"
    ids = [(m["id"], m["role"]) for m in data["household"]]
    assert ids == [
        ("a1", "applicant"),
        ("p1", "partner"),
        ("c1", "child"),
        ("c2", "child"),
        ("o1", "other_adult"),
    ]
    c1, c2, o1 = data["household"][2], data["household"][3], data["household"][4]
    assert data["household"][1]["age"] == 42
    assert c1["age"] == 4 and c1["lunch_at_home"] is False
    assert c2["age"] == 9 and c2["umgange_days"] == 6  # turns 10 on 31 December, after the 1st
    assert o1["age"] == 20  # 21 on 2 December, after the 1st
    assert data["costs"]["rent"] == "7200.00"
    assert data["costs"]["household_electricity"] == "310.50"
    assert data["incomes"] == [
        {"member": "a1", "type": "salary", "amount": "5000.00"},
        {"member": "p1", "type": "child_allowance", "amount": "1250.00"},
    ]
    assert data["other_needs"][0]["kind"] == "tandvard"
    assert data["first_time_applicant"] is True
    assert PARTNER not in str(data)  # member ids, never personnummer
    assert not any(isinstance(v, float) for v in _walk(data))


def test_rules_input_is_accepted_by_the_rules_engine():
    inputs = pytest.importorskip("bistand.rules.inputs")
    data = rules_input_from_answers(ANSWERS, month=date(2026, 12, 1), applicant_personnummer=None)
    parsed = inputs.HouseholdInput.from_dict(data)
    assert len(parsed.household) == 5


def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value
