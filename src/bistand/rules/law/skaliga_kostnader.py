"""Skäliga kostnader utanför riksnormen.

Law: 12 kap. 7 § socialtjänstlagen (2025:400) — försörjningsstöd also covers skäliga kostnader
för boende, hushållsel, arbetsresor, hemförsäkring samt medlemskap i fackförening och
arbetslöshetskassa. What is skäligt is judged on the person's needs, with regard to what a
låginkomsttagare på orten normalt har råd med (SOSFS 2013:1; Socialstyrelsen). A cost is taken
at its actual amount; a municipality's guideline (``guidelines.yaml`` in the municipality
directory, never law) may set a maximum, e.g. the highest rent by the number of adults and
children. A rent above the maximum is still paid in full during a rådrum — reasonable time to
lower the cost (Socialstyrelsen, SOSFS 2013:1) — until the date given in the input.

Interpretation (ours): the rådrum covers the month when ``rent_radrum_until`` is on or after the
month's first day; the rent table is keyed on min(adults, 2) and min(children, last column),
children counting umgängesbarn.
"""

from __future__ import annotations

from bistand.rules.citations import SOL, SOSFS_2013_1, Citation, Rule
from bistand.rules.context import Context
from bistand.rules.inputs import COST_TYPES
from bistand.rules.parameters import Guideline, ParameterMissingError, ParamValue

__all__ = ["LABELS", "RULES", "calculate", "rent_cap"]

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
    note="Rådrum: skälig tid att sänka en för hög boendekostnad.",
)

RULE_ACTUAL = Rule("kostnader.actual", "Skälig kostnad, faktisk kostnad", (_COSTS, SOSFS_2013_1))
RULE_CAP = Rule(
    "kostnader.guideline_cap",
    "Kostnaden begränsas till kommunens riktlinje",
    (_COSTS, SOSFS_2013_1),
    kind="guideline",
)
RULE_RADRUM = Rule(
    "kostnader.radrum",
    "Rådrum: hela hyran under skälig tid att sänka kostnaden",
    (_COSTS, SOSFS_2013_1, _SOCIALSTYRELSEN),
    kind="interpretation",
    interpretation="Rådrummet gäller månaden om datumet är på eller efter månadens första dag.",
)
RULES = (RULE_ACTUAL, RULE_CAP, RULE_RADRUM)

LABELS = {
    "rent": "Boendekostnad (hyra)",
    "household_electricity": "Hushållsel",
    "home_insurance": "Hemförsäkring",
    "union_and_a_kassa": "Fackförening och a-kassa",
    "work_travel": "Arbetsresor",
}


def counts(ctx: Context) -> tuple[int, int]:
    """(adults, children) for the guideline tables; children include umgängesbarn."""
    adults = sum(1 for m in ctx.inp.household if m.role != "child")
    return adults, len(ctx.inp.household) - adults


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


def calculate(ctx: Context) -> int:
    """The approved skäliga kostnader for the month, in öre."""
    inp = ctx.inp
    costs = inp.costs
    total = 0
    for cost in COST_TYPES:
        actual: int = getattr(costs, cost)
        if not actual:
            continue
        label = LABELS[cost]
        found = cap_for(ctx, cost)
        if found is None or actual <= found[0]:
            ctx.lines.append(
                (
                    "kostnader",
                    label,
                    actual,
                    "add",
                    RULE_ACTUAL,
                    _TEXT_ACTUAL if ctx.guideline is None else _TEXT_ACTUAL_GUIDELINE,
                    (label, actual),
                    None,
                    None,
                )
            )
            total += actual
            continue
        cap, pv = found
        radrum = costs.rent_radrum_until if cost == "rent" else None
        if radrum is not None and radrum >= ctx.on:
            ctx.lines.append(
                (
                    "kostnader",
                    label,
                    actual,
                    "add",
                    RULE_RADRUM,
                    "{0}: {1:kr} är mer än riktlinjens {2:kr}, men du har rådrum "
                    "till och med {3} för att sänka kostnaden. Hela "
                    "kostnaden godkänns denna månad.",
                    (label, actual, cap, radrum.isoformat()),
                    None,
                    pv.reference,
                )
            )
            total += actual
            continue
        ctx.lines.append(
            (
                "kostnader",
                label,
                cap,
                "add",
                RULE_CAP,
                "{0}: {1:kr} är mer än vad en låginkomsttagare på orten normalt har "
                "råd med. Kommunens riktlinje är högst {2:kr}, och det beloppet godkänns.",
                (label, actual, cap),
                None,
                pv.reference,
            )
        )
        ctx.lines.append(
            (
                "kostnader",
                f"{label}, del som inte godkänns",
                actual - cap,
                "info",
                RULE_CAP,
                "{0:kr} av kostnaden godkänns inte.",
                (actual - cap,),
                None,
                pv.reference,
            )
        )
        total += cap
    return total


_TEXT_ACTUAL_GUIDELINE = "{0}: {1:kr} godkänns som skälig kostnad."
_TEXT_ACTUAL = (
    _TEXT_ACTUAL_GUIDELINE + " Ingen kommunal riktlinje är vald, så den faktiska kostnaden räknas."
)
