"""Riksnormen för försörjningsstöd.

Law (from 2025-07-01; before then the same rules stood in 4 kap. 3 § SoL 2001:453 and
2 kap. 1 § SoF 2001:937):
- 12 kap. 7 § första stycket 1 socialtjänstlagen (2025:400): försörjningsstöd covers livsmedel,
  kläder och skor, lek och fritid, förbrukningsvaror, hälsa och hygien samt dagstidning och
  telefon, calculated according to a riksnorm.
- 12 kap. 2 § socialtjänstförordningen (2025:468): the amounts, per hemmavarande barn och
  skolungdom by age, per adult (ensamstående / sambo) and gemensamma hushållskostnader by the
  number of persons. "Riksnormen för ett hushåll utgör summan av de personliga kostnaderna för
  samtliga medlemmar i hushållet och de gemensamma hushållskostnaderna."
- 12 kap. 3 § första stycket: "För hushåll med fler än sju personer beräknas kostnaden för varje
  ytterligare hushållsmedlem som skillnaden mellan hushåll med sex respektive sju personer."
- 12 kap. 3 § andra stycket: "För en vuxen person som inte är att anse som sambo, men som ingår i
  hushållsgemenskap med flera personer, beräknas normen såsom personliga kostnader för
  ensamstående plus kvoten av de gemensamma kostnaderna för hushållet och antalet medlemmar i
  hushållet." Such an adult is his or her own household (bistand.rules.household): the
  applicant's family gets its own per-head share of the shared costs; an explaining line says
  that the other adult's norm and incomes are not in the calculation (they belong to that
  adult's own application; no amount is stated: he or she may live with a sambo of his or her
  own). A person of any age in the home who belongs to another household there (``home_member``,
  e.g. a young adult's parents and younger siblings) is likewise counted among the members of
  the home, and only explained.
- 12 kap. 9 § SoL (2025:400): a young person 18–20 belongs in the parents' household only while
  in grundskola, gymnasieskola or comparable grundutbildning (skolungdom).
- SOSFS 2013:1 (allmänna råd): umgängesbarn count in the household pro rata for the days they
  stay; the norm may be raised (e.g. fördyrad kost) or, for särskilda skäl, lowered.

Interpretation (ours, docs/rules.md): the "utan lunch fem dagar per vecka" amount applies when a
child 0–6 does *not* eat lunch at home (``lunch_at_home: false``: lunch at förskola); the
umgängesbarn's share of the shared costs is the marginal cost of one more person, pro rata by
days with the method of ``practice.umgange_method`` (a guideline may set its own); the family's
share of the shared costs of a home shared with others is shared cost × family members / persons
in the home, rounded once; a partial month is the month's norm × days / days in the month;
rounding half up to öre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

from bistand.rules.released.r2_0_8 import formulas
from bistand.rules.released.r2_0_8.citations import SOF_2001, SOL, SOL_2001, SOSFS_2013_1, STF, Rule
from bistand.rules.released.r2_0_8.context import Context, line
from bistand.rules.released.r2_0_8.inputs import Member
from bistand.rules.released.r2_0_8.money import format_kronor_sv as kr
from bistand.rules.released.r2_0_8.parameters import (
    ParameterMissingError,
    ParamValue,
    law_parameters,
)

__all__ = ["RULES", "RiksnormTables", "calculate", "tables"]

_NORM = SOL(12, "7", "första stycket 1")
_NORM_2001 = SOL_2001(
    4,
    "3",
    "första stycket 1",
    verified=False,
    note="Paragrafen i den gamla lagen enligt sekundärkälla (lagar.nj.se, SFS 2013:421).",
)
_TABLE = STF(12, "2")
_TABLE_2001 = SOF_2001(2, "1")
_OVER_SEVEN_2001 = SOF_2001(
    2, "1", verified=False, note="Stycket i den gamla förordningen är inte kontrollerat."
)
_NOT_SAMBO_2001 = SOF_2001(
    2, "1", verified=False, note="Stycket i den gamla förordningen är inte kontrollerat."
)
_SKOLUNGDOM = SOL(12, "9", "första stycket")
_SKOLUNGDOM_2001 = SOL_2001(4, "1 a", note="prop. 2012/13:94")
_BASE = (_NORM, _NORM_2001, _TABLE, _TABLE_2001)

RULE_ENSAMSTAENDE: Final = Rule(
    "riksnorm.adult.ensamstaende", "Personliga kostnader, ensamstående vuxen", _BASE
)
RULE_SAMBO: Final = Rule(
    "riksnorm.adult.sambo", "Personliga kostnader, sambor (ett belopp för båda)", _BASE
)
RULE_CHILD: Final = Rule(
    "riksnorm.child",
    "Personliga kostnader, hemmavarande barn och skolungdom",
    (*_BASE, _SKOLUNGDOM, _SKOLUNGDOM_2001),
)
RULE_CHILD_UTAN_LUNCH: Final = Rule(
    "riksnorm.child.utan_lunch",
    "Personliga kostnader, barn 0–6 år utan lunch hemma fem dagar i veckan",
    _BASE,
    interpretation="lunch_at_home: false (lunch på förskolan) ger beloppet 'utan lunch'.",
)
RULE_SHARED: Final = Rule(
    "riksnorm.shared",
    "Gemensamma hushållskostnader",
    (*_BASE, STF(12, "3", "första stycket"), _OVER_SEVEN_2001),
)
RULE_SHARED_HOME: Final = Rule(
    "riksnorm.shared.own_share",
    "Gemensamma hushållskostnader, familjens andel av ett delat hem",
    (*_BASE, STF(12, "3", "andra stycket"), _NOT_SAMBO_2001),
    kind="interpretation",
    interpretation="Familjens andel är de gemensamma kostnaderna för alla i hemmet × "
    "familjens antal / antalet i hemmet, avrundat en gång till öre (samma kvot per person som "
    "12 kap. 3 § andra stycket anger för den som inte är sambo).",
)
RULE_OTHER_ADULT: Final = Rule(
    "riksnorm.other_adult",
    "Vuxen i hemmet som inte är sambo: ett eget hushåll",
    (_NORM, _NORM_2001, STF(12, "3", "andra stycket"), _NOT_SAMBO_2001),
)
RULE_HOME_MEMBER: Final = Rule(
    "riksnorm.home_member",
    "Person i hemmet som hör till ett annat hushåll: räknas i antalet personer, inte i familjen",
    (STF(12, "3", "andra stycket"), _NOT_SAMBO_2001),
)
RULE_LEFT_SCHOOL: Final = Rule(
    "riksnorm.skolungdom_left_school",
    "Ung vuxen 18–20 år som inte går i skolan: ett eget hushåll",
    (_SKOLUNGDOM, _SKOLUNGDOM_2001, STF(12, "3", "andra stycket"), _NOT_SAMBO_2001),
)
RULE_UMGANGE: Final = Rule(
    "riksnorm.umgange",
    "Umgängesbarn räknas för de dagar de bor i hushållet",
    (*_BASE, SOSFS_2013_1),
    kind="interpretation",
    interpretation="Personliga kostnader och gemensamma kostnadens ökning för en person till, "
    "× dagar / dagar i månaden (eller 1/30 per dag, enligt practice.umgange_method eller "
    "kommunens riktlinje), avrundat till öre.",
)
RULE_UMGANGE_SAME_DAYS: Final = Rule(
    "riksnorm.umgange_same_days",
    "Umgängesbarn som bor här lika många dagar delar lika på de gemensamma kostnadernas ökning",
    (*_BASE, SOSFS_2013_1),
    kind="interpretation",
    interpretation="Bor två eller fler umgängesbarn i hushållet lika många dagar räknas de "
    "gemensamma kostnadernas ökning för dem alla tillsammans och delas lika mellan dem, "
    "avrundat till öre; sedan × dagar / dagar i månaden som för ett umgängesbarn. Ingen "
    "ordning mellan barnen avgör då hur stor varje barns del är (regler 2.0.8).",
)
RULE_UMGANGE_MAIN_HOME: Final = Rule(
    "riksnorm.umgange_main_home",
    "Barn som bor här och har umgänge hos den andra föräldern",
    (*_BASE, SOSFS_2013_1),
    kind="interpretation",
    interpretation="Dagarna hos den andra föräldern visas. Normen minskas inte för dem "
    "(practice.umgange_main_home_reduced, provisorisk: Socialstyrelsens handbok); anger "
    "kommunens riktlinje minskning dras barnets personliga kostnader × dagar / dagar i månaden "
    "(eller 1/30 per dag, enligt practice.umgange_method) av, avrundat till öre.",
)
RULE_PARTIAL_MONTH: Final = Rule(
    "riksnorm.partial_month",
    "Del av månad",
    _BASE,
    kind="interpretation",
    interpretation="Månadens norm × dagar / dagar i månaden, avrundat till öre.",
)
RULE_ADJUSTMENT: Final = Rule(
    "riksnorm.adjustment",
    "Normen höjd eller sänkt i det enskilda fallet",
    (_NORM, _NORM_2001, SOSFS_2013_1),
)

RULES = (
    RULE_ENSAMSTAENDE,
    RULE_SAMBO,
    RULE_CHILD,
    RULE_CHILD_UTAN_LUNCH,
    RULE_SHARED,
    RULE_SHARED_HOME,
    RULE_OTHER_ADULT,
    RULE_HOME_MEMBER,
    RULE_LEFT_SCHOOL,
    RULE_UMGANGE,
    RULE_UMGANGE_SAME_DAYS,
    RULE_UMGANGE_MAIN_HOME,
    RULE_PARTIAL_MONTH,
    RULE_ADJUSTMENT,
)

BANDS: Final[tuple[tuple[str, int, int, str], ...]] = (
    ("age_0", 0, 0, "0 år"),
    ("age_1_2", 1, 2, "1–2 år"),
    ("age_3", 3, 3, "3 år"),
    ("age_4_6", 4, 6, "4–6 år"),
    ("age_7_10", 7, 10, "7–10 år"),
    ("age_11_14", 11, 14, "11–14 år"),
    ("age_15_18", 15, 18, "15–18 år"),
    ("age_19_20", 19, 20, "19–20 år"),
)
BAND_OF_AGE: Final[tuple[int, ...]] = tuple(
    next(i for i, (_, lo, hi, _label) in enumerate(BANDS) if lo <= age <= hi) for age in range(21)
)


@dataclass(frozen=True, slots=True)
class RiksnormTables:
    """The month's riksnorm amounts in öre, with the parameter values they come from."""

    ensamstaende: ParamValue
    sambo: ParamValue
    shared: ParamValue
    child: tuple[ParamValue, ...]  # by band
    child_utan_lunch: tuple[ParamValue | None, ...]  # by band 0–3 (ages 0–6); None = missing
    lunch_default: ParamValue
    on: date
    # Derived once per month (so a calculation only looks them up):
    shared_table: tuple[int, ...] = field(init=False)
    extra_person: int = field(init=False)  # 12 kap. 3 § första stycket: 7 persons − 6 persons
    child_labels: tuple[str, ...] = field(init=False)  # the line's "what", by age 0–20
    child_utan_lunch_labels: tuple[str, ...] = field(init=False)  # by age 0–6

    def __post_init__(self) -> None:
        table: tuple[int, ...] = self.shared.value
        object.__setattr__(self, "shared_table", table)
        object.__setattr__(self, "extra_person", table[6] - table[5])
        labels = tuple(BANDS[BAND_OF_AGE[age]][3] for age in range(21))
        object.__setattr__(
            self, "child_labels", tuple(f"Personliga kostnader, barn {b}" for b in labels)
        )
        object.__setattr__(
            self,
            "child_utan_lunch_labels",
            tuple(f"Personliga kostnader, barn {b}, utan lunch hemma" for b in labels[:7]),
        )

    def child_amount(self, age: int, lunch_at_home: bool) -> ParamValue:
        band = BAND_OF_AGE[age]
        if not lunch_at_home and band < len(self.child_utan_lunch):
            value = self.child_utan_lunch[band]
            if value is None:
                raise ParameterMissingError(f"riksnorm.child_utan_lunch.{BANDS[band][0]}", self.on)
            return value
        return self.child[band]


