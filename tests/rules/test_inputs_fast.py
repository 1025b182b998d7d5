"""The one-pass reading of a valid input (issue 16 item 4) gives exactly what the full parser
gives, and leaves every invalid input to the parser, which names the errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings

from bistand.rules import household, inputs
from bistand.rules.inputs import HouseholdInput, InputError, _Parser, _valid_input

from .strategies import households
from .test_cases import load_cases


def full(data: Any) -> HouseholdInput:
    return _Parser().household_input(data)


@settings(max_examples=300, deadline=None)
@given(households())
def test_a_generated_household_is_read_in_one_pass_exactly_as_the_parser_reads_it(data):
    fast = _valid_input(data)
    assert fast is not None  # the usual shape takes the one-pass path
    assert fast == full(data)
    assert fast.to_dict() == full(data).to_dict()


@pytest.mark.parametrize("case", load_cases())
def test_every_yaml_case_reads_the_same_and_every_invalid_one_goes_to_the_parser(case):
    data = case["input"]
    fast = _valid_input(data)
    try:
        parsed = full(data)
    except InputError:
        assert fast is None  # the parser names the errors
    else:  # valid (an error case may still fail in the calculation, e.g. a month without tables)
        assert fast is None or fast == parsed


BASE: dict[str, Any] = {
    "month": "2026-01",
    "household": [
        {"id": "a1", "role": "applicant", "age": 34},
        {"id": "c1", "role": "child", "age": 19, "in_school": True},
    ],
    "costs": {"rent": "8450.75", "rent_agreed_share": "4000"},
    "incomes": [{"member": "a1", "type": "pension", "amount": "4123.5"}],
}


def changed(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("month",), "2026-13"),
        (("month",), "2026-1"),
        (("typo",), 1),
        (("household", 0, "role"), "boss"),
        (("household", 0, "id"), " "),
        (("household", 1, "id"), "a1"),
        (("household", 1, "age"), 21),
        (("household", 1, "age"), True),
        (("household", 1, "in_school"), None),
        (("household", 1, "in_school"), "yes"),
        (("household", 0, "umgange_days"), 3),
        (("household", 0, "earnings_exempted_this_year"), "100"),
        (("costs", "rent"), "12.345"),
        (("costs", "rent"), -5),
        (("costs", "rent"), 1.5),
        (("costs", "rent_agreed_share"), "9000"),
        (("costs", "rent_radrum_until"), "2026-02-30"),
        (("incomes", 0, "member"), "x9"),
        (("incomes", 0, "type"), "lottery"),
        (("months_on_assistance",), -1),
        (("surplus_arose",), "2026-01"),
        (("first_time_applicant",), "no"),
        (("municipality",), "Ingenstans"),
        (("assets",), [{"member": "a1", "kind": "gold", "amount": "1"}]),
    ],
)
def test_an_invalid_input_is_left_to_the_parser_which_names_the_field(path, value):
    data = changed(path, value)
    assert _valid_input(data) is None
    with pytest.raises(InputError):
        HouseholdInput.from_dict(data)


def test_a_case_workers_assessed_rent_reads_the_same_and_needs_its_reason():
    costs = {"rent": "8000", "rent_assessed_max": "7000", "rent_assessed_reason": " Skäl "}
    data = {**BASE, "costs": costs}
    fast = _valid_input(data)
    assert fast is not None and fast == full(data)
    assert fast.costs.rent_assessed_max == 700_000 and fast.costs.rent_assessed_reason == "Skäl"
    for wrong in ({"rent_assessed_max": "7000"}, {"rent_assessed_reason": "Skäl"}):
        data = {**BASE, "costs": {"rent": "8000", **wrong}}
        assert _valid_input(data) is None
        with pytest.raises(InputError):
            HouseholdInput.from_dict(data)


@pytest.mark.parametrize(
    "value", ["8 450,75", "8450,75", 8450, "  8450.75 ", "8450.7", "0008450.75"]
)
def test_other_valid_money_forms_read_the_same(value):
    data = changed(("costs", "rent"), value)
    fast = _valid_input(data)
    assert fast is not None and fast == full(data)


@pytest.mark.parametrize("value", ["", 0, {}, "x"])
def test_a_list_field_that_is_not_a_list_is_left_to_the_parser(value):
    for field in ("assets", "other_needs", "assessed_needs", "norm_adjustments"):
        data = {**BASE, field: value}
        assert _valid_input(data) is None
        with_other = {
            **data,
            "norm_adjustments" if field != "norm_adjustments" else "assets": [
                {"amount": "100", "reason": "Fördyrad kost"}
                if field != "norm_adjustments"
                else {"member": "a1", "kind": "cash", "amount": "5"}
            ],
        }
        assert _valid_input(with_other) is None
        with pytest.raises(InputError):
            HouseholdInput.from_dict(with_other)


@pytest.mark.parametrize(
    ("where", "value"),
    [("role", []), ("role", {"x": 1}), ("id", ["a1"])],
)
def test_a_list_or_dict_where_a_text_belongs_is_a_field_error_not_a_crash(where, value):
    """Found by the CLI fuzz test: the fast reader hashed a list ('unhashable type'). Such an
    input goes to the full parser, which names the field."""
    data: dict[str, Any] = {
        "month": "2026-01",
        "household": [{"id": "a1", "role": "applicant", "age": 34}],
        "costs": {"rent": "5000.00"},
        "incomes": [],
    }
    data["household"][0][where] = value
    with pytest.raises(InputError) as caught:
        HouseholdInput.from_dict(data)
    assert any(e.field.startswith("household[0]") for e in caught.value.errors)


def _field_values() -> dict[type, list[Any]]:
    """Each field of each class a different value of its type (a swapped field shows)."""
    from datetime import date

    a = inputs.Member("a", "applicant", 40)
    p = inputs.Member("p", "partner", 41, True, None, 0, None, None)
    c = inputs.Member("c", "child", 7, False, 3, 500, True, 2)
    costs = inputs.Costs(1, 2, 3, 4, 5, date(2026, 3, 1), 6, 7, 8, "skäl")
    income = inputs.Income("a", "pension", 9)
    return {
        inputs.Member: ["m", "child", 12, True, 4, 300, False, 5],
        inputs.Costs: [11, 12, 13, 14, 15, date(2026, 2, 1), 16, 17, 18, "bedömt"],
        inputs.Income: ["p", "salary", 19],
        inputs.HouseholdInput: [
            2026,
            2,
            (a, p, c),
            costs,
            (income,),
            "exempelkommun",
            20,
            21,
            (2025, 6),
            22,
            (2026, 1),
            True,
            False,
            (inputs.Asset("a", "cash", 23),),
            (inputs.OtherNeed("n1", "tandvard", 24, "a"),),
            (inputs.AssessedNeed("n1", "granted", 25, "skäl"),),
            (inputs.NormAdjustment(26, "skäl", "c"),),
        ],
        household.Household: [
            a,
            p,
            (c,),
            (),
            (),
            2,
            3,
            4,
            frozenset({"x"}),
            frozenset({"c"}),
        ],
    }


@pytest.mark.parametrize(
    ("cls", "new"),
    [
        (inputs.Member, inputs.new_member),
        (inputs.Costs, inputs.new_costs),
        (inputs.Income, inputs.new_income),
        (inputs.HouseholdInput, inputs.new_input),
        (household.Household, household._new_household),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_each_new_function_makes_what_the_class_makes_and_it_stays_frozen(cls, new):
    """The ``new_…`` functions (compiled: native fields set directly, rules 2.0.7) give the
    object the dataclass's own constructor gives, every field in place, still frozen."""
    import dataclasses

    values = _field_values()[cls]
    made = new(*values)
    assert type(made) is cls
    assert made == cls(*values)
    assert repr(made) == repr(cls(*values))
    assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(cls)[0].name, values[0])
