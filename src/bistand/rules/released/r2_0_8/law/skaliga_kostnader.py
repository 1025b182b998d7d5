"""Skäliga kostnader utanför riksnormen.

Law: 12 kap. 7 § socialtjänstlagen (2025:400) — försörjningsstöd also covers skäliga kostnader
för boende, hushållsel, arbetsresor, hemförsäkring samt medlemskap i fackförening och
arbetslöshetskassa. What is skäligt is judged on the person's needs, with regard to what a
låginkomsttagare på orten normalt har råd med (SOSFS 2013:1; Socialstyrelsen). A cost is taken
at its actual amount; a municipality's guideline (``guidelines.yaml`` in the municipality
directory, never law) may set a maximum, e.g. the highest rent by the number of adults and
children. A rent above the maximum is still paid in full during a rådrum — reasonable time to
lower the cost (Socialstyrelsen, SOSFS 2013:1) — until the date given in the input.

In a home shared with people who are their own household (bistand.rules.household), the
applicant's family has only its share of the rent and the household electricity: the share
agreed (e.g. a sublet contract, ``rent_agreed_share``) when the answers record one, otherwise per
head (cost × family members / persons in the home), by analogy with the per-head quotient of
12 kap. 3 § andra stycket SoF (2025:468).

Interpretation (ours): the rådrum covers the month when ``rent_radrum_until`` is on or after the
month's first day; the rent table is keyed on min(adults, 2) and min(children, last column) of
the applicant's family, children counting umgängesbarn. Each child's own share of the housing
costs (rent, household electricity, home insurance approved ÷ the family living here the whole
month) is the part that child's own income covers first (inkomster).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from bistand.rules.released.r2_0_8 import formulas
from bistand.rules.released.r2_0_8.citations import (
    SOF_2001,
    SOL,
    SOL_2001,
    SOSFS_2013_1,
    STF,
    Citation,
    Rule,
)
from bistand.rules.released.r2_0_8.context import Context, line
from bistand.rules.released.r2_0_8.inputs import COST_TYPES, HouseholdInput
from bistand.rules.released.r2_0_8.parameters import (
    Guideline,
    ParameterMissingError,
    ParamValue,
    guideline_for,
)

__all__ = ["LABELS", "RULES", "calculate", "guideline_rent_max", "rent_cap"]

_COSTS = SOL(
    12,
    "7",
    "första stycket 2",
    verified=False,
    note="Punkten i 12 kap. 7 § för skäliga kostnader är inte verifierad mot lagtexten.",
)
_SOCIALSTYRELSEN = Citation(
    "Socialstyrelsen, Försörjningsstöd",
    url="https://www.socialstyrelsen.se/hittarattmyndighet/ekonomisktbistand/forsorjningsstod",
    note="Rådrum: skälig tid att sänka en för hög boendekostnad. Giltig från: provisoriskt satt "
    "till SOSFS 2013:1:s år; sidans datum är inte kontrollerat.",
    valid_from=date(2013, 1, 1),
)

_COSTS_2001 = SOL_2001(
    4,
    "3",
    "första stycket 2",
    verified=False,
    note="Paragrafen i den gamla lagen enligt sekundärkälla (lagar.nj.se, SFS 2013:421).",
)

RULE_ACTUAL: Final = Rule(
    "kostnader.actual",
    "Skälig kostnad, faktisk kostnad",
    (_COSTS, _COSTS_2001, SOSFS_2013_1),
)
RULE_CAP: Final = Rule(
    "kostnader.guideline_cap",
    "Kostnaden begränsas till kommunens riktlinje",
    (_COSTS, _COSTS_2001, SOSFS_2013_1),
    kind="guideline",
)
RULE_RADRUM: Final = Rule(
    "kostnader.radrum",
    "Rådrum: hela hyran under skälig tid att sänka kostnaden",
    (_COSTS, _COSTS_2001, SOSFS_2013_1, _SOCIALSTYRELSEN),
    kind="interpretation",
    interpretation="Rådrummet gäller månaden om datumet är på eller efter månadens första dag.",
)
RULE_SHARED_HOME: Final = Rule(
    "kostnader.shared_home",
    "Delat hem: er andel av hyran och hushållselen",
    (
        _COSTS,
        _COSTS_2001,
        STF(12, "3", "andra stycket"),
        SOF_2001(2, "1", verified=False, note="Stycket är inte kontrollerat."),
    ),
    kind="interpretation",
    interpretation="Överenskommen andel (t.ex. ett andrahandskontrakt) om den är uppgiven, "
    "annars kostnaden × familjens antal / antalet i hemmet, avrundat till öre.",
)
RULE_ASSESSED: Final = Rule(
    "kostnader.assessed_rent",
    "Skälig hyra enligt handläggarens bedömning",
    (_COSTS, _COSTS_2001, SOSFS_2013_1),
    kind="interpretation",
    interpretation="Vad som är en skälig boendekostnad bedöms utifrån den enskildes behov "
    "(12 kap. 7 § SoL, SOSFS 2013:1). Handläggarens bedömda högsta hyra ersätter riktlinjens "
    "belopp för hushållet, också när den är högre än riktlinjen.",
)
RULES = (RULE_ACTUAL, RULE_CAP, RULE_RADRUM, RULE_SHARED_HOME, RULE_ASSESSED)

HOUSING: Final = ("rent", "household_electricity", "home_insurance")
"""Costs of the home, of which each child has a per-head share (inkomster)."""

LABELS: Final = {
    "rent": "Boendekostnad (hyra)",
    "household_electricity": "Hushållsel",
    "home_insurance": "Hemförsäkring",
    "union_and_a_kassa": "Fackförening och a-kassa",
    "work_travel": "Arbetsresor",
}


def counts(ctx: Context) -> tuple[int, int]:
    """(adults, children) of the applicant's family for the guideline tables; children include
    umgängesbarn; people sharing the home as their own household are not counted."""
    h = ctx.household
    return h.adults, len(h.children) + len(h.umgange)


def rent_cap(guideline: Guideline, adults: int, children: int, ctx: Context) -> ParamValue:
    """The guideline's highest rent row for the household, recorded as used."""
    key = "guideline.rent_max.adults_1" if adults <= 1 else "guideline.rent_max.adults_2"
    return ctx.use(guideline.parameters.at(key, ctx.on))


