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
from dataclasses import dataclass
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
    base = {
        "decision_id": decision.pk,
        "case_id": decision.case_id,
        "period_start": decision.period_start.isoformat(),
        "rules_version": str(output.get("rules_version", "")) if isinstance(output, dict) else "",
    }
    if not isinstance(output, dict) or "input" not in output or "amount" not in output:
        return ImpactRow(
            **base,
            amount_before=None,
            amount_after=None,
            eligible_before=None,
            eligible_after=None,
            status="not_calculable",
            detail="den sparade beräkningen kommer inte från regelmotorn",
        )
    before_amount = _money(output.get("amount"))
    before_eligible = output.get("eligible")
    try:
        now = rules.calculate(output["input"]).to_dict()
    except rules.InputError as exc:
        return ImpactRow(
            **base,
            amount_before=before_amount,
            amount_after=None,
            eligible_before=before_eligible,
            eligible_after=None,
            status="not_calculable",
            detail=f"regelversionen tar inte emot indata: {exc}",
        )
    after_amount = _money(now.get("amount"))
    after_eligible = now.get("eligible")
    changed = (
        before_amount != after_amount
        or before_eligible != after_eligible
        or output.get("riksnorm") != now.get("riksnorm")
    )
    return ImpactRow(
        **base,
        amount_before=before_amount,
        amount_after=after_amount,
        eligible_before=before_eligible,
        eligible_after=after_eligible,
        status="changed" if changed else "same",
        detail=(
            f"riksnorm {output.get('riksnorm')} → {now.get('riksnorm')}"
            if output.get("riksnorm") != now.get("riksnorm")
            else ""
        ),
    )


def decisions_impact(decisions: Iterable[Decision]) -> Iterator[ImpactRow]:
    """Every decision not calculated by the installed version, made again with it."""
    installed = rules.RULES_VERSION
    for decision in decisions:
        output = decision.calculation.output
        if isinstance(output, dict) and output.get("rules_version") == installed:
            continue
        yield decision_impact(decision)
