"""Decisions made under an earlier rules release replay identically under that release.

``fixtures/release_1_0_0.json`` holds outputs made by release 1.0.0 (generated from the code at
the commit before release 2.0.0, one output per third YAML case of that time).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bistand import rules
from bistand.rules.released import RELEASES

FIXTURE = Path(__file__).parent / "fixtures" / "release_1_0_0.json"


def stored() -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_the_fixture_was_made_by_release_1_and_the_installed_release_is_newer() -> None:
    versions = {str(o["rules_version"]) for o in stored()}
    assert versions == {"1.0.0+c88c3063bec8"}
    assert versions <= set(RELEASES)
    assert not rules.RULES_VERSION.startswith("1.")


@pytest.mark.parametrize("output", stored(), ids=lambda o: str(o["month"]))
def test_release_1_outputs_verify_identically(output: dict[str, object]) -> None:
    rules.verify(output)


def test_a_changed_release_1_output_is_detected() -> None:
    output = stored()[0]
    changed = {**output, "amount": "1.00"}
    with pytest.raises(rules.ReplayMismatchError):
        rules.verify(changed)


def test_an_unknown_version_is_refused() -> None:
    output = {**stored()[0], "rules_version": "0.9.0+000000000000"}
    with pytest.raises(rules.RulesVersionMismatchError):
        rules.verify(output)
