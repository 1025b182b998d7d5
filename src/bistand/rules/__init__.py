"""Bistånd's rules engine: försörjningsstöd for one household and one month, exact to the öre.

Plain Python: no Django and no other Bistånd package (import-linter contract in pyproject.toml).

Public API:
- :func:`calculate` (``HouseholdInput`` or dict → :class:`CalculationResult`, ``.to_dict()``)
- :class:`HouseholdInput` (``from_dict`` validates; :class:`InputError` names every bad field)
- :func:`replay` / :func:`verify` (reproduce a stored calculation exactly, or raise
  :class:`RulesVersionMismatchError`)
- :func:`calculate_batch` over a :class:`HouseholdTable` (same rules, vectorised with numpy)
- :data:`RULES_VERSION`
- :data:`COMPILED`: the hot modules run compiled with mypyc (same results, faster; ADR 0275)

See docs/rules.md and docs/rules-input.md.
"""

# ruff: noqa: E402 - the form is chosen before any rules module is imported (compiled.py)
from bistand.rules import compiled as _compiled

# Before any rules module is imported: compiled modules only if built from today's sources.
COMPILED: bool = _compiled.activate()

from bistand.rules.batch import BatchResult, HouseholdTable, calculate_batch
from bistand.rules.engine import (
    ReplayMismatchError,
    RulesVersionMismatchError,
    calculate,
    replay,
    verify,
)
from bistand.rules.inputs import FieldError, HouseholdInput, InputError
from bistand.rules.parameters import ParameterMissingError
from bistand.rules.result import CalculationResult
from bistand.rules.version import RULES_VERSION

__all__ = [
    "COMPILED",
    "RULES_VERSION",
    "BatchResult",
    "CalculationResult",
    "FieldError",
    "HouseholdInput",
    "HouseholdTable",
    "InputError",
    "ParameterMissingError",
    "ReplayMismatchError",
    "RulesVersionMismatchError",
    "calculate",
    "calculate_batch",
    "replay",
    "verify",
]
