"""Försörjningsstöd for the month: the amount and whether the household is eligible.

Law: 12 kap. 1 § socialtjänstlagen (2025:400) — rätt till bistånd för den som inte själv kan
tillgodose sina behov eller få dem tillgodosedda på annat sätt; 12 kap. 7 § — försörjningsstöd
is riksnormen plus skäliga kostnader. So the amount is

    max(0, riksnorm + approved costs + granted levnadskostnader i övrigt − counted income − assets)

("levnadskostnader i övrigt" from 2025-07-01; before then "livsföring i övrigt".)

"Not eligible" is kept apart from "eligible for 0 kr": a household whose assets (above the
buffer) cover what the income leaves uncovered is *not eligible* — it must use its assets first.
A household whose income covers the need is eligible for 0 kr this month, and the surplus
(normöverskott) is carried to next month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from bistand.rules import formulas
from bistand.rules.citations import SOL, SOL_2001, Rule
from bistand.rules.context import Context
from bistand.rules.law import inkomster, livsforing_i_ovrigt, riksnorm, skaliga_kostnader
from bistand.rules.money import Ore
from bistand.rules.money import format_kronor_sv as kr

__all__ = ["RULES", "Outcome", "Reason", "calculate"]

_RIGHT = (SOL(12, "1"), SOL_2001(4, "1", "första stycket"))
RULE_AMOUNT = Rule(
    "forsorjningsstod.amount",
    "Försörjningsstöd: behov minus inkomster och tillgångar, aldrig under noll",
    (
        *_RIGHT,
        SOL(12, "7"),
        SOL_2001(4, "3", verified=False, note="Paragrafen enligt sekundärkälla."),
    ),
)
RULE_NOT_ELIGIBLE_ASSETS = Rule(
    "forsorjningsstod.not_eligible.assets",
    "Ingen rätt till försörjningsstöd: tillgångar ska användas först",
    _RIGHT,
)
RULE_NORMOVERSKOTT_OUT = Rule(
    "forsorjningsstod.normoverskott",
    "Normöverskott denna månad, räknas nästa månad",
    _RIGHT,
)
RULES = (RULE_AMOUNT, RULE_NOT_ELIGIBLE_ASSETS, RULE_NORMOVERSKOTT_OUT)

Status = Literal["eligible", "not_eligible"]


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str
    rule: Rule

    def to_dict(self, on: date) -> dict[str, str]:
        return {
            "code": self.code,
            "text": self.text,
            "rule": self.rule.id,
            "source": self.rule.source_text(on),
        }


class Outcome(NamedTuple):
    """The amounts in öre and the status (a tuple: made once per calculation, cheaply)."""

    riksnorm: Ore
    costs_approved: Ore
    livsforing_granted: Ore
    income_counted: Ore
    assets_counted: Ore
    amount: Ore
    normoverskott: Ore
    status: Status
    reasons: tuple[Reason, ...]
    pending: tuple[livsforing_i_ovrigt.PendingNeed, ...]


def decide(need: int, income: int, assets: int) -> tuple[int, bool, int]:
    """(amount, not eligible because of assets, normöverskott) — the arithmetic alone."""
    amount = formulas.payable(need, income + assets)
    uncovered = need - income
    not_eligible = assets > 0 and uncovered > 0 and assets >= uncovered
    surplus = formulas.maximum(income - need, 0)
    return amount, not_eligible, surplus


def _amount_text(need: int, income: int, assets: int, amount: int) -> str:
    return (
        f"Hushållets behov är {kr(need)} och inkomsterna som räknas är {kr(income)}"
        + (f", tillgångarna {kr(assets)}" if assets else "")
        + f". Försörjningsstödet blir {kr(amount)}."
    )


def calculate(ctx: Context) -> Outcome:
    norm = riksnorm.calculate(ctx)
    costs = skaliga_kostnader.calculate(ctx)
    granted, pending = livsforing_i_ovrigt.calculate(ctx)
    income, assets = inkomster.calculate(ctx)
    need = norm + costs + granted
    amount, not_eligible, surplus = decide(need, income, assets)
    reasons: tuple[Reason, ...] = ()
    if not_eligible:
        reasons = (
            Reason(
                "assets_to_use_first",
                f"Hushållets tillgångar ({kr(assets)}) räcker till det som inkomsterna inte "
                f"täcker ({kr(need - income)}). Tillgångarna ska användas först.",
                RULE_NOT_ELIGIBLE_ASSETS,
            ),
        )
        ctx.lines.append(
            (
                "resultat",
                "Ingen rätt till försörjningsstöd denna månad",
                0,
                "info",
                RULE_NOT_ELIGIBLE_ASSETS,
                reasons[0].text,
                (),
                None,
                None,
            )
        )
    elif amount:
        ctx.lines.append(
            (
                "resultat",
                "Försörjningsstöd",
                amount,
                "info",
                RULE_AMOUNT,
                _amount_text,
                (need, income, assets, amount),
                None,
                None,
            )
        )
    else:
        ctx.lines.append(
            (
                "resultat",
                "Inget försörjningsstöd denna månad",
                0,
                "info",
                RULE_AMOUNT,
                "Inkomsterna som räknas ({0:kr}) är lika stora som eller större än "
                "behovet ({1:kr}). Försörjningsstödet blir 0 kr.",
                (income, need),
                None,
                None,
            )
        )
    if surplus:
        ctx.lines.append(
            (
                "resultat",
                "Normöverskott",
                surplus,
                "info",
                RULE_NORMOVERSKOTT_OUT,
                "Inkomsterna är {0:kr} större än behovet. Överskottet räknas som "
                "inkomst om du söker igen nästa månad.",
                (surplus,),
                None,
                None,
            )
        )
    return Outcome._make(  # _make: the tuple is built in C, faster than Outcome(...)
        (
            norm,
            costs,
            granted,
            income,
            assets,
            amount,
            surplus,
            "not_eligible" if not_eligible else "eligible",
            reasons,
            pending,
        )
    )
