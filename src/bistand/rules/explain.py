"""What would change the outcome: the margins an applicant or case worker asks about."""

from __future__ import annotations

from bistand.rules import formulas
from bistand.rules.context import Context
from bistand.rules.law import inkomster
from bistand.rules.law.forsorjningsstod import Outcome
from bistand.rules.money import format_kronor_sv as kr
from bistand.rules.result import Change

__all__ = ["changes"]


def changes(ctx: Context, o: Outcome) -> tuple[Change, ...]:
    out: list[Change] = []
    need = o.riksnorm + o.costs_approved + o.livsforing_granted
    if o.status == "not_eligible":
        lower = o.assets_counted - (need - o.income_counted) + 1
        out.append(
            Change(
                "assets_lower_for_assistance",
                lower,
                f"Om tillgångarna var minst {kr(lower)} lägre skulle hushållet ha rätt till "
                f"försörjningsstöd.",
            )
        )
    elif o.amount:
        out.append(
            Change(
                "income_higher_for_no_assistance",
                o.amount,
                f"Om inkomsterna som räknas var {kr(o.amount)} högre skulle hushållet inte få "
                f"något försörjningsstöd. Varje krona mer i inkomst minskar stödet med en "
                f"krona.",
            )
        )
        has_adult_salary = any(
            i.type == "salary"
            and next(m for m in ctx.inp.household if m.id == i.member).role != "child"
            for i in ctx.inp.incomes
        )
        active, _q, _d, percent = inkomster.jobbstimulans_active(ctx)
        if active and has_adult_salary:
            counted_share = 100 - int(percent.value)
            raise_needed = -(-o.amount * 100 // counted_share)
            out.append(
                Change(
                    "salary_higher_for_no_assistance",
                    raise_needed,
                    f"Med jobbstimulans räknas {counted_share} procent av lönen. Lönen efter "
                    f"skatt skulle behöva öka med minst {kr(raise_needed)} för att stödet ska "
                    f"bli 0 kr.",
                )
            )
    else:
        lower = o.income_counted - need + 1
        out.append(
            Change(
                "income_lower_for_assistance",
                lower,
                f"Inkomsterna som räknas skulle behöva vara minst {kr(lower)} lägre för att "
                f"hushållet ska få försörjningsstöd.",
            )
        )
    for line in ctx.lines:
        if line.rule.id == "kostnader.guideline_cap" and line.effect == "info":
            out.append(
                Change(
                    "cost_above_guideline",
                    line.amount,
                    f"{line.what.split(',')[0]}: om kostnaden var {kr(line.amount)} lägre "
                    f"skulle hela kostnaden godkännas.",
                )
            )
    if o.pending:
        asked = sum(n.amount_asked for n in o.pending)
        most = formulas.payable(need + asked, o.income_counted + o.assets_counted)
        out.append(
            Change(
                "needs_pending_assessment",
                asked,
                f"Behov för {kr(asked)} väntar på prövning. Om allt beviljas blir stödet "
                f"högst {kr(most)}.",
            )
        )
    return tuple(out)