_TABLES: Final[dict[date, RiksnormTables]] = {}


def tables(on: date) -> RiksnormTables:
    """The riksnorm in force on ``on`` (cached per date)."""
    cached = _TABLES.get(on)
    if cached is not None:
        return cached
    p = law_parameters()

    def maybe(param_id: str) -> ParamValue | None:
        try:
            return p.at(param_id, on)
        except ParameterMissingError:
            return None

    result = RiksnormTables(
        ensamstaende=p.at("riksnorm.adult.ensamstaende", on),
        sambo=p.at("riksnorm.adult.sambo", on),
        shared=p.at("riksnorm.shared_household_costs", on),
        child=tuple(p.at(f"riksnorm.child.{b[0]}", on) for b in BANDS),
        child_utan_lunch=tuple(maybe(f"riksnorm.child_utan_lunch.{b[0]}") for b in BANDS[:4]),
        lunch_default=p.at("practice.lunch_at_home_default", on),
        on=on,
    )
    _TABLES[on] = result
    return result


def lunch_at_home(member: Member, t: RiksnormTables) -> bool:
    """Whether the child eats lunch at home (the main amount); unknown → the default."""
    if member.lunch_at_home is None:
        return bool(t.lunch_default.value)
    return member.lunch_at_home


def umgange_days_fraction(ctx: Context) -> tuple[str, int]:
    """The method for umgängesbarn ("days_of_month" or "thirtieths") and its denominator."""
    method = str(ctx.practice("umgange_method").value)
    return method, (30 if method == "thirtieths" else ctx.days_in_month)


