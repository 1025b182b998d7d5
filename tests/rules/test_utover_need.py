"""Rules 2.0.8: a need the case worker decided as bistånd utöver (SoL 2025:400 12 kap. 2 §;
4 kap. 2 § SoL 2001:453 before 2025-07-01) is marked in the input (``basis: utover``). Its line
cites that paragraph, and the result is named ekonomiskt bistånd and cites it too: the total is
not försörjningsstöd (12 kap. 1 §), and the decision's posts say which part is which (ADR 0310).
The amount is the same as under the right."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bistand.rules import HouseholdInput, HouseholdTable, InputError, calculate, calculate_batch


def household(month: str = "2026-12", basis: str | None = "utover") -> dict[str, Any]:
    glasses: dict[str, Any] = {
        "need": "n1",
        "decision": "granted",
        "amount": "1200.00",
        "reason": "Skäl finns.",
    }
    if basis is not None:
        glasses["basis"] = basis
    return {
        "month": month,
        "household": [{"id": "a1", "role": "applicant", "age": 40}],
        "costs": {"rent": "6500.00"},
        "incomes": [{"member": "a1", "type": "salary", "amount": "1500.00"}],
        "other_needs": [
            {"id": "n1", "kind": "glasogon", "amount": "1200.00"},
            {"id": "n2", "kind": "tandvard", "amount": "800.00"},
        ],
        "assessed_needs": [
            glasses,
            {"need": "n2", "decision": "granted", "amount": "800.00", "reason": "Akut."},
        ],
    }


def lines(out: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [x for x in out["lines"] if x["rule"] == rule]


def test_the_utover_need_and_the_result_cite_12_kap_2() -> None:
    out = calculate(household()).to_dict()
    (need,) = lines(out, "livsforing_i_ovrigt.utover_granted")
    assert need["source"] == "12 kap. 2 § socialtjänstlagen (2025:400)"
    assert "beviljas efter prövning som bistånd utöver det du har rätt till" in need["text"]
    (other,) = lines(out, "livsforing_i_ovrigt.granted")
    assert other["source"] == "12 kap. 1 § socialtjänstlagen (2025:400)"
    (result,) = lines(out, "forsorjningsstod.amount_with_utover")
    assert "12 kap. 2 § socialtjänstlagen (2025:400)" in result["source"]
    assert "12 kap. 1 § socialtjänstlagen (2025:400)" in result["source"]
    assert result["what"] == "Ekonomiskt bistånd"
    assert (
        "varav 800\u00a0kr för levnadskostnader i övrigt och 1\u00a0200\u00a0kr bistånd utöver "
        "det du har rätt till" in result["text"]
    )
    assert "Det ekonomiska biståndet blir 12\u00a0220\u00a0kr." in result["text"]
    assert "Försörjningsstöd" not in result["text"]


def test_the_amount_is_the_same_as_under_the_right() -> None:
    utover, right = calculate(household()), calculate(household(basis=None))
    assert utover.amount_ore == right.amount_ore == 1_222_000
    (result,) = lines(right.to_dict(), "forsorjningsstod.amount")
    assert "varav 2\u00a0000\u00a0kr för levnadskostnader i övrigt" in result["text"]
    assert "12 kap. 2 §" not in result["source"]
    # The normalised input keeps the basis only where it is utöver (older inputs read the same).
    assert "basis" not in right.to_dict()["input"]["assessed_needs"][0]
    assert utover.to_dict()["input"]["assessed_needs"][0]["basis"] == "utover"
    normalised = utover.to_dict()["input"]
    assert HouseholdInput.from_dict(normalised).to_dict() == normalised


def test_before_july_2025_the_repealed_act_is_cited() -> None:
    out = calculate(household(month="2025-03")).to_dict()
    (need,) = lines(out, "livsforing_i_ovrigt.utover_granted")
    assert need["source"] == "4 kap. 2 § socialtjänstlagen (2001:453)"
    (result,) = lines(out, "forsorjningsstod.amount_with_utover")
    assert "livsföring i övrigt" in result["text"]


def test_an_unknown_basis_is_refused_at_the_field() -> None:
    with pytest.raises(InputError) as refused:
        calculate(household(basis="kanske"))
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("assessed_needs[0].basis", "Ska vara right eller utover.")
    ]


def test_a_refused_utover_need_says_so() -> None:
    data = household()
    data["assessed_needs"][0].update(decision="denied", amount="0.00")
    (need,) = lines(calculate(data).to_dict(), "livsforing_i_ovrigt.utover_denied")
    assert "beviljas inte som bistånd utöver det du har rätt till" in need["text"]
    assert need["source"] == "12 kap. 2 § socialtjänstlagen (2025:400)"


def test_the_batch_gives_the_same_ore() -> None:
    rows = [household(), household(basis=None)]
    inputs = [HouseholdInput.from_dict(copy.deepcopy(r)) for r in rows]
    batch = calculate_batch(HouseholdTable.from_inputs(inputs))
    assert [int(a) for a in batch.amount] == [calculate(i).amount_ore for i in inputs]
