"""The explanation is made when it is read (docs/adr/0016-rules-lazy-explanation.md); what a
citizen, a case worker or an auditor sees must not depend on when or how often it is read."""

from __future__ import annotations

import copy
import json
import pickle
import re
from typing import Any

import pytest
from hypothesis import given, settings

from bistand.rules import calculate, verify

from .strategies import households

PLACEHOLDER = re.compile(r"\{[0-9]*(![rsa])?(:[^}]*)?\}")


@settings(max_examples=200, deadline=None)
@given(households())
def test_reading_lines_first_does_not_change_the_stored_output(data: dict[str, Any]) -> None:
    untouched = calculate(data).to_dict()
    read_first = calculate(data)
    lines = read_first.lines
    read_first.what_would_change()
    out = read_first.to_dict()
    assert out == untouched
    assert [line["text"] for line in out["lines"]] == [line.text for line in lines]
    assert [line["amount"] for line in out["lines"]] == [
        f"{line.amount // 100}.{line.amount % 100:02d}" for line in lines
    ]


@settings(max_examples=100, deadline=None)
@given(households())
def test_no_output_can_change_the_next_one(data: dict[str, Any]) -> None:
    """The decision pipeline stores to_dict(); changing one stored output must not change the
    next calculation's output. The parts every output shares (the lines' citations and the
    parameter descriptions: docs/adr/0225) refuse any change; the rest is the output's own."""
    result = calculate(data)
    first = result.to_dict()
    expected = json.dumps(first, ensure_ascii=False)
    for line in first["lines"]:
        line["text"] = "ändrad"
        with pytest.raises(TypeError, match="shared by every calculation"):
            line["sources"][0]["text"] = "ändrad"
        with pytest.raises(TypeError):
            line["sources"].append({"text": "ändrad"})
    for param in first["parameters"]:
        with pytest.raises(TypeError):
            param["value"] = "ändrad"
        if isinstance(param["value"], list):
            with pytest.raises(TypeError):
                param["value"].append("ändrad")
        elif isinstance(param["value"], dict):
            with pytest.raises(TypeError):
                param["value"]["ändrad"] = True
    # The output's own parts change freely, and a deep copy is wholly the caller's.
    first["lines"].append({"text": "ändrad"})
    first["input"]["household"][0]["id"] = "ändrad"
    first["status"] = "ändrad"
    mine = copy.deepcopy(result.to_dict())
    assert json.dumps(mine, ensure_ascii=False) == expected
    for line in mine["lines"]:
        line["sources"][0]["text"] = "ändrad"
        line["text"] = "ändrad"
    assert pickle.loads(pickle.dumps(result.to_dict())) == json.loads(expected)
    assert json.dumps(result.to_dict(), ensure_ascii=False) == expected
    assert json.dumps(calculate(data).to_dict(), ensure_ascii=False) == expected


@settings(max_examples=200, deadline=None)
@given(households())
def test_no_sentence_shows_a_placeholder(data: dict[str, Any]) -> None:
    out = calculate(data).to_dict()
    texts = [line["text"] for line in out["lines"]]
    texts += [change["text"] for change in out["what_would_change"]]
    texts += [reason["text"] for reason in out["reasons"]]
    for text in texts:
        assert text.strip()
        assert not PLACEHOLDER.search(text), text


def test_a_written_reason_is_shown_exactly_as_written() -> None:
    """A case worker's reason is data, never a template: braces stay as typed."""
    reason = "Fördyrad kost {0:kr} enligt intyg {x}"
    data = {
        "month": "2026-01",
        "household": [{"id": "a1", "role": "applicant", "age": 40}],
        "norm_adjustments": [{"amount": "350.00", "reason": reason}],
        "other_needs": [{"id": "n1", "kind": "glasogon", "amount": "900.00"}],
        "assessed_needs": [
            {"need": "n1", "decision": "granted", "amount": "900.00", "reason": reason}
        ],
    }
    out = calculate(data).to_dict()
    texts = {line["rule"]: line["text"] for line in out["lines"]}
    assert texts["riksnorm.adjustment"] == f"Normen höjs med 350\u00a0kr. Skäl: {reason}"
    assert texts["livsforing_i_ovrigt.granted"] == (
        f"Glasögon: 900\u00a0kr beviljas efter prövning. Skäl: {reason}"
    )
    assert verify(out).to_dict() == out


def test_money_in_sentences_is_written_the_swedish_way() -> None:
    data = {
        "month": "2026-01",
        "household": [{"id": "a1", "role": "applicant", "age": 40}],
        "costs": {"rent": "12345.50"},
    }
    texts = {line.rule.id: line.text for line in calculate(data).lines}
    assert "12\u00a0345,50\u00a0kr godkänns som skälig kostnad" in texts["kostnader.actual"]