def calculate(ctx: Context) -> int:
    """The applicant household's riksnorm for the month (or the part applied for), in öre.

    The steps follow 12 kap. 2–3 §§ SoF (2025:468): the adults' personal costs, each child's,
    the family's part of the shared household costs, the others sharing the home (shown, not
    counted), umgängesbarn by days, part of a month, and the case's own adjustments.
    """
    t = tables(ctx.on)
    total = adults_personal_costs(ctx, t)
    total += children_personal_costs(ctx, t)
    total += shared_household_costs(ctx, t)
    own_households_in_the_home(ctx, t)
    total += umgange_children(ctx, t)
    total = part_of_month(ctx, total)
    return norm_adjustments(ctx, total)


def adults_personal_costs(ctx: Context, t: RiksnormTables) -> int:
    """One amount for the couple (sambo), or the ensamstående amount for the applicant."""
    h = ctx.household
    if h.partner is not None:
        amount: int = ctx.use(t.sambo).value
        ctx.add(
            line(
                category="riksnorm",
                what="Personliga kostnader, sambor",
                amount=amount,
                effect="add",
                rule=RULE_SAMBO,
                text="Ni är två vuxna som lever tillsammans. Era personliga kostnader enligt "
                "riksnormen är {0:kr} för er båda.",
                args=(amount,),
                member=f"{h.applicant.id}+{h.partner.id}",
            )
        )
        return amount
    amount = ctx.use(t.ensamstaende).value
    ctx.add(
        line(
            category="riksnorm",
            what="Personliga kostnader, ensamstående",
            amount=amount,
            effect="add",
            rule=RULE_ENSAMSTAENDE,
            text="Du bor utan make, maka eller sambo. Dina personliga kostnader enligt "
            "riksnormen är {0:kr}.",
            args=(amount,),
            member=h.applicant.id,
        )
    )
    return amount


