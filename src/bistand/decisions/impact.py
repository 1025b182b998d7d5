"""What a new rules version would change: stored decisions recomputed under the installed rules.

Before the nämnd approves a rules version (docs/adr/0115) it should see what the version does to
decisions like the ones it has delegated, and when a release corrects a fault (rules 2.0.8: the
order of umgängesbarn, docs/adr/0315), the unit must find the decisions the fault touched: the
nämnd may change a wrong decision, and must change one that is obviously wrong in some essential
respect where that can be done quickly and simply and to no party's disadvantage (förvaltnings-
lagen 37–38 §§); the case worker decides in each case.

Each decision's stored engine input (the normalised input of its calculation) is calculated
again with the installed rules and compared with the stored output: the amount, whether the
household is eligible, and the riksnorm. Decisions whose calculation was made by the installed
version are skipped (replay proves those identical, ``bistand replay``). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from bistand import rules

from .models import Decision


@dataclass(frozen=True)
class ImpactRow:
    decision_id: int
    case_id: int
    period_start: str  # YYYY-MM-DD
    rules_version: str  # the version the decision was calculated with
    amount_before: Decimal | None
    amount_after: Decimal | None
    eligible_before: bool | None
    eligible_after: bool | None
    # "same" | "changed" | "not_calculable" (the stored calculation is not the engine's, or the
    # installed rules refuse its input)
    status: str
    detail: str = ""


def _money(value: object) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def decision_impact(decision: Decision) -> ImpactRow:
    """One stored decision's calculation, made again with the installed rules."""
    output = decision.calculation.output
    stored = output if isinstance(output, dict) else {}
    row = ImpactRow(
        decision_id=decision.pk,
        case_id=decision.case_id,
        period_start=decision.period_start.isoformat(),
        rules_version=str(stored.get("rules_version", "")),
        amount_before=_money(stored.get("amount")),
        amount_after=None,
        eligible_before=stored.get("eligible"),
        eligible_after=None,
        status="not_calculable",
    )
    if "input" not in stored or "amount" not in stored:
        return replace(row, detail="den sparade beräkningen kommer inte från regelmotorn")
    try:
        now = rules.calculate(stored["input"]).to_dict()
    except rules.InputError as exc:
        return replace(row, detail=f"regelversionen tar inte emot indata: {exc}")
    before_norm, after_norm = stored.get("riksnorm"), now.get("riksnorm")
    row = replace(row, amount_after=_money(now.get("amount")), eligible_after=now.get("eligible"))
    changed = (
        row.amount_before != row.amount_after
        or row.eligible_before != row.eligible_after
        or before_norm != after_norm
    )
    return replace(
        row,
        status="changed" if changed else "same",
        detail=f"riksnorm {before_norm} → {after_norm}" if before_norm != after_norm else "",
    )


def decisions_impact(decisions: Iterable[Decision]) -> Iterator[ImpactRow]:
    """Every decision not calculated by the installed version, made again with it."""
    installed = rules.RULES_VERSION
    for decision in decisions:
        output = decision.calculation.output
        if isinstance(output, dict) and output.get("rules_version") == installed:
            continue
        yield decision_impact(decision)
