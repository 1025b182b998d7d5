"""Inkomster och tillgångar.

Law:
- 12 kap. 1 § socialtjänstlagen (2025:400): only someone who cannot meet their needs themselves
  or get them met in another way has a right to bistånd. The household's net incomes count, by
  type (which types count is data: parameters/inkomster.yaml), and assets must be used first.
- Jobbstimulans, 4 kap. 1 b § SoL (2001:453), prop. 2012/13:94 (new paragraph in 2025:400 not
  verified): after försörjningsstöd for six consecutive months, 25 % of income from employment
  is not counted, for two years; it starts again after a new run of six months.
- Barns och skolungdomars arbetsinkomster, 4 kap. 1 a § SoL (2001:453) (new paragraph not
  verified): a hemmavarande child's or school youth's earnings are not counted up to one
  prisbasbelopp per calendar year.
- Normöverskott: income above the norm in one month is counted the next month, but not for a
  first-time applicant who could not foresee the need (HFD 2020, summarised by lexbase).
"""

from __future__ import annotations

from collections import defaultdict

from bistand.rules.released.r1_0_0 import formulas
from bistand.rules.released.r1_0_0.citations import SOL, SOL_2001, SOSFS_2013_1, Citation, Rule
from bistand.rules.released.r1_0_0.context import Context
from bistand.rules.released.r1_0_0.inputs import HouseholdInput
from bistand.rules.released.r1_0_0.parameters import ParamValue, law_parameters

__all__ = ["RULES", "TYPE_LABELS", "calculate", "jobbstimulans_active"]

_OWN_MEANS = SOL(12, "1")
_HFD_2020 = Citation(
    "Högsta förvaltningsdomstolens dom 2020 om normöverskott",
    url="https://www.lexbase.se/nyheter/dom-i-mal-om-bistand-enligt-socialtjanstlagen/4434",
    verified=False,
    note="Målnummer och referat inte verifierade; sammanfattning hos lexbase.",
)
_JOBBSTIMULANS = SOL_2001(
    4, "1 b", note="prop. 2012/13:94; motsvarande paragraf i SoL (2025:400) inte verifierad"
)
_BARNS_INKOMSTER = SOL_2001(
    4, "1 a", note="prop. 2012/13:94; motsvarande paragraf i SoL (2025:400) inte verifierad"
)

RULE_COUNTED = Rule("inkomster.counted", "Inkomst som räknas", (_OWN_MEANS, SOSFS_2013_1))
RULE_EXEMPT = Rule("inkomster.exempt", "Inkomst som inte räknas", (_OWN_MEANS, SOSFS_2013_1))
RULE_JOBBSTIMULANS = Rule(
    "inkomster.jobbstimulans", "Jobbstimulans: 25 % av lönen räknas inte", (_JOBBSTIMULANS,)
)
RULE_CHILD_EARNINGS = Rule(
    "inkomster.child_earnings",
    "Barns och skolungdomars arbetsinkomster upp till ett prisbasbelopp per år",
    (_BARNS_INKOMSTER,),
)
RULE_NORMOVERSKOTT = Rule(
    "inkomster.normoverskott", "Normöverskott från förra månaden", (_OWN_MEANS, _HFD_2020)
)
RULE_ASSETS = Rule(
    "tillgangar.use_first",
    "Tillgångar ska användas först",
    (_OWN_MEANS, SOSFS_2013_1),
)
RULES = (
    RULE_COUNTED,
    RULE_EXEMPT,
    RULE_JOBBSTIMULANS,
    RULE_CHILD_EARNINGS,
    RULE_NORMOVERSKOTT,
    RULE_ASSETS,
)

TYPE_LABELS = {
    "salary": "Lön",
    "child_allowance": "Barnbidrag",
    "housing_allowance": "Bostadsbidrag",
    "maintenance_support": "Underhållsstöd",
    "sickness_benefit": "Sjukpenning",
    "activity_support": "Aktivitetsstöd",
    "unemployment_benefit": "Arbetslöshetsersättning",
    "student_aid": "Studiemedel",
    "pension": "Pension",
    "parental_benefit": "Föräldrapenning",
    "tax_refund": "Skatteåterbäring",
    "other": "Övrig inkomst",
    "merkostnadsersattning": "Merkostnadsersättning",
}


def jobbstimulans_active(
    inp: HouseholdInput,
) -> tuple[bool, ParamValue, ParamValue, ParamValue]:
    """Whether jobbstimulans applies this month, and the parameters that decide it."""
    p = law_parameters()
    on = inp.first_day
    qualifying = p.at("jobbstimulans.qualifying_months", on)
    duration = p.at("jobbstimulans.duration_months", on)
    percent = p.at("jobbstimulans.disregarded_percent", on)
    if inp.jobbstimulans_start is not None:
        sy, sm = inp.jobbstimulans_start
        since = (inp.year * 12 + inp.month) - (sy * 12 + sm)
        active = 0 <= since < duration.value
    else:
        active = formulas.jobbstimulans_active_by_months(
            inp.months_on_assistance, qualifying.value, duration.value
        )
    return active, qualifying, duration, percent