def children_personal_costs(ctx: Context, t: RiksnormTables) -> int:
    """Each hemmavarande barn and skolungdom living here the whole month, by age and lunch."""
    total = 0
    for m in ctx.household.children:
        age = m.age or 0
        at_home = lunch_at_home(m, t)
        amount: int = ctx.use(t.child_amount(age, at_home)).value
        if not at_home and age < len(t.child_utan_lunch_labels):
            ctx.add(
                line(
                    category="riksnorm",
                    what=t.child_utan_lunch_labels[age],
                    amount=amount,
                    effect="add",
                    rule=RULE_CHILD_UTAN_LUNCH,
                    text="Barnet är {0} år och äter lunch på förskolan eller skolan fem dagar "
                    "i veckan. Barnets personliga kostnader är då {1:kr}.",
                    args=(age, amount),
                    member=m.id,
                )
            )
        elif age >= 18:
            ctx.add(
                line(
                    category="riksnorm",
                    what=t.child_labels[age] + ", skolungdom",
                    amount=amount,
                    effect="add",
                    rule=RULE_CHILD,
                    text="Den unga är {0} år och går i skolan, och räknas därför i hushållet "
                    "som skolungdom. De personliga kostnaderna enligt riksnormen är {1:kr}.",
                    args=(age, amount),
                    member=m.id,
                )
            )
        else:
            ctx.add(
                line(
                    category="riksnorm",
                    what=t.child_labels[age],
                    amount=amount,
                    effect="add",
                    rule=RULE_CHILD,
                    text="Barnet är {0} år. Barnets personliga kostnader enligt riksnormen är "
                    "{1:kr}.",
                    args=(age, amount),
                    member=m.id,
                )
            )
        ctx.child_share[m.id] = amount
        total += amount
        if m.days_with_other_parent:
            total -= days_with_other_parent(ctx, m, amount)
    return total


