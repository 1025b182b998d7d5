"""Every reason an application can go to a case worker has a Swedish label, duplicates are
merged, and the detail in brackets is shown in Swedish (never a raw code such as "(salary)")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bistand.decisions import reasons
from bistand.decisions.triage import REASON_TEXTS, reason
from bistand.demo.history import ROUTING_REASONS

DECISIONS = Path(reasons.__file__).parent


def codes_the_triage_can_produce() -> set[str]:
    """Every code passed to `reason(...)` in the triage and the pipeline, read from the source,
    so a new reason without a label fails here."""
    found: set[str] = set()
    for name in ("triage.py", "pipeline.py"):
        found |= set(re.findall(r'reason\(\s*"([a-z_]+)"', (DECISIONS / name).read_text()))
    return found


def test_the_source_scan_finds_the_triage_codes():
    found = codes_the_triage_can_produce()
    assert {"new_application", "income_mismatch", "rules_not_approved"} <= found


@pytest.mark.parametrize("code", sorted(codes_the_triage_can_produce() | set(REASON_TEXTS)))
def test_every_code_the_triage_can_produce_has_a_swedish_label(code):
    assert code in REASON_TEXTS
    assert code in reasons.REASON_LABELS
    assert reasons.label(code) != "Annat skäl"


@pytest.mark.parametrize("code", [code for code, _ in ROUTING_REASONS])
def test_demo_history_codes_map_to_a_triage_reason(code):
    assert reasons.canonical(code) in REASON_TEXTS


def test_changed_household_and_household_changed_are_one_reason():
    merged = reasons.merged(
        [
            {"code": "changed_household", "text": "Hushållet har ändrats sedan förra månaden"},
            {"code": "household_changed", "text": REASON_TEXTS["household_changed"]},
        ]
    )
    assert [r["code"] for r in merged] == ["household_changed"]
    assert merged[0]["label"] == "Hushållet har ändrats"


def test_the_detail_is_shown_in_swedish_not_as_codes():
    stored = reason("income_mismatch", "(salary, child_allowance)").to_dict()
    text = reasons.sentence(stored)
    assert "salary" not in text and "child_allowance" not in text
    assert text.endswith("(lön, barnbidrag)")


def test_an_application_without_triage_still_says_why_it_is_in_the_queue():
    paper = reasons.fallback(channel="paper")
    assert paper[0]["label"] == "Pappersansökan"
    assert reasons.fallback(channel="digital")[0]["text"]
