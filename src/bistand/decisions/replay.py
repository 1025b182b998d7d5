"""Replay a stored decision: recompute its calculation with the stored rules version and render
its letter again from the stored values; both must be identical to what was decided.

An auditor or a court can ask why a decision came out as it did years later: the replay shows
that the stored calculation is what the rules give for the stored input, and that the letter the
citizen got is what the stored decision says.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bistand import rules

from .models import Decision
from .services import decision_replay_letter


@dataclass(frozen=True)
class ReplayResult:
    decision_id: int
    calculation_identical: bool
    letter_identical: bool
    detail: str = ""
    # False: the stored decision cannot be recomputed at all (`detail` says why).
    replayable: bool = True

    @property
    def identical(self) -> bool:
        return self.replayable and self.calculation_identical and self.letter_identical


def not_replayable(decision: Decision) -> str:
    """Why the stored calculation cannot be recomputed, or "" if it can: it must hold the
    engine's normalised input and the rules version (a calculation holding only an amount was
    never made by the rules engine)."""
    output = decision.calculation.output
    if not isinstance(output, dict):
        return "den sparade beräkningen är inte en beräkning från regelmotorn"
    missing = [key for key in ("input", "rules_version") if key not in output]
    if missing:
        return f"den sparade beräkningen kommer inte från regelmotorn (saknar {', '.join(missing)})"
    return ""


def decision_replay(decision: Decision) -> ReplayResult:
    """Recompute one decision. Never raises for a stored decision: one that cannot be
    recomputed is reported as such, with the reason."""
    reason = not_replayable(decision)
    if reason:
        return ReplayResult(decision.pk, False, False, reason, replayable=False)
    try:
        return _replay(decision)
    except Exception as exc:
        return ReplayResult(
            decision.pk,
            False,
            False,
            f"kunde inte räknas om: {type(exc).__name__}: {exc}",
            replayable=False,
        )


def _replay(decision: Decision) -> ReplayResult:
    calculation = decision.calculation
    try:
        rules.verify(calculation.output)
        calculation_identical, detail = True, ""
    except rules.RulesVersionMismatchError as exc:
        calculation_identical, detail = False, f"annan regelversion: {exc}"
    except rules.ReplayMismatchError:
        calculation_identical, detail = False, "beräkningen skiljer sig"
    try:
        normalised = rules.HouseholdInput.from_dict(calculation.input).to_dict()
    except rules.InputError:
        normalised = None
    if normalised != calculation.output.get("input"):
        calculation_identical, detail = False, "sparad indata skiljer sig från beräkningens"
    letter_identical = decision_replay_letter(decision) == decision.letter_html
    if not letter_identical:
        detail = (detail + "; " if detail else "") + "beslutsbrevet skiljer sig"
    return ReplayResult(decision.pk, calculation_identical, letter_identical, detail)


def decisions_replay(decisions: Iterable[Decision]) -> Iterator[ReplayResult]:
    for decision in decisions:
        yield decision_replay(decision)
