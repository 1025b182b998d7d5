"""The result of one calculation, JSON-safe through :meth:`CalculationResult.to_dict`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from bistand.rules.context import Line
from bistand.rules.inputs import HouseholdInput
from bistand.rules.law.forsorjningsstod import Reason
from bistand.rules.law.livsforing_i_ovrigt import PendingNeed
from bistand.rules.money import Ore, format_kronor, ore_to_decimal
from bistand.rules.parameters import ParamValue

__all__ = ["CalculationResult", "Change"]


@dataclass(frozen=True, slots=True)
class Change:
    """What would change the outcome, and by how much."""

    code: str
    amount: Ore
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "amount": format_kronor(self.amount), "text": self.text}


def line_to_dict(line: Line) -> dict[str, Any]:
    return {
        "category": line.category,
        "what": line.what,
        "amount": format_kronor(line.amount),
        "effect": line.effect,
        "member": line.member,
        "rule": line.rule.id,
        "rule_kind": line.rule.kind,
        "source": line.rule.source_text(),
        "sources": [c.to_dict() for c in line.rule.sources],
        "interpretation": line.rule.interpretation,
        "guideline": line.guideline,
        "text": line.text,
    }


@dataclass(frozen=True, slots=True)
class CalculationResult:
    """One household, one month: the amounts in öre, every line, and what was used."""

    input: HouseholdInput
    rules_version: str
    status: Literal["eligible", "not_eligible"]
    reasons: tuple[Reason, ...]
    riksnorm_ore: Ore
    costs_approved_ore: Ore
    livsforing_granted_ore: Ore
    income_counted_ore: Ore
    assets_counted_ore: Ore
    amount_ore: Ore
    normoverskott_ore: Ore
    lines: tuple[Line, ...]
    needs_requiring_assessment: tuple[PendingNeed, ...]
    parameters: tuple[ParamValue, ...]
    municipality_label: str | None = None

    @property
    def amount(self) -> Decimal:
        return ore_to_decimal(self.amount_ore)

    @property
    def riksnorm(self) -> Decimal:
        return ore_to_decimal(self.riksnorm_ore)

    @property
    def costs_approved(self) -> Decimal:
        return ore_to_decimal(self.costs_approved_ore)

    @property
    def income_counted(self) -> Decimal:
        return ore_to_decimal(self.income_counted_ore)

    @property
    def eligible(self) -> bool:
        return self.status == "eligible"

    @property
    def requires_assessment(self) -> bool:
        return bool(self.needs_requiring_assessment)

    def what_would_change(self) -> tuple[Change, ...]:
        """The margins: how much income, assets or a cost would have to change, and what
        waits for assessment (docs/rules.md)."""
        from bistand.rules.explain import changes

        return changes(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: kronor as strings with two decimals (``"5220.00"``)."""
        return {
            "rules_version": self.rules_version,
            "month": self.input.month_text,
            "municipality": self.input.municipality,
            "municipality_guideline": self.municipality_label,
            "status": self.status,
            "reasons": [r.to_dict() for r in self.reasons],
            "riksnorm": format_kronor(self.riksnorm_ore),
            "costs_approved": format_kronor(self.costs_approved_ore),
            "livsforing_i_ovrigt_granted": format_kronor(self.livsforing_granted_ore),
            "income_counted": format_kronor(self.income_counted_ore),
            "assets_counted": format_kronor(self.assets_counted_ore),
            "amount": format_kronor(self.amount_ore),
            "normoverskott": format_kronor(self.normoverskott_ore),
            "requires_assessment": self.requires_assessment,
            "needs_requiring_assessment": [n.to_dict() for n in self.needs_requiring_assessment],
            "lines": [line_to_dict(line) for line in self.lines],
            "what_would_change": [c.to_dict() for c in self.what_would_change()],
            "parameters": [p.to_dict() for p in sorted(self.parameters, key=lambda p: p.id)],
            "input": self.input.to_dict(),
        }
