"""Inkomster och tillgångar.

Law (from 2025-07-01; before then SoL 2001:453 4 kap. 1, 1 a and 1 b §§):
- 12 kap. 1 § socialtjänstlagen (2025:400): only someone who cannot meet their needs themselves
  or get them met in another way has a right to bistånd. The household's net incomes count, by
  type (which types count is data: parameters/inkomster.yaml), and assets must be used first.
  The household is the applicant's family (bistand.rules.household): the incomes and assets of
  someone sharing the home as his or her own household are never counted for the applicant.
- Jobbstimulans, 12 kap. 8 § SoL (2025:400) (4 kap. 1 b § SoL 2001:453): after försörjningsstöd
  for six months in a row, 25 % of income from employment is not counted, for two years; then it
  takes a new run of six months. :func:`jobbstimulans_ledger` finds the period from the case's
  history of months granted; the pipeline passes its first month (``jobbstimulans_start``).
- Barns och skolungdomars arbetsinkomster, 12 kap. 9 § SoL (2025:400) (4 kap. 1 a § SoL
  2001:453): a hemmavarande child's or skolungdom's earnings are not counted up to one
  prisbasbelopp per calendar year.
- A child's own income (barnpension, underhållsstöd, the counted part of the child's earnings)
  covers that child's own share of the need first; any excess is not set against the parents'
  or siblings' needs, as a child has no duty to support them (Socialstyrelsen's handbook,
  interpretation parameter ``practice.child_income_own_share_only``, which a municipality's
  guideline may set otherwise with its own reference).
- Normöverskott: income above the norm in one month is counted the next month (RÅ 1994 ref. 50,
  HFD 2020 summarised by lexbase), for at most ``practice.normoverskott_max_months`` months
  after it arose (HFD 2017 ref. 51, holding not yet read: provisional), and for a first-time
  applicant only when the shortfall was foreseeable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from bistand.rules.released.r2_0_8 import formulas
from bistand.rules.released.r2_0_8.citations import SOL, SOL_2001, SOSFS_2013_1, Citation, Rule
from bistand.rules.released.r2_0_8.context import Context, line
from bistand.rules.released.r2_0_8.income_types import income_label
from bistand.rules.released.r2_0_8.inputs import HouseholdInput
from bistand.rules.released.r2_0_8.parameters import ParamValue, law_parameters

__all__ = [
    "LIQUID_ASSETS",
    "RULES",
    "JobbstimulansLedger",
    "LedgerEntry",
    "calculate",
    "jobbstimulans_active",
    "jobbstimulans_ledger",
]

_OWN_MEANS = SOL(12, "1")
_OWN_MEANS_2001 = SOL_2001(4, "1", "första stycket")
_HFD_2020 = Citation(
    "Högsta förvaltningsdomstolens dom 2020 om normöverskott",
    url="https://www.lexbase.se/nyheter/dom-i-mal-om-bistand-enligt-socialtjanstlagen/4434",
    verified=False,
    note="Målnummer och referat inte verifierade; sammanfattning hos lexbase.",
    valid_from=date(2020, 10, 14),
)
_HFD_2017_51 = Citation(
    "HFD 2017 ref. 51 (mål nr 324–344-16)",
    url="https://lagen.nu/dom/hfd/2017:51",
    verified=False,
    note="Rubrik och omständigheter lästa; domskälen (hur länge förbrukade medel får "
    "påverka rätten till bistånd) är inte lästa. Gränsen är provisorisk.",
    valid_from=date(2017, 6, 14),
)
_RA_1994_50 = Citation(
    "RÅ 1994 ref. 50",
    note="Skyldighet att planera sin ekonomi när tidigare inkomster översteg normen (rubrik).",
    verified=False,
    valid_from=date(1994, 1, 1),
)
_JOBBSTIMULANS = SOL(12, "8")
_JOBBSTIMULANS_2001 = SOL_2001(4, "1 b", note="prop. 2012/13:94")
_BARNS_INKOMSTER = SOL(12, "9")
_BARNS_INKOMSTER_2001 = SOL_2001(4, "1 a", note="prop. 2012/13:94")
_SOCIALSTYRELSEN_HANDBOK = Citation(
    "Socialstyrelsen, Ekonomiskt bistånd – handbok för socialtjänsten (2021)",
    url="https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/ekonomiskt-bistand/",
    verified=False,
    note="Barnets egna inkomster täcker i första hand barnets eget behov; sidan i handboken är "
    "inte kontrollerad.",
    valid_from=date(2013, 7, 1),
)
_BASE = (_OWN_MEANS, _OWN_MEANS_2001, SOSFS_2013_1)

RULE_COUNTED: Final = Rule("inkomster.counted", "Inkomst som räknas", _BASE)
RULE_EXEMPT: Final = Rule("inkomster.exempt", "Inkomst som inte räknas", _BASE)
RULE_OWN_HOUSEHOLD: Final = Rule(
    "inkomster.own_household",
    "Inkomst för någon som är ett eget hushåll räknas inte",
    (*_BASE, SOL(12, "7", "första stycket 1")),
)
RULE_JOBBSTIMULANS: Final = Rule(
    "inkomster.jobbstimulans",
    "Jobbstimulans: 25 % av lönen räknas inte",
    (_JOBBSTIMULANS, _JOBBSTIMULANS_2001),
)
RULE_CHILD_EARNINGS: Final = Rule(
    "inkomster.child_earnings",
    "Barns och skolungdomars arbetsinkomster upp till ett prisbasbelopp per år",
    (_BARNS_INKOMSTER, _BARNS_INKOMSTER_2001),
)
RULE_CHILD_OWN_SHARE: Final = Rule(
    "inkomster.child_own_share",
    "Barnets egna inkomster täcker bara barnets egen andel av behovet",
    (*_BASE, _SOCIALSTYRELSEN_HANDBOK),
    kind="interpretation",
    interpretation="Barnets andel är barnets personliga kostnader, en andel per person av de "
    "gemensamma hushållskostnaderna och av boendekostnaderna (hyra, hushållsel, "
    "hemförsäkring); det som överstiger räknas inte mot föräldrarnas eller syskonens behov.",
)
RULE_NORMOVERSKOTT: Final = Rule(
    "inkomster.normoverskott",
    "Normöverskott från tidigare månad",
    (*_BASE, _RA_1994_50, _HFD_2017_51, _HFD_2020),
)
RULE_ASSETS: Final = Rule("tillgangar.use_first", "Tillgångar ska användas först", _BASE)
RULE_ASSETS_NOT_LIQUID: Final = Rule(
    "tillgangar.not_liquid",
    "Tillgång som inte är pengar prövas av en handläggare",
    _BASE,
    kind="interpretation",
    interpretation="Bara bankmedel och kontanter räknas som pengar att använda; fordon, "
    "bostad, värdepapper och annat prövas individuellt och dras aldrig av automatiskt.",
)
RULES = (
    RULE_COUNTED,
    RULE_EXEMPT,
    RULE_OWN_HOUSEHOLD,
    RULE_JOBBSTIMULANS,
    RULE_CHILD_EARNINGS,
    RULE_CHILD_OWN_SHARE,
    RULE_NORMOVERSKOTT,
    RULE_ASSETS,
    RULE_ASSETS_NOT_LIQUID,
)

LIQUID_ASSETS = ("bank_account", "cash")
"""Assets that are money the household can use at once; others need a person's assessment."""