def days_with_other_parent(ctx: Context, m: Member, amount: int) -> int:
    """A child living here who spends some of the month's days with the other parent: the days
    are shown with their source; the reduction (öre, 0 unless a guideline sets it) is returned
    and taken off the child's share."""
    days = m.days_with_other_parent or 0
    pv = ctx.practice("umgange_main_home_reduced")
    dim = ctx.days_in_month
    if not pv.value:
        ctx.add(
            line(
                category="riksnorm",
                what=f"Umgänge hos den andra föräldern, {days} av {dim} dagar",
                amount=0,
                effect="info",
                rule=RULE_UMGANGE_MAIN_HOME,
                text="Barnet bor här och är hos den andra föräldern {0} av månadens {1} dagar. "
                "Barnets norm räknas ändå för hela månaden, eftersom barnet bor här.",
                args=(days, dim),
                member=m.id,
                guideline=pv.reference,
            )
        )
        return 0
    method, denominator = umgange_days_fraction(ctx)
    reduction = formulas.pro_rata(amount, min(days, denominator), denominator)
    how = "1/30 per dag" if method == "thirtieths" else f"dagarna delat med månadens {denominator}"
    ctx.add(
        line(
            category="riksnorm",
            what=f"Umgänge hos den andra föräldern, {days} av {dim} dagar",
            amount=reduction,
            effect="subtract",
            rule=RULE_UMGANGE_MAIN_HOME,
            text="Barnet bor här och är hos den andra föräldern {0} av månadens {1} dagar. "
            "Enligt kommunens riktlinje minskas barnets personliga kostnader ({2:kr}) för de "
            "dagarna ({4}): {3:kr}.",
            args=(days, dim, amount, reduction, how),
            member=m.id,
            guideline=pv.reference,
        )
    )
    ctx.child_share[m.id] -= reduction
    return reduction


def persons(n: int) -> str:
    """ "1 person", "2 personer": Swedish singular and plural."""
    return "1 person" if n == 1 else f"{n} personer"


def _shared_text(home: int, shared: int, beyond_seven: str) -> str:
    return f"Hushållet har {persons(home)}. De gemensamma hushållskostnaderna är {kr(shared)}." + (
        beyond_seven
    )


def shared_household_costs(ctx: Context, t: RiksnormTables) -> int:
    """Gemensamma hushållskostnader for everyone living here the whole month; in a home shared
    with people who are their own household, only the family's per-head part of them."""
    h = ctx.household
    home, family = h.home_size, h.family_size
    shared = formulas.shared_cost(home, t.shared_table, t.extra_person)
    ctx.use(t.shared)
    per_head = formulas.div_half_up(shared, home)
    for m in h.children:
        ctx.child_share[m.id] += per_head
    beyond_seven = (
        f" För varje person utöver sju räknas {kr(t.extra_person)}, skillnaden mellan sex och "
        "sju personer."
        if home > 7
        else ""
    )
    if not h.own_households:
        ctx.add(
            line(
                category="riksnorm",
                what=f"Gemensamma hushållskostnader, {persons(home)}",
                amount=shared,
                effect="add",
                rule=RULE_SHARED,
                text=_shared_text,
                args=(home, shared, beyond_seven),
            )
        )
        return shared
    part = formulas.div_half_up(shared * family, home)
    # Said to the family: "du" to one person; "ni" to a couple; a parent alone with children is
    # "du och barnen" (12 kap. 3 § andra stycket SoF: the share follows the number of persons).
    if h.alone:
        who, share_of = "Du är en", "din andel"
    elif h.partner is not None:
        who, share_of = "Ni är {2}", "er andel"
    else:
        who = ("Du och barnet" if len(h.children) == 1 else "Du och barnen") + " är {2}"
        share_of = "er andel"
    ctx.add(
        line(
            category="riksnorm",
            what=f"Gemensamma hushållskostnader, {share_of} ({family} av {home} personer)",
            amount=part,
            effect="add",
            rule=RULE_SHARED_HOME,
            text="I hemmet bor {0} personer. De gemensamma hushållskostnaderna för dem alla är "
            "{1:kr}." + beyond_seven + f" {who} av dem, så {share_of} är {{1:kr}} × {{2}} / "
            "{0} = {3:kr}.",
            args=(home, shared, family, part),
        )
    )
    return part