def cap_for(ctx: Context, cost: str) -> tuple[int, ParamValue] | None:
    """The guideline's maximum for a cost this month, or None (no guideline, no cap)."""
    g = ctx.guideline
    if g is None:
        return None
    if cost == "rent":
        if "guideline.rent_max.adults_1" not in g.parameters:
            return None
        adults, children = counts(ctx)
        try:
            pv = rent_cap(g, adults, children, ctx)
        except ParameterMissingError:
            return None
        row: tuple[int, ...] = pv.value
        return row[min(children, len(row) - 1)], pv
    key = f"guideline.max.{cost}"
    if key not in g.parameters:
        return None
    try:
        pv = ctx.use(g.parameters.at(key, ctx.on))
    except ParameterMissingError:
        return None
    return int(pv.value), pv


def guideline_rent_max(inp: HouseholdInput) -> int | None:
    """The municipality's highest rent for this household and month, in öre (the guideline row
    the engine would use), or None when no guideline sets one. For the case worker's form."""
    if inp.municipality is None:
        return None
    guideline = guideline_for(inp.municipality)
    if guideline is None:
        return None
    found = cap_for(Context(inp, guideline), "rent")
    return found[0] if found is not None else None


def calculate(ctx: Context) -> int:
    """The approved skäliga kostnader for the month, in öre: each cost (the family's share of
    a shared home's rent and electricity), at its actual amount or the guideline's maximum."""
    total = 0
    housing = 0
    for cost in COST_TYPES:
        actual = family_share(ctx, cost)
        if not actual:
            continue
        approved = approved_cost(ctx, cost, actual)
        total += approved
        if cost in HOUSING:
            housing += approved
    children = ctx.household.children
    if housing and children:
        per_head = formulas.div_half_up(housing, ctx.household.family_size)
        for m in children:
            ctx.child_share[m.id] = ctx.child_share.get(m.id, 0) + per_head
    return total


def family_share(ctx: Context, cost: str) -> int:
    """The cost the applicant's family has: the whole cost, or in a home shared with people who
    are their own household the agreed share or the per-head share of rent and electricity."""
    whole: int = getattr(ctx.inp.costs, cost)
    h = ctx.household
    if not whole or not h.own_households or cost not in ("rent", "household_electricity"):
        return whole
    label = LABELS[cost]
    you, your = ("Du", "din") if h.alone else ("Ni", "er")
    agreed: int | None = getattr(ctx.inp.costs, f"{cost}_agreed_share")
    if agreed is not None:
        ctx.add(
            line(
                category="kostnader",
                what=f"{label}, {your} överenskomna andel",
                amount=agreed,
                effect="info",
                rule=RULE_SHARED_HOME,
                text="{0} för hela hemmet är {1:kr}. "
                + you
                + " delar hemmet med någon som är ett eget hushåll, och "
                + your
                + " överenskomna andel är {2:kr}.",
                args=(label, whole, agreed),
            )
        )
        return agreed
    share = formulas.div_half_up(whole * h.family_size, h.home_size)
    ctx.add(
        line(
            category="kostnader",
            what=f"{label}, {your} andel ({h.family_size} av {h.home_size} personer)",
            amount=share,
            effect="info",
            rule=RULE_SHARED_HOME,
            text="{0} för hela hemmet är {1:kr}. "
            + you
            + " delar hemmet med någon som är ett eget hushåll och ingen annan fördelning är "
            "uppgiven, så " + your + " andel räknas per person: {1:kr} × {2} / {3} = {4:kr}.",
            args=(label, whole, h.family_size, h.home_size, share),
        )
    )
    return share


