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

from bistand.rules import formulas
from bistand.rules.citations import SOL, SOL_2001, SOSFS_2013_1, Citation, Rule
from bistand.rules.context import Context, Line
from bistand.rules.inputs import HouseholdInput
from bistand.rules.money import format_kronor_sv as kr
from bistand.rules.parameters import ParamValue, law_parameters

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
    on = inp.first_day
    lines = ctx.lines
    roles = {m.id: m for m in inp.household}
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
                Line(
                    "inkomster",
                    label,
                    income.amount,
                    "subtract",
                    RULE_COUNTED,
                    f"{label} {kr(income.amount)} räknas som inkomst.",
                    income.member,
                )
            )
            counted += income.amount
        else:
            lines.append(
                Line(
                    "inkomster",
                    label,
                    income.amount,
                    "info",
                    RULE_EXEMPT,
                    f"{label} {kr(income.amount)} räknas inte som inkomst.",
                    income.member,
                )
            )

    if salary:
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
                        Line(
                            "inkomster",
                            "Barns arbetsinkomst som inte räknas",
                            exempt,
                            "info",
                            RULE_CHILD_EARNINGS,
                            f"Barns och skolungdomars arbetsinkomster räknas inte upp till ett "
                            f"prisbasbelopp ({kr(pbb.value)}) per år. {kr(exempt)} av lönen "
                            f"räknas inte.",
                            member_id,
                        )
                    )
                part = amount - exempt
            elif active:
                ctx.use(qualifying)
                ctx.use(duration)
                ctx.use(percent)
                disregarded = formulas.percent_of(amount, percent.value)
                lines.append(
                    Line(
                        "inkomster",
                        "Jobbstimulans",
                        disregarded,
                        "info",
                        RULE_JOBBSTIMULANS,
                        f"Du har haft försörjningsstöd i minst {qualifying.value} månader i "
                        f"följd. Därför räknas {percent.value} procent av lönen, "
                        f"{kr(disregarded)}, inte som inkomst.",
                        member_id,
                    )
                )
                part = amount - disregarded
            else:
                part = amount
            lines.append(
                Line(
                    "inkomster",
                    "Lön",
                    part,
                    "subtract",
                    RULE_COUNTED,
                    f"Lön efter skatt {kr(amount)}; {kr(part)} räknas som inkomst.",
                    member_id,
                )
            )
            counted += part

    if inp.previous_month_surplus:
        surplus = inp.previous_month_surplus
        if inp.first_time_applicant and not inp.shortfall_foreseeable:
            lines.append(
                Line(
                    "inkomster",
                    "Normöverskott, räknas inte",
                    surplus,
                    "info",
                    RULE_NORMOVERSKOTT,
                    f"Förra månaden hade hushållet {kr(surplus)} mer än normen. Det räknas "
                    f"inte, eftersom du söker för första gången och inte kunde förutse "
                    f"behovet.",
                )
            )
        else:
            lines.append(
                Line(
                    "inkomster",
                    "Normöverskott från förra månaden",
                    surplus,
                    "subtract",
                    RULE_NORMOVERSKOTT,
                    f"Förra månaden hade hushållet {kr(surplus)} mer än normen. Det räknas "
                    f"som inkomst denna månad.",
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
                Line(
                    "tillgangar",
                    "Tillgångar att använda först",
                    assets,
                    "subtract",
                    RULE_ASSETS,
                    f"Hushållet har tillgångar på {kr(total)}. Av dem ska {kr(assets)} "
                    f"användas till försörjningen innan försörjningsstöd kan ges.",
                )
            )
        else:
            lines.append(
                Line(
                    "tillgangar",
                    "Tillgångar under bufferten",
                    total,
                    "info",
                    RULE_ASSETS,
                    f"Hushållets tillgångar på {kr(total)} är inte större än bufferten "
                    f"{kr(buffer)} och påverkar inte beloppet.",
                )
            )
    return counted, assets