def own_households_in_the_home(ctx: Context, t: RiksnormTables) -> None:
    """Each person sharing the home as his or her own household, or belonging to another
    household there: an explaining line, never counted. Only a young adult who has left school
    has his or her own norm stated (ensamstående plus the per-head share); another adult may
    live with a sambo of his or her own, and a home member belongs to another household, so
    for them the line states no norm and no amount."""
    h = ctx.household
    if not h.own_households:
        return
    yours = "din" if h.alone else "er"
    for m in h.own_households:
        role = m.role
        if role == "home_member":
            child = m.age is not None and m.age < 18
            ctx.add(
                line(
                    category="riksnorm",
                    what="Barn i hemmet som hör till ett annat hushåll"
                    if child
                    else "Person i hemmet som hör till ett annat hushåll",
                    amount=0,
                    effect="info",
                    rule=RULE_HOME_MEMBER,
                    text="{0} bor i hemmet men hör till ett annat hushåll där. Hen räknas med i "
                    "antalet personer när de gemensamma kostnaderna, hyran och elen delas per "
                    "person. Hens behov och inkomster ingår inte i " + yours + " beräkning.",
                    # "Barnet (12 år)", "Personen (48 år)", or without an age when not known.
                    args=(
                        ("Barnet" if child else "Personen")
                        + ("" if m.age is None else f" ({m.age} år)"),
                    ),
                    member=m.id,
                )
            )
        elif role == "other_adult":
            ctx.add(
                line(
                    category="riksnorm",
                    what="Vuxen i hemmet som inte är sambo, eget hushåll",
                    amount=0,
                    effect="info",
                    rule=RULE_OTHER_ADULT,
                    text="En vuxen som bor i hemmet utan att vara make, maka eller sambo är "
                    "ett eget hushåll; ni har ingen försörjningsplikt mot varandra. Hen räknas "
                    "med i antalet personer när de gemensamma kostnaderna delas per person. "
                    "Hens norm och inkomster ingår inte i " + yours + " beräkning.",
                    member=m.id,
                )
            )
        else:  # a child 18–20 who has left school
            shared = formulas.shared_cost(h.home_size, t.shared_table, t.extra_person)
            share = formulas.div_half_up(shared, h.home_size)
            ensam: int = ctx.use(t.ensamstaende).value
            ctx.add(
                line(
                    category="riksnorm",
                    what="Ung vuxen som inte går i skolan, eget hushåll",
                    amount=ensam + share,
                    effect="info",
                    rule=RULE_LEFT_SCHOOL,
                    text="Den unga är {0} år och går inte i grundskola, gymnasieskola eller "
                    "jämförlig utbildning. Hen är därför inte skolungdom i "
                    + ("ditt" if h.alone else "ert")
                    + " hushåll utan ett eget hushåll, som själv kan ansöka. Hens norm ({1:kr} "
                    "för en ensamstående plus sin andel {2:kr} av de gemensamma kostnaderna) "
                    "ingår inte i " + yours + " beräkning, och inte heller hens inkomster.",
                    args=(m.age, ensam, share),
                    member=m.id,
                )
            )