def calculate(ctx: Context) -> tuple[int, int]:
    """(income counted, assets to use first) for the month, in öre."""
    inp = ctx.inp
    p = law_parameters()
    on = ctx.on
    lines = ctx.lines
    counted = 0
    salary: dict[str, int] = defaultdict(int)

    for income in inp.incomes:
        kind = ctx.use(p.at(f"income_type.{income.type}", on))
        label = TYPE_LABELS.get(income.type, income.type)
        if kind.value["employment"]:
            salary[income.member] += income.amount
            continue
        if kind.value["counted"]:
            lines.append(
                (
                    "inkomster",
                    label,
                    income.amount,
                    "subtract",
                    RULE_COUNTED,
                    "{0} {1:kr} räknas som inkomst.",
                    (label, income.amount),
                    income.member,
                    None,
                )
            )
            counted += income.amount
        else:
            lines.append(
                (
                    "inkomster",
                    label,
                    income.amount,
                    "info",
                    RULE_EXEMPT,
                    "{0} {1:kr} räknas inte som inkomst.",
                    (label, income.amount),
                    income.member,
                    None,
                )
            )

    if salary:
        roles = {m.id: m for m in inp.household}
        active, qualifying, duration, percent = jobbstimulans_active(inp)
        for member_id, amount in salary.items():
            member = roles[member_id]
            if member.role == "child":
                pbb = ctx.use(p.at("prisbasbelopp", on))
                limit = ctx.use(p.at("child_earnings.limit_prisbasbelopp", on))
                exempt = formulas.child_earnings_exempt(
                    amount, pbb.value * limit.value, member.earnings_exempted_this_year
                )
                if exempt:
                    lines.append(
                        (
                            "inkomster",
                            "Barns arbetsinkomst som inte räknas",
                            exempt,
                            "info",
                            RULE_CHILD_EARNINGS,
                            "Barns och skolungdomars arbetsinkomster räknas inte upp till ett "
                            "prisbasbelopp ({0:kr}) per år. {1:kr} av lönen "
                            "räknas inte.",
                            (pbb.value, exempt),
                            member_id,
                            None,
                        )
                    )
                part = amount - exempt
            elif active:
                ctx.use(qualifying)
                ctx.use(duration)
                ctx.use(percent)
                disregarded = formulas.percent_of(amount, percent.value)
                lines.append(
                    (
                        "inkomster",
                        "Jobbstimulans",
                        disregarded,
                        "info",
                        RULE_JOBBSTIMULANS,
                        "Du har haft försörjningsstöd i minst {0} månader i "
                        "följd. Därför räknas {1} procent av lönen, "
                        "{2:kr}, inte som inkomst.",
                        (qualifying.value, percent.value, disregarded),
                        member_id,
                        None,
                    )
                )
                part = amount - disregarded
            else:
                part = amount
            lines.append(
                (
                    "inkomster",
                    "Lön",
                    part,
                    "subtract",
                    RULE_COUNTED,
                    "Lön efter skatt {0:kr}; {1:kr} räknas som inkomst.",
                    (amount, part),
                    member_id,
                    None,
                )
            )
            counted += part

    if inp.previous_month_surplus:
        surplus = inp.previous_month_surplus
        if inp.first_time_applicant and not inp.shortfall_foreseeable:
            lines.append(
                (
                    "inkomster",
                    "Normöverskott, räknas inte",
                    surplus,
                    "info",
                    RULE_NORMOVERSKOTT,
                    "Förra månaden hade hushållet {0:kr} mer än normen. Det räknas "
                    "inte, eftersom du söker för första gången och inte kunde förutse "
                    "behovet.",
                    (surplus,),
                    None,
                    None,
                )
            )
        else:
            lines.append(
                (
                    "inkomster",
                    "Normöverskott från förra månaden",
                    surplus,
                    "subtract",
                    RULE_NORMOVERSKOTT,
                    "Förra månaden hade hushållet {0:kr} mer än normen. Det räknas "
                    "som inkomst denna månad.",
                    (surplus,),
                    None,
                    None,
                )
            )
            counted += surplus

    assets = 0
    if inp.assets:
        total = sum(a.amount for a in inp.assets)
        g = ctx.guideline
        if g is not None and "guideline.asset_buffer" in g.parameters:
            buffer_pv = ctx.use(g.parameters.at("guideline.asset_buffer", on))
        else:
            buffer_pv = ctx.use(p.at("practice.asset_buffer", on))
        buffer: int = buffer_pv.value
        assets = formulas.maximum(total - buffer, 0)
        if assets:
            lines.append(
                (
                    "tillgangar",
                    "Tillgångar att använda först",
                    assets,
                    "subtract",
                    RULE_ASSETS,
                    "Hushållet har tillgångar på {0:kr}. Av dem ska {1:kr} "
                    "användas till försörjningen innan försörjningsstöd kan ges.",
                    (total, assets),
                    None,
                    None,
                )
            )
        else:
            lines.append(
                (
                    "tillgangar",
                    "Tillgångar under bufferten",
                    total,
                    "info",
                    RULE_ASSETS,
                    "Hushållets tillgångar på {0:kr} är inte större än bufferten "
                    "{1:kr} och påverkar inte beloppet.",
                    (total, buffer),
                    None,
                    None,
                )
            )
    return counted, assets
