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
from typing import Final, Literal, NamedTuple

from bistand.rules import formulas
from bistand.rules.citations import SOL, SOL_2001, Rule, ovrigt_term
from bistand.rules.context import Context, line
from bistand.rules.law import inkomster, livsforing_i_ovrigt, riksnorm, skaliga_kostnader
from bistand.rules.money import Ore
from bistand.rules.money import format_kronor_sv as kr

__all__ = ["RULES", "Outcome", "Reason", "calculate"]

_RIGHT = (SOL(12, "1"), SOL_2001(4, "1", "första stycket"))
RULE_AMOUNT: Final = Rule(
    "forsorjningsstod.amount",
    "Försörjningsstöd: behov minus inkomster och tillgångar, aldrig under noll",
    (
        *_RIGHT,
        SOL(12, "7"),
        SOL_2001(4, "3", verified=False, note="Paragrafen enligt sekundärkälla."),
    ),
)
RULE_AMOUNT_WITH_UTOVER: Final = Rule(
    "forsorjningsstod.amount_with_utover",
    "Ekonomiskt bistånd med bistånd utöver rätten: behov minus inkomster och tillgångar, aldrig "
    "under noll",
    (
        *_RIGHT,
        SOL(12, "2"),
        SOL_2001(4, "2"),
        SOL(12, "7"),
        SOL_2001(4, "3", verified=False, note="Paragrafen enligt sekundärkälla."),
    ),
)
RULE_NOT_ELIGIBLE_ASSETS: Final = Rule(
    "forsorjningsstod.not_eligible.assets",
    "Ingen rätt till försörjningsstöd: tillgångar ska användas först",
    _RIGHT,
)
RULE_NORMOVERSKOTT_OUT: Final = Rule(
    "forsorjningsstod.normoverskott",
    "Normöverskott denna månad, räknas nästa månad",
    _RIGHT,
)
RULES = (RULE_AMOUNT, RULE_AMOUNT_WITH_UTOVER, RULE_NOT_ELIGIBLE_ASSETS, RULE_NORMOVERSKOTT_OUT)

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


def _needs_part(granted: int, utover: int, term: str) -> str:
    """What of the need was granted after the case worker's assessment (rules 2.0.8)."""
    right = granted - utover
    parts = ([f"{kr(right)} för {term}"] if right else []) + (
        [f"{kr(utover)} bistånd utöver det du har rätt till"] if utover else []
    )
    return " och ".join(parts)


def _assistance_text(
    need: int, income: int, assets: int, amount: int, granted: int, utover: int, term: str
) -> str:
    """With needs granted after assessment the amount is more than försörjningsstöd: it is
    ekonomiskt bistånd, for levnadskostnader i övrigt too (12 kap. 1 §) and perhaps bistånd
    utöver the right (12 kap. 2 §); the decision's posts say which part is which."""
    return (
        f"Hushållets behov är {kr(need)}, varav {_needs_part(granted, utover, term)}, och "
        f"inkomsterna som räknas är {kr(income)}"
        + (f", tillgångarna {kr(assets)}" if assets else "")
        + f". Det ekonomiska biståndet blir {kr(amount)}."
    )


def calculate(ctx: Context) -> Outcome:
    """The month's försörjningsstöd (12 kap. 1 och 7 §§ SoL): the need — riksnorm, skäliga
    kostnader and granted levnadskostnader i övrigt — less the income and assets counted; then
    the outcome line and any normöverskott carried to next month."""
    norm = riksnorm.calculate(ctx)
    costs = skaliga_kostnader.calculate(ctx)
    granted, pending = livsforing_i_ovrigt.calculate(ctx)
    income, assets = inkomster.calculate(ctx)
    need = norm + costs + granted
    amount, not_eligible, surplus = decide(need, income, assets)
    if not_eligible:
        reasons: tuple[Reason, ...] = (assets_to_use_first(ctx, need, income, assets),)
    else:
        reasons = ()
        the_amount(ctx, need, income, assets, amount, granted)
    if surplus:
        normoverskott_to_next_month(ctx, surplus)
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


def assets_to_use_first(ctx: Context, need: int, income: int, assets: int) -> Reason:
    """Not eligible: the assets cover what the income leaves uncovered (12 kap. 1 § SoL)."""
    reason = Reason(
        "assets_to_use_first",
        f"Hushållets tillgångar ({kr(assets)}) räcker till det som inkomsterna inte "
        f"täcker ({kr(need - income)}). Tillgångarna ska användas först.",
        RULE_NOT_ELIGIBLE_ASSETS,
    )
    ctx.add(
        line(
            category="resultat",
            what="Ingen rätt till försörjningsstöd denna månad",
            amount=0,
            effect="info",
            rule=RULE_NOT_ELIGIBLE_ASSETS,
            text=reason.text,
        )
    )
    return reason


def the_amount(
    ctx: Context, need: int, income: int, assets: int, amount: int, granted: int = 0
) -> None:
    """The amount: need minus income and assets, never below zero (12 kap. 1 och 7 §§ SoL).
    With needs granted after assessment (`granted`) it is named ekonomiskt bistånd, and with
    bistånd utöver among them it cites 12 kap. 2 § too (rules 2.0.8)."""
    if granted:
        utover = livsforing_i_ovrigt.utover_granted(ctx)
        ctx.add(
            line(
                category="resultat",
                what="Ekonomiskt bistånd" if amount else "Inget ekonomiskt bistånd denna månad",
                amount=amount,
                effect="info",
                rule=RULE_AMOUNT_WITH_UTOVER if utover else RULE_AMOUNT,
                text=_assistance_text,
                args=(need, income, assets, amount, granted, utover, ovrigt_term(ctx.on)),
            )
        )
        return
    if amount:
        ctx.add(
            line(
                category="resultat",
                what="Försörjningsstöd",
                amount=amount,
                effect="info",
                rule=RULE_AMOUNT,
                text=_amount_text,
                args=(need, income, assets, amount),
            )
        )
        return
    ctx.add(
        line(
            category="resultat",
            what="Inget försörjningsstöd denna månad",
            amount=0,
            effect="info",
            rule=RULE_AMOUNT,
            text="Inkomsterna som räknas ({0:kr}) är lika stora som eller större än "
            "behovet ({1:kr}). Försörjningsstödet blir 0 kr.",
            args=(income, need),
        )
    )


def normoverskott_to_next_month(ctx: Context, surplus: int) -> None:
    """Income above the need this month: a normöverskott, counted next month (inkomster)."""
    ctx.add(
        line(
            category="resultat",
            what="Normöverskott",
            amount=surplus,
            effect="info",
            rule=RULE_NORMOVERSKOTT_OUT,
            text="Inkomsterna är {0:kr} större än behovet. Överskottet räknas som "
            "inkomst om du söker igen nästa månad.",
            args=(surplus,),
        )
    )
