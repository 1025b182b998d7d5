"""One catalogue of income types (bistand.rules.income_types): every income type the engine knows
has a Swedish label, every label names a type the engine knows, and the e-service, the register
adapters and the synthetic data use the catalogue's declared types."""

from __future__ import annotations

from bistand.rules import calculate
from bistand.rules.income_types import (
    DECLARED_INCOME_TYPES,
    INCOME_LABELS,
    INCOME_TYPES,
    income_label,
)
from bistand.rules.inputs import income_types


def test_every_type_the_engine_knows_has_a_label_and_every_label_a_type() -> None:
    assert set(income_types()) == set(INCOME_TYPES) == set(INCOME_LABELS)
    for info in INCOME_TYPES.values():
        assert info.label.strip() and info.label[0].isupper(), info.key


def test_every_declared_type_is_asked_in_swedish_and_known_to_the_engine() -> None:
    assert set(DECLARED_INCOME_TYPES) <= set(income_types())
    for key in DECLARED_INCOME_TYPES:
        assert INCOME_TYPES[key].question, key


def test_the_calculation_line_carries_the_catalogue_label() -> None:
    result = calculate(
        {
            "month": "2026-03",
            "household": [{"id": "a1", "role": "applicant", "age": 40}],
            "incomes": [{"member": "a1", "type": "student_aid", "amount": "1000"}],
        }
    ).to_dict()
    whats = [str(line.get("what", "")) for line in result["lines"]]
    assert any(income_label("student_aid") in what for what in whats), whats


def test_the_e_service_registers_and_synthetic_data_use_the_declared_types() -> None:
    from bistand.applications import forms
    from bistand.registers import types
    from bistand.synthetic import households

    assert types.INCOME_TYPES == DECLARED_INCOME_TYPES
    assert households.INCOME_TYPES == DECLARED_INCOME_TYPES
    assert list(forms.INCOME_LABELS) == list(DECLARED_INCOME_TYPES)
