"""The one-pass reading of a valid input (issue 16 item 4) gives exactly what the full parser
gives, and leaves every invalid input to the parser, which names the errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings

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