def approved_cost(ctx: Context, cost: str, actual: int) -> int:
    """The cost at its actual amount, or capped at the guideline (unless under rådrum)."""
    label = LABELS[cost]
    if cost == "rent" and ctx.inp.costs.rent_assessed_max is not None:
        return assessed_rent(ctx, actual)
    found = cap_for(ctx, cost)
    if found is None or actual <= found[0]:
        ctx.add(
            line(
                category="kostnader",
                what=label,
                amount=actual,
                effect="add",
                rule=RULE_ACTUAL,
                text=_TEXT_ACTUAL if ctx.guideline is None else _TEXT_ACTUAL_GUIDELINE,
                args=(label, actual),
            )
        )
        return actual
    cap, pv = found
    radrum = ctx.inp.costs.rent_radrum_until if cost == "rent" else None
    if radrum is not None and radrum >= ctx.on:
        ctx.add(
            line(
                category="kostnader",
                what=label,
                amount=actual,
                effect="add",
                rule=RULE_RADRUM,
                text="{0}: {1:kr} är mer än riktlinjens {2:kr}, men du har rådrum till och med "
                "{3} för att sänka kostnaden. Hela kostnaden godkänns denna månad. Efter "
                "rådrummet räknas högst {2:kr}.",
                args=(label, actual, cap, radrum.isoformat()),
                guideline=pv.reference,
            )
        )
        return actual
    ctx.add(
        line(
            category="kostnader",
            what=label,
            amount=cap,
            effect="add",
            rule=RULE_CAP,
            text="{0}: {1:kr} är mer än vad en låginkomsttagare på orten normalt har råd med. "
            "Kommunens riktlinje är högst {2:kr}, och det beloppet godkänns.",
            args=(label, actual, cap),
            guideline=pv.reference,
        )
    )
    ctx.add(
        line(
            category="kostnader",
            what=f"{label}, del som inte godkänns",
            amount=actual - cap,
            effect="info",
            rule=RULE_CAP,
            text="{0:kr} av kostnaden godkänns inte.",
            args=(actual - cap,),
            guideline=pv.reference,
        )
    )
    return cap


def assessed_rent(ctx: Context, actual: int) -> int:
    """The rent against the case worker's assessed highest skälig rent (``rent_assessed_max``),
    which replaces the guideline's maximum for this household; a rådrum still pays the whole
    rent until its date, and the assessed maximum follows."""
    costs = ctx.inp.costs
    cap = costs.rent_assessed_max
    assert cap is not None
    label = LABELS["rent"]
    reason = costs.rent_assessed_reason
    if actual <= cap:
        ctx.add(
            line(
                category="kostnader",
                what=label,
                amount=actual,
                effect="add",
                rule=RULE_ASSESSED,
                text="{0}: {1:kr} godkänns som skälig kostnad. Handläggaren har bedömt att en "
                "hyra på högst {2:kr} är skälig för hushållet: {3}",
                args=(label, actual, cap, reason),
            )
        )
        return actual
    radrum = costs.rent_radrum_until
    if radrum is not None and radrum >= ctx.on:
        ctx.add(
            line(
                category="kostnader",
                what=label,
                amount=actual,
                effect="add",
                rule=RULE_RADRUM,
                text="{0}: {1:kr} är mer än de {2:kr} som handläggaren har bedömt som skäligt, "
                "men du har rådrum till och med {3} för att sänka kostnaden. Hela kostnaden "
                "godkänns denna månad. Efter rådrummet räknas högst {2:kr}: {4}",
                args=(label, actual, cap, radrum.isoformat(), reason),
            )
        )
        return actual
    ctx.add(
        line(
            category="kostnader",
            what=label,
            amount=cap,
            effect="add",
            rule=RULE_ASSESSED,
            text="{0}: {1:kr} är mer än vad som är skäligt för hushållet. Handläggaren har "
            "bedömt att högst {2:kr} är skäligt, och det beloppet godkänns: {3}",
            args=(label, actual, cap, reason),
        )
    )
    ctx.add(
        line(
            category="kostnader",
            what=f"{label}, del som inte godkänns",
            amount=actual - cap,
            effect="info",
            rule=RULE_ASSESSED,
            text="{0:kr} av kostnaden godkänns inte.",
            args=(actual - cap,),
        )
    )
    return cap


_TEXT_ACTUAL_GUIDELINE = "{0}: {1:kr} godkänns som skälig kostnad."
_TEXT_ACTUAL = (
    _TEXT_ACTUAL_GUIDELINE + " Ingen kommunal riktlinje är vald, så den faktiska kostnaden räknas."
)
