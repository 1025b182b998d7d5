"""``calculate`` one household and month; ``replay`` a stored calculation identically."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bistand.rules.released.r2_0_8.context import Context
from bistand.rules.released.r2_0_8.inputs import FieldError, HouseholdInput, InputError
from bistand.rules.released.r2_0_8.law import forsorjningsstod
from bistand.rules.released.r2_0_8.parameters import ParameterMissingError, guideline_for
from bistand.rules.released.r2_0_8.result import CalculationResult
from bistand.rules.released.r2_0_8.version import RULES_VERSION

__all__ = ["ReplayMismatchError", "RulesVersionMismatchError", "calculate", "replay", "verify"]


class RulesVersionMismatchError(RuntimeError):
    """The stored calculation was made by other rules than the ones installed."""

    def __init__(self, stored: str, current: str) -> None:
        self.stored = stored
        self.current = current
        super().__init__(
            f"Beräkningen gjordes med regelversion {stored}, men installerad version är "
            f"{current}. Den kan inte återskapas med dessa regler."
        )


class ReplayMismatchError(RuntimeError):
    """Replaying a stored calculation did not give the stored output."""


def calculate(household: HouseholdInput | Mapping[str, Any]) -> CalculationResult:
    """Försörjningsstöd for one household and month, explained line by line.

    Accepts a :class:`HouseholdInput` or a dict in the documented JSON format (validated by
    :meth:`HouseholdInput.from_dict`, which raises :class:`~bistand.rules.InputError`).
    """
    inp = (
        household if isinstance(household, HouseholdInput) else HouseholdInput.from_dict(household)
    )
    guideline = guideline_for(inp.municipality) if inp.municipality is not None else None
    ctx = Context(inp, guideline)
    try:
        outcome = forsorjningsstod.calculate(ctx)
    except ParameterMissingError as exc:
        raise InputError(
            [FieldError("month", f"Reglerna saknar värden för månaden: {exc}", "no_parameters")]
        ) from exc
    return CalculationResult(inp, RULES_VERSION, outcome, ctx)


def replay(stored_input: Mapping[str, Any], rules_version: str) -> CalculationResult:
    """Recalculate a stored input with the stored rules version; raises
    :class:`RulesVersionMismatchError` if this frozen release is not that version."""
    if rules_version != RULES_VERSION:
        raise RulesVersionMismatchError(rules_version, RULES_VERSION)
    return calculate(HouseholdInput.from_dict(stored_input))


def verify(stored_output: Mapping[str, Any]) -> CalculationResult:
    """Replay a stored ``to_dict()`` output and check that every field is identical."""
    result = replay(stored_output["input"], str(stored_output["rules_version"]))
    if result.to_dict() != dict(stored_output):
        raise ReplayMismatchError("Omräkningen gav inte samma resultat som det sparade.")
    return result