def umgange_children(ctx: Context, t: RiksnormTables) -> int:
    """Umgängesbarn: personal costs and the marginal shared cost, for the days they stay.

    The children are taken most days first. Children who stay the same number of days share the
    increase of the shared costs for all of them equally (rules 2.0.8, RULE_UMGANGE_SAME_DAYS):
    before, each took the next marginal step in the order the household was listed, and as a
    child's own income counts only up to the child's share, that order could change the amount.
    """
    h = ctx.household
    if not h.umgange:
        return 0
    method, denominator = umgange_days_fraction(ctx)
    how = "1/30 per dag" if method == "thirtieths" else f"dagarna delat med månadens {denominator}"
    you = "dig" if h.alone else "er"
    total = 0
    size = h.home_size
    visiting = h.umgange
    n = len(visiting)
    i = 0
    while i < n:
        stay = visiting[i].umgange_days
        j = i + 1
        while j < n and visiting[j].umgange_days == stay:
            j += 1
        same = j - i
        increase = formulas.shared_cost(
            size + same, t.shared_table, t.extra_person
        ) - formulas.shared_cost(size, t.shared_table, t.extra_person)
        marginal = increase if same == 1 else formulas.div_half_up(increase, same)
        for m in visiting[i:j]:
            days = min(m.umgange_days or 0, denominator)
            amount: int = ctx.use(t.child_amount(m.age or 0, lunch_at_home(m, t))).value
            personal = formulas.pro_rata(amount, days, denominator)
            part = personal + formulas.pro_rata(marginal, days, denominator)
            if same == 1:
                ctx.add(
                    line(
                        category="riksnorm",
                        what=f"Umgängesbarn, {m.umgange_days} av {ctx.days_in_month} dagar",
                        amount=part,
                        effect="add",
                        rule=RULE_UMGANGE,
                        text="Barnet bor hos "
                        + you
                        + " {0} av månadens {1} dagar. Vi räknar barnets "
                        "personliga kostnader ({2:kr}) och hushållets ökade gemensamma kostnader "
                        "({3:kr}) för de dagarna ({5}): {4:kr}.",
                        args=(m.umgange_days, ctx.days_in_month, amount, marginal, part, how),
                        member=m.id,
                    )
                )
            else:
                ctx.add(
                    line(
                        category="riksnorm",
                        what=f"Umgängesbarn, {m.umgange_days} av {ctx.days_in_month} dagar",
                        amount=part,
                        effect="add",
                        rule=RULE_UMGANGE_SAME_DAYS,
                        text=_same_days_text,
                        args=(
                            you,
                            m.umgange_days,
                            ctx.days_in_month,
                            same,
                            increase,
                            marginal,
                            amount,
                            part,
                            how,
                        ),
                        member=m.id,
                    )
                )
            ctx.child_share[m.id] = part
            total += part
        size += same
        i = j
    return total


def _same_days_text(
    you: str,
    stay: int,
    days_in_month: int,
    same: int,
    increase: int,
    marginal: int,
    amount: int,
    part: int,
    how: str,
) -> str:
    return (
        f"Barnet bor hos {you} {stay} av månadens {days_in_month} dagar, lika många dagar som "
        f"{_others(same - 1)}. Hushållets gemensamma kostnader ökar med {kr(increase)} för de "
        f"{same} barnen, och ökningen delas lika mellan dem: {kr(marginal)} för varje barn. Vi "
        f"räknar barnets personliga kostnader ({kr(amount)}) och barnets del av ökningen för de "
        f"dagarna ({how}): {kr(part)}."
    )


def _others(count: int) -> str:
    return "ett annat umgängesbarn" if count == 1 else f"{count} andra umgängesbarn"


def part_of_month(ctx: Context, total: int) -> int:
    """The month's norm × days applied for / days in the month."""
    days = ctx.inp.days_in_period
    dim = ctx.days_in_month
    if days is None or days >= dim:
        return total
    period = formulas.pro_rata(total, days, dim)
    ctx.add(
        line(
            category="riksnorm",
            what=f"Del av månaden, {days} av {dim} dagar",
            amount=total - period,
            effect="subtract",
            rule=RULE_PARTIAL_MONTH,
            text="Ansökan gäller {0} av månadens {1} dagar. Normen för hela månaden är "
            "{2:kr}; för dessa dagar blir den {3:kr}.",
            args=(days, dim, total, period),
        )
    )
    for member, share in ctx.child_share.items():
        ctx.child_share[member] = formulas.pro_rata(share, days, dim)
    return period


def norm_adjustments(ctx: Context, total: int) -> int:
    """The case's own raises and lowerings, with their reasons (never below zero)."""
    for adj in ctx.inp.norm_adjustments:
        if adj.amount > 0:
            ctx.add(
                line(
                    category="riksnorm",
                    what="Normen höjs",
                    amount=adj.amount,
                    effect="add",
                    rule=RULE_ADJUSTMENT,
                    text="Normen höjs med {0:kr}. Skäl: {1}",
                    args=(adj.amount, adj.reason),
                    member=adj.member,
                )
            )
            total += adj.amount
        else:
            lowered = min(-adj.amount, total)
            ctx.add(
                line(
                    category="riksnorm",
                    what="Normen sänks",
                    amount=lowered,
                    effect="subtract",
                    rule=RULE_ADJUSTMENT,
                    text="Normen sänks med {0:kr}. Skäl: {1}",
                    args=(lowered, adj.reason),
                    member=adj.member,
                )
            )
            total -= lowered
    return total
