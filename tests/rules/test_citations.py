"""Dated citations: a month cites only the law in force then (issue 11 item 9).

A month before 2025-07-01 cites socialtjänstlagen (2001:453) and socialtjänstförordningen
(2001:937); from 2025-07-01 SoL (2025:400) and SoF (2025:468). Every citation carries the
dates it is valid for, and every line of every calculation still rests on a statute.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.rules import calculate
from bistand.rules.citations import NEW_LAW_FROM, ovrigt_term
from bistand.rules.law import MODULES

from .strategies import households

IN_FORCE = {
    "2001:453": (date(2002, 1, 1), date(2025, 6, 30)),
    "2001:937": (date(2002, 1, 1), date(2025, 6, 30)),
    "2025:400": (date(2025, 7, 1), None),
    "2025:468": (date(2025, 7, 1), None),
}


def in_force(sfs: str, on: date) -> bool:
    start, end = IN_FORCE[sfs]
    return start <= on and (end is None or on <= end)


def test_every_citation_of_every_rule_carries_its_dates() -> None:
    for module in MODULES:
        for rule in module.RULES:
            for citation in rule.sources:
                assert citation.valid_from is not None, (rule.id, citation.text())
                if citation.sfs in IN_FORCE:
                    start, end = IN_FORCE[citation.sfs]
                    assert (citation.valid_from, citation.valid_until) == (start, end), (
                        rule.id,
                        citation.text(),
                    )


@pytest.mark.parametrize("on", [date(2019, 1, 1), date(2025, 6, 1), date(2025, 7, 1)])
def test_every_rule_rests_on_a_statute_in_force_in_every_month(on: date) -> None:
    for module in MODULES:
        for rule in module.RULES:
            statutes = [c for c in rule.sources_on(on) if c.sfs in IN_FORCE and c.paragraf]
            assert statutes, f"{rule.id} cites no statute in force on {on}"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["2025-01", "2025-06", "2025-07", "2026-01"]).flatmap(households))
def test_no_line_cites_a_law_not_in_force_that_month(data: dict[str, Any]) -> None:
    out = calculate(data).to_dict()
    on = date(int(out["month"][:4]), int(out["month"][5:]), 1)
    for line in out["lines"]:
        for source in line["sources"]:
            if source["sfs"] in IN_FORCE:
                assert in_force(source["sfs"], on), (out["month"], line["rule"], source["text"])
        assert any(s["sfs"] in IN_FORCE for s in line["sources"]), line["rule"]
    for need in out["needs_requiring_assessment"]:
        assert ("2025:400" in need["source"]) == (on >= NEW_LAW_FROM)


def test_june_2025_cites_the_old_law_and_july_2025_the_new() -> None:
    household = {"household": [{"id": "a1", "role": "applicant", "age": 40}]}
    june = calculate({"month": "2025-06", **household}).to_dict()
    july = calculate({"month": "2025-07", **household}).to_dict()
    assert "2001:453" in june["lines"][0]["source"]
    assert "2025:400" not in june["lines"][0]["source"]
    assert "2025:400" in july["lines"][0]["source"]
    assert "2001:453" not in july["lines"][0]["source"]
    # the amounts are the same: the 2025 norm applied from 2025-01-01 under both laws
    assert june["amount"] == july["amount"] == "5180.00"


def test_the_term_follows_the_months_law() -> None:
    assert ovrigt_term(date(2025, 6, 30)) == "livsföring i övrigt"
    assert ovrigt_term(date(2025, 7, 1)) == "levnadskostnader i övrigt"
    need = {
        "household": [{"id": "a1", "role": "applicant", "age": 40}],
        "other_needs": [{"id": "n1", "kind": "tandvard", "amount": "900.00"}],
    }
    june = calculate({"month": "2025-06", **need}).to_dict()
    july = calculate({"month": "2025-07", **need}).to_dict()
    assert any("livsföring i övrigt" in x["text"] for x in june["lines"])
    assert any("levnadskostnader i övrigt" in x["text"] for x in july["lines"])
    assert not any("livsföring" in x["text"] for x in july["lines"])


@pytest.mark.parametrize("month", ["2019-01", "2025-06", "2025-07", "2026-01"])
def test_each_line_cites_each_paragraph_once(month: str) -> None:
    """Release 2.0.1: before 2025-07-01 the whole riksnorm stood in 2 kap. 1 § SoF (2001:937),
    so the shared-cost lines cited it twice ("…; 2 kap. 1 § …; 2 kap. 1 § …"). Each once."""
    shared = {
        "month": month,
        "household": [
            {"id": "a1", "role": "applicant", "age": 40},
            {"id": "o1", "role": "other_adult", "age": 45},
        ],
    }
    for data in (
        {"month": month, "household": [{"id": "a1", "role": "applicant", "age": 40}]},
        shared,
    ):
        for line in calculate(data).to_dict()["lines"]:
            texts = [s["text"] for s in line["sources"]]
            assert len(texts) == len(set(texts)), (line["rule"], texts)
            assert line["source"].count("2 kap. 1 § socialtjänstförordningen (2001:937)") <= 1
    for module in MODULES:
        for rule in module.RULES:
            for on in (date(2025, 6, 1), date(2025, 7, 1)):
                texts = [c.text() for c in rule.sources_on(on)]
                assert len(texts) == len(set(texts)), (rule.id, on, texts)


def test_the_shared_cost_line_before_july_2025_cites_the_old_paragraph_once() -> None:
    data = {"month": "2025-06", "household": [{"id": "a1", "role": "applicant", "age": 40}]}
    (shared,) = [x for x in calculate(data).to_dict()["lines"] if x["rule"] == "riksnorm.shared"]
    assert shared["source"].count("2 kap. 1 §") == 1
    (old,) = [s for s in shared["sources"] if s["sfs"] == "2001:937"]
    assert old["verified"] is True  # the paragraph is verified; the stycke note is kept
    assert old["note"] and "Stycket" in old["note"]
