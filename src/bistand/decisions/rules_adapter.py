"""The decisions app's one door to the rules engine (`bistand.rules`, plain Python).

Calculations are stored as the engine's own JSON (`CalculationResult.to_dict()`), so a stored
calculation can be replayed and verified field by field with `bistand.rules.verify`.
"""

from __future__ import annotations

from typing import Any

from bistand import rules
from bistand.applications.preview import with_municipality as with_municipality

# Rules whose lines mean that a cost was higher than the municipality's guideline, or that a
# case worker's own assessment of the rent applies (the robot never applies one by itself: the
# application goes to the queue).
GUIDELINE_RULES = {"kostnader.guideline_cap", "kostnader.radrum", "kostnader.assessed_rent"}
RENT_LABEL = "Boendekostnad"


def calculate(rules_input: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(the engine's JSON output, rules version). Raises `rules.InputError` on bad input."""
    result = rules.calculate(with_municipality(rules_input))
    return result.to_dict(), result.rules_version


def rent_above_guideline(output: dict[str, Any]) -> bool:
    """True if the rent was capped by the guideline, or is above it and paid under rådrum."""
    return any(
        line.get("rule") in GUIDELINE_RULES and str(line.get("what", "")).startswith(RENT_LABEL)
        for line in output.get("lines", [])
    )


def replay_matches(stored_output: dict[str, Any]) -> bool:
    """Recalculate a stored output with its rules version and compare every field."""
    try:
        rules.verify(stored_output)
    except rules.ReplayMismatchError:
        return False
    return True