# --- jobbstimulans: the ledger over the case history ----------------------------------------


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    month: tuple[int, int]
    granted: bool
    run: int
    """Months in a row with försörjningsstöd granted, up to and including this one (0 if not)."""
    note: str
    breaks_run: bool = False
    """A month without försörjningsstöd outside a jobbstimulans period: the run starts over."""


@dataclass(frozen=True, slots=True)
class JobbstimulansLedger:
    entries: tuple[LedgerEntry, ...]
    start: tuple[int, int] | None
    """The first month of the latest period, or None if no run of six months has been reached."""
    end: tuple[int, int] | None
    """The last month of that period (start + 23 months)."""


def _month_index(ym: tuple[int, int]) -> int:
    return ym[0] * 12 + ym[1] - 1


def _month_of(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _month_text(ym: tuple[int, int]) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


def jobbstimulans_ledger(
    granted_months: Iterable[tuple[int, int]], until: tuple[int, int], on: date | None = None
) -> JobbstimulansLedger:
    """The jobbstimulans period from the months with försörjningsstöd actually granted (an
    amount above 0 kr), up to the month ``until`` (the month being calculated, not counted).

    12 kap. 8 § SoL (2025:400): "För den som har fått försörjningsstöd under sex månader i
    följd" — a run is broken by any month without försörjningsstöd granted (no application, a
    refusal, or 0 kr). The period begins the month after the sixth month of a run and lasts
    24 months; after it ends a new run of six months, counted from after the end, starts a new
    period. The numbers are the dated law parameters ``jobbstimulans.*``.
    """
    p = law_parameters()
    when = on or date(until[0], until[1], 1)
    qualifying: int = p.at("jobbstimulans.qualifying_months", when).value
    duration: int = p.at("jobbstimulans.duration_months", when).value
    granted = {_month_index(m) for m in granted_months}
    last = _month_index(until)
    if not granted:
        return JobbstimulansLedger((), None, None)
    first = min(granted)
    entries: list[LedgerEntry] = []
    run = 0
    start: int | None = None
    for i in range(first, last):
        ym = _month_of(i)
        in_period = start is not None and start <= i < start + duration
        if i in granted:
            run = 0 if in_period else run + 1
            note = (
                "försörjningsstöd beviljat under jobbstimulansperioden"
                if in_period
                else f"försörjningsstöd beviljat, {run} månad(er) i följd"
            )
            entries.append(LedgerEntry(ym, True, run, note))
        elif in_period:
            entries.append(
                LedgerEntry(
                    ym,
                    False,
                    0,
                    "inget försörjningsstöd beviljat under jobbstimulansperioden: perioden "
                    "löper vidare (12 kap. 8 § socialtjänstlagen)",
                )
            )
        else:
            run = 0
            entries.append(
                LedgerEntry(
                    ym,
                    False,
                    0,
                    "inget försörjningsstöd beviljat (ingen ansökan, avslag eller 0 kr): "
                    "bryter följden (12 kap. 8 § socialtjänstlagen)",
                    breaks_run=True,
                )
            )
        if run >= qualifying and (start is None or i >= start + duration):
            start = i + 1
            run = 0
    if start is None:
        return JobbstimulansLedger(tuple(entries), None, None)
    return JobbstimulansLedger(tuple(entries), _month_of(start), _month_of(start + duration - 1))


def jobbstimulans_active(
    inp: HouseholdInput,
) -> tuple[bool, ParamValue, ParamValue, ParamValue]:
    """Whether jobbstimulans applies this month, and the parameters that decide it: within 24
    months of ``jobbstimulans_start`` when the pipeline passes it (the ledger), otherwise from
    ``months_on_assistance`` (the number of months in a row, for callers without a history)."""
    p = law_parameters()
    on = inp.first_day
    qualifying = p.at("jobbstimulans.qualifying_months", on)
    duration = p.at("jobbstimulans.duration_months", on)
    percent = p.at("jobbstimulans.disregarded_percent", on)
    if inp.jobbstimulans_start is not None:
        since = _month_index((inp.year, inp.month)) - _month_index(inp.jobbstimulans_start)
        active = 0 <= since < duration.value
    else:
        active = formulas.jobbstimulans_active_by_months(
            inp.months_on_assistance, qualifying.value, duration.value
        )
    return active, qualifying, duration, percent


# --- the month's calculation ------------------------------------------------------------------


def calculate(ctx: Context) -> tuple[int, int]:
    """(income counted, assets to use first) for the month, in öre.

    Steps: incomes of people who are their own household (shown, not counted); the family's
    incomes by type; wages (jobbstimulans for adults, the prisbasbelopp for children); each
    child's own income up to that child's share; normöverskott; assets.
    """
    own_income: dict[str, int] = defaultdict(int)
    not_counted_for_others(ctx)
    counted = incomes_by_type(ctx, own_income)
    counted += wages(ctx, own_income)
    counted += children_own_income(ctx, own_income)
    counted += normoverskott(ctx)
    return counted, assets(ctx)


def not_counted_for_others(ctx: Context) -> None:
    h = ctx.household
    for income in ctx.inp.incomes:
        if h.in_family(income.member):
            continue
        label = income_label(income.type)
        ctx.add(
            line(
                category="inkomster",
                what=f"{label}, eget hushåll",
                amount=income.amount,
                effect="info",
                rule=RULE_OWN_HOUSEHOLD,
                text="{0} {1:kr} tillhör någon som bor i hemmet men är ett eget hushåll. Den "
                "räknas inte i " + ("din" if h.alone else "er") + " beräkning.",
                args=(label, income.amount),
                member=income.member,
            )
        )


def incomes_by_type(ctx: Context, own_income: dict[str, int]) -> int:
    """Every income of the family that is not a wage, counted or exempt by its type; a child's
    counted income is set aside for :func:`children_own_income`."""
    p = law_parameters()
    h = ctx.household
    counted = 0
    for income in ctx.inp.incomes:
        if not h.in_family(income.member):
            continue
        kind = ctx.use(p.at(f"income_type.{income.type}", ctx.on))
        if kind.value["employment"]:
            continue
        label = income_label(income.type)
        if not kind.value["counted"]:
            ctx.add(
                line(
                    category="inkomster",
                    what=label,
                    amount=income.amount,
                    effect="info",
                    rule=RULE_EXEMPT,
                    text="{0} {1:kr} räknas inte som inkomst.",
                    args=(label, income.amount),
                    member=income.member,
                )
            )
        elif h.is_child(income.member):
            ctx.add(
                line(
                    category="inkomster",
                    what=f"{label}, barnets egen inkomst",
                    amount=income.amount,
                    effect="info",
                    rule=RULE_COUNTED,
                    text="{0} {1:kr} är barnets egen inkomst och räknas mot barnets behov.",
                    args=(label, income.amount),
                    member=income.member,
                )
            )
            own_income[income.member] += income.amount
        else:
            ctx.add(
                line(
                    category="inkomster",
                    what=label,
                    amount=income.amount,
                    effect="subtract",
                    rule=RULE_COUNTED,
                    text="{0} {1:kr} räknas som inkomst.",
                    args=(label, income.amount),
                    member=income.member,
                )
            )
            counted += income.amount
    return counted


def wages(ctx: Context, own_income: dict[str, int]) -> int:
    """Income from employment per person: a child's above the prisbasbelopp (12 kap. 9 §) is
    set aside as the child's own income; an adult's less jobbstimulans (12 kap. 8 §)."""
    p = law_parameters()
    h = ctx.household
    salary: dict[str, int] = defaultdict(int)
    for income in ctx.inp.incomes:
        if (
            h.in_family(income.member)
            and p.at(f"income_type.{income.type}", ctx.on).value["employment"]
        ):
            salary[income.member] += income.amount
    counted = 0
    for member_id, amount in salary.items():
        if h.is_child(member_id):
            own_income[member_id] += child_earnings_counted(ctx, member_id, amount)
            continue
        part = amount - jobbstimulans_disregarded(ctx, member_id, amount)
        ctx.add(
            line(
                category="inkomster",
                what="Lön",
                amount=part,
                effect="subtract",
                rule=RULE_COUNTED,
                text="Lön efter skatt {0:kr}; {1:kr} räknas som inkomst.",
                args=(amount, part),
                member=member_id,
            )
        )
        counted += part
    return counted


def child_earnings_counted(ctx: Context, member_id: str, amount: int) -> int:
    """The part of a child's or skolungdom's wage above one prisbasbelopp this calendar year."""
    p = law_parameters()
    member = next(m for m in ctx.inp.household if m.id == member_id)
    pbb = ctx.use(p.at("prisbasbelopp", ctx.on))
    limit = ctx.use(p.at("child_earnings.limit_prisbasbelopp", ctx.on))
    exempt = formulas.child_earnings_exempt(
        amount, pbb.value * limit.value, member.earnings_exempted_this_year
    )
    if exempt:
        ctx.add(
            line(
                category="inkomster",
                what="Barns arbetsinkomst som inte räknas",
                amount=exempt,
                effect="info",
                rule=RULE_CHILD_EARNINGS,
                text="Barns och skolungdomars arbetsinkomster räknas inte upp till ett "
                "prisbasbelopp ({0:kr}) per år. {1:kr} av lönen räknas inte.",
                args=(pbb.value, exempt),
                member=member_id,
            )
        )
    part = amount - exempt
    if part:
        ctx.add(
            line(
                category="inkomster",
                what="Lön, barnets egen inkomst",
                amount=part,
                effect="info",
                rule=RULE_COUNTED,
                text="Lön efter skatt {0:kr}; {1:kr} är barnets egen inkomst och räknas mot "
                "barnets behov.",
                args=(amount, part),
                member=member_id,
            )
        )
    return part


def jobbstimulans_disregarded(ctx: Context, member_id: str, amount: int) -> int:
    active, qualifying, duration, percent = jobbstimulans_active(ctx.inp)
    if not active:
        return 0
    ctx.use(qualifying)
    ctx.use(duration)
    ctx.use(percent)
    disregarded = formulas.percent_of(amount, percent.value)
    start = ctx.inp.jobbstimulans_start
    period = ""
    if start is not None:
        end = _month_of(_month_index(start) + duration.value - 1)
        period = f" Perioden började {_month_text(start)} och slutar {_month_text(end)}."
    ctx.add(
        line(
            category="inkomster",
            what="Jobbstimulans",
            amount=disregarded,
            effect="info",
            rule=RULE_JOBBSTIMULANS,
            text="Du har haft försörjningsstöd i minst {0} månader i följd. Därför räknas {1} "
            "procent av lönen, {2:kr}, inte som inkomst.{3}",
            args=(qualifying.value, percent.value, disregarded, period),
            member=member_id,
        )
    )
    return disregarded


def children_own_income(ctx: Context, own_income: dict[str, int]) -> int:
    """Each child's own counted income, up to that child's own share of the need."""
    counted = 0
    own_share_only = bool(ctx.practice("child_income_own_share_only").value) if own_income else True
    for member_id, income in own_income.items():
        share = ctx.child_share.get(member_id, 0)
        used = min(income, share) if own_share_only else income
        ctx.add(
            line(
                category="inkomster",
                what="Barnets egna inkomster som räknas",
                amount=used,
                effect="subtract",
                rule=RULE_CHILD_OWN_SHARE if own_share_only else RULE_COUNTED,
                text="Barnets egna inkomster är {0:kr} och barnets andel av behovet är {1:kr}. "
                "{2:kr} räknas.",
                args=(income, share, used),
                member=member_id,
            )
        )
        if income > used:
            ctx.add(
                line(
                    category="inkomster",
                    what="Barnets inkomster över barnets behov",
                    amount=income - used,
                    effect="info",
                    rule=RULE_CHILD_OWN_SHARE,
                    text="{0:kr} av barnets inkomster är mer än barnets eget behov. Det räknas "
                    "inte mot föräldrarnas eller syskonens behov: ett barn har ingen "
                    "försörjningsplikt mot dem.",
                    args=(income - used,),
                    member=member_id,
                )
            )
        counted += used
    return counted


def normoverskott(ctx: Context) -> int:
    inp = ctx.inp
    surplus = inp.previous_month_surplus
    if not surplus:
        return 0
    arose = inp.surplus_arose or _month_of(_month_index((inp.year, inp.month)) - 1)
    age = _month_index((inp.year, inp.month)) - _month_index(arose)
    limit = ctx.practice("normoverskott_max_months")
    if inp.first_time_applicant and not inp.shortfall_foreseeable:
        why = "Det räknas inte, eftersom du söker för första gången och inte kunde förutse behovet."
    elif age > limit.value:
        why = (
            f"Det räknas inte längre: överskottet uppstod {_month_text(arose)}, och "
            f"förbrukade pengar räknas högst {limit.value} månader."
        )
    else:
        ctx.add(
            line(
                category="inkomster",
                what="Normöverskott från tidigare månad",
                amount=surplus,
                effect="subtract",
                rule=RULE_NORMOVERSKOTT,
                text="Hushållet hade {0:kr} mer än normen ({1}). Det räknas som inkomst denna "
                "månad.",
                args=(surplus, _month_text(arose)),
            )
        )
        return surplus
    ctx.add(
        line(
            category="inkomster",
            what="Normöverskott, räknas inte",
            amount=surplus,
            effect="info",
            rule=RULE_NORMOVERSKOTT,
            text="Hushållet hade {0:kr} mer än normen ({1}). {2}",
            args=(surplus, _month_text(arose), why),
        )
    )
    return 0


def assets(ctx: Context) -> int:
    """The family's money (bank, cash) above the buffer; other assets are shown for a person's
    assessment and never deducted automatically."""
    h = ctx.household
    own = [a for a in ctx.inp.assets if h.in_family(a.member)]
    for a in own:
        if a.kind not in LIQUID_ASSETS:
            ctx.add(
                line(
                    category="tillgangar",
                    what="Tillgång som prövas av handläggare",
                    amount=a.amount,
                    effect="info",
                    rule=RULE_ASSETS_NOT_LIQUID,
                    text="En tillgång värd {0:kr} som inte är pengar på konto eller kontanter "
                    "prövas av en handläggare och dras inte av här.",
                    args=(a.amount,),
                    member=a.member,
                )
            )
    liquid = [a for a in own if a.kind in LIQUID_ASSETS]
    if not liquid:
        return 0
    total = sum(a.amount for a in liquid)
    buffer: int = ctx.practice("asset_buffer").value
    counted = formulas.maximum(total - buffer, 0)
    if counted:
        ctx.add(
            line(
                category="tillgangar",
                what="Tillgångar att använda först",
                amount=counted,
                effect="subtract",
                rule=RULE_ASSETS,
                text="Hushållet har tillgångar på {0:kr}. Av dem ska {1:kr} användas till "
                "försörjningen innan försörjningsstöd kan ges.",
                args=(total, counted),
            )
        )
    else:
        ctx.add(
            line(
                category="tillgangar",
                what="Tillgångar under bufferten",
                amount=total,
                effect="info",
                rule=RULE_ASSETS,
                text="Hushållets tillgångar på {0:kr} är inte större än bufferten {1:kr} och "
                "påverkar inte beloppet.",
                args=(total, buffer),
            )
        )
    return counted
