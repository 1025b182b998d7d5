"""What would change the outcome: the margins an applicant or case worker asks about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bistand.rules.released.r2_0_8 import formulas
from bistand.rules.released.r2_0_8.law import inkomster
from bistand.rules.released.r2_0_8.money import Ore, format_kronor
from bistand.rules.released.r2_0_8.money import format_kronor_sv as kr

if TYPE_CHECKING:
    from bistand.rules.released.r2_0_8.result import CalculationResult

__all__ = ["Change", "change_dicts", "changes"]


@dataclass(frozen=True, slots=True)
class Change:
    """What would change the outcome, and by how much."""

    code: str
    amount: Ore
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "amount": format_kronor(self.amount), "text": self.text}


def changes(r: CalculationResult) -> tuple[Change, ...]:
    """What would change the outcome of ``r`` (computed on demand, from the stored result)."""
    return tuple([Change(code, amount, text) for code, amount, text in _change_rows(r)])


def _change_rows(r: CalculationResult) -> list[tuple[str, Ore, str]]:
    """(code, amount, sentence) of each change, for :func:`changes` and :func:`change_dicts`."""
    out: list[tuple[str, Ore, str]] = []
    o = r._outcome
    need = o.riksnorm + o.costs_approved + o.livsforing_granted
    income, assets, amount = o.income_counted, o.assets_counted, o.amount
    if o.status == "not_eligible":
        lower = assets - (need - income) + 1
        out.append(
            (
                "assets_lower_for_assistance",
                lower,
                f"Om tillgångarna var minst {kr(lower)} lägre skulle hushållet ha rätt till "
                f"försörjningsstöd.",
            )
        )
    elif amount:
        out.append(
            (
                "income_higher_for_no_assistance",
                amount,
                f"Om inkomsterna som räknas var {kr(amount)} högre skulle hushållet inte få "
                f"något försörjningsstöd. Varje krona mer i inkomst minskar stödet med en "
                f"krona.",
            )
        )
        inp = r._input
        salaried = [i.member for i in inp.incomes if i.type == "salary"]
        has_adult_salary = False
        if salaried:
            for m in inp.household:
                if m.id in salaried and m.role != "child":
                    has_adult_salary = True
                    break
        if has_adult_salary:
            active, _q, _d, percent = inkomster.jobbstimulans_active(inp)
        if has_adult_salary and active:
            counted_share = 100 - int(percent.value)
            raise_needed = -(-amount * 100 // counted_share)
            out.append(
                (
                    "salary_higher_for_no_assistance",
                    raise_needed,
                    f"Med jobbstimulans räknas {counted_share} procent av lönen. Lönen efter "
                    f"skatt skulle behöva öka med minst {kr(raise_needed)} för att stödet ska "
                    f"bli 0 kr.",
                )
            )
    else:
        lower = income - need + 1
        out.append(
            (
                "income_lower_for_assistance",
                lower,
                f"Inkomsterna som räknas skulle behöva vara minst {kr(lower)} lägre för att "
                f"hushållet ska få försörjningsstöd.",
            )
        )
    # The recorded lines (LineSpec tuples), so the sentences are not made for this.
    for spec in r._ctx.lines:
        if spec[3] == "info" and spec[4].id == "kostnader.guideline_cap":
            what, cost = spec[1], spec[2]
            out.append(
                (
                    "cost_above_guideline",
                    cost,
                    f"{what.split(',')[0]}: om kostnaden var {kr(cost)} lägre "
                    f"skulle hela kostnaden godkännas.",
                )
            )
    if o.pending:
        asked = sum(n.amount_asked for n in o.pending)
        most = formulas.payable(need + asked, income + assets)
        out.append(
            (
                "needs_pending_assessment",
                asked,
                f"Behov för {kr(asked)} väntar på prövning. Om allt beviljas blir stödet "
                f"högst {kr(most)}.",
            )
        )
    return out


def change_dicts(r: CalculationResult) -> list[dict[str, str]]:
    """:func:`changes` as JSON-safe data (``Change.to_dict`` of each)."""
    kr_ = format_kronor
    return [
        {"code": code, "amount": kr_(amount), "text": text}
        for code, amount, text in _change_rows(r)
    ]
