"""Riksnormen för försörjningsstöd.

Law:
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
  hushållet."
- SOSFS 2013:1 (allmänna råd): umgängesbarn count in the household pro rata for the days they
  stay; the norm may be raised (e.g. fördyrad kost) or, for särskilda skäl, lowered.

Interpretation (ours, docs/rules.md): the "utan lunch fem dagar per vecka" amount applies when a
child 0–6 does *not* eat lunch at home (``lunch_at_home: false``: lunch at förskola); the
umgängesbarn's share of the shared costs is the marginal cost of one more person, pro rata by
days; a partial month is the month's norm × days / days in the month; rounding half up to öre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bistand.rules.released.r1_0_0 import formulas
from bistand.rules.released.r1_0_0.citations import SOL, SOSFS_2013_1, STF, Rule
from bistand.rules.released.r1_0_0.context import Context
from bistand.rules.released.r1_0_0.inputs import Member
from bistand.rules.released.r1_0_0.money import format_kronor_sv as kr
from bistand.rules.released.r1_0_0.parameters import (
    ParameterMissingError,
    ParamValue,
    law_parameters,
)

__all__ = ["RULES", "RiksnormTables", "calculate", "tables"]

_NORM = SOL(12, "7", "första stycket 1")

RULE_ENSAMSTAENDE = Rule(
    "riksnorm.adult.ensamstaende",
    "Personliga kostnader, ensamstående vuxen",
    (_NORM, STF(12, "2")),
)
RULE_SAMBO = Rule(
    "riksnorm.adult.sambo",
    "Personliga kostnader, sambor (ett belopp för båda)",
    (_NORM, STF(12, "2")),
)
RULE_CHILD = Rule(
    "riksnorm.child",
    "Personliga kostnader, hemmavarande barn och skolungdom",
    (_NORM, STF(12, "2")),
)
RULE_CHILD_UTAN_LUNCH = Rule(
    "riksnorm.child.utan_lunch",
    "Personliga kostnader, barn 0–6 år utan lunch hemma fem dagar i veckan",
    (_NORM, STF(12, "2")),
    interpretation="lunch_at_home: false (lunch på förskolan) ger beloppet 'utan lunch'.",
)
RULE_SHARED = Rule(
    "riksnorm.shared",
    "Gemensamma hushållskostnader",
    (_NORM, STF(12, "2"), STF(12, "3", "första stycket")),
)
RULE_OTHER_ADULT = Rule(
    "riksnorm.other_adult",
    "Vuxen i hushållsgemenskap som inte är sambo",
    (_NORM, STF(12, "3", "andra stycket")),
)
RULE_UMGANGE = Rule(
    "riksnorm.umgange",
    "Umgängesbarn räknas för de dagar de bor i hushållet",
    (_NORM, STF(12, "2"), SOSFS_2013_1),
    kind="interpretation",
    interpretation="Personliga kostnader och gemensamma kostnadens ökning för en person till, "
    "× dagar / dagar i månaden, avrundat till öre.",
)
RULE_PARTIAL_MONTH = Rule(
    "riksnorm.partial_month",
    "Del av månad",
    (_NORM, STF(12, "2")),
    kind="interpretation",
    interpretation="Månadens norm × dagar / dagar i månaden, avrundat till öre.",
)
RULE_ADJUSTMENT = Rule(
    "riksnorm.adjustment",
    "Normen höjd eller sänkt i det enskilda fallet",
    (_NORM, SOSFS_2013_1),
)

RULES = (
    RULE_ENSAMSTAENDE,
    RULE_SAMBO,
    RULE_CHILD,
    RULE_CHILD_UTAN_LUNCH,
    RULE_SHARED,
    RULE_OTHER_ADULT,
    RULE_UMGANGE,
    RULE_PARTIAL_MONTH,
    RULE_ADJUSTMENT,
)

BANDS: tuple[tuple[str, int, int, str], ...] = (
    ("age_0", 0, 0, "0 år"),
    ("age_1_2", 1, 2, "1–2 år"),
    ("age_3", 3, 3, "3 år"),
    ("age_4_6", 4, 6, "4–6 år"),
    ("age_7_10", 7, 10, "7–10 år"),
    ("age_11_14", 11, 14, "11–14 år"),
    ("age_15_18", 15, 18, "15–18 år"),
    ("age_19_20", 19, 20, "19–20 år"),
)
BAND_OF_AGE: tuple[int, ...] = tuple(
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


_TABLES: dict[date, RiksnormTables] = {}


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


def umgange_order(children: list[tuple[int, Member]]) -> list[tuple[int, Member]]:
    """Umgängesbarn in the order they are added to the household: most days first, then as
    listed (so the result does not depend on how the input happens to be ordered by days)."""
    return sorted(children, key=lambda im: (-(im[1].umgange_days or 0), im[0]))


def _shared_text(full_size: int, shared: int, extra_person: int, others: int, share: int) -> str:
    extra = ""
    if full_size > 7:
        extra = (
            f" För varje person utöver sju räknas {kr(extra_person)}, skillnaden mellan "
            f"sex och sju personer."
        )
    if others:
        extra += (
            f" {others} vuxen/vuxna som inte är sambo har sin egen andel av dem ({kr(share)} var)."
        )
    return (
        f"Hushållet har {full_size} personer. De gemensamma hushållskostnaderna är "
        f"{kr(shared)}.{extra}"
    )


def calculate(ctx: Context) -> int:
    """The household's riksnorm for the month (or the part of it applied for), in öre."""
    inp = ctx.inp
    t = tables(ctx.on)
    dim = ctx.days_in_month
    lines = ctx.lines
    use = ctx.use
    members = inp.household

    partner = False
    others: list[Member] = []
    full_children: list[Member] = []
    umgange_children: list[tuple[int, Member]] = []
    for i, m in enumerate(members):
        role = m.role
        if role == "child":
            if m.umgange_days is None:
                full_children.append(m)
            else:
                umgange_children.append((i, m))
        elif role == "partner":
            partner = True
        elif role == "other_adult":
            others.append(m)
    umgange = umgange_order(umgange_children) if umgange_children else umgange_children
    full_size = len(members) - len(umgange)
    total = 0

    # Adults: one amount for the couple, or the ensamstående amount for the applicant.
    if partner:
        amount = use(t.sambo).value
        ids = "+".join(m.id for m in members if m.role in ("applicant", "partner"))
        lines.append(
            (
                "riksnorm",
                "Personliga kostnader, sambor",
                amount,
                "add",
                RULE_SAMBO,
                "Ni är två vuxna som lever tillsammans. Era personliga kostnader enligt "
                "riksnormen är {0:kr} för er båda.",
                (amount,),
                ids,
                None,
            )
        )
    else:
        amount = use(t.ensamstaende).value
        applicant = next(m for m in members if m.role == "applicant")
        lines.append(
            (
                "riksnorm",
                "Personliga kostnader, ensamstående",
                amount,
                "add",
                RULE_ENSAMSTAENDE,
                "Du bor utan make, maka eller sambo. Dina personliga kostnader enligt "
                "riksnormen är {0:kr}.",
                (amount,),
                applicant.id,
                None,
            )
        )
    total += amount

    # Children living in the household the whole month.
    for m in full_children:
        age = m.age or 0
        at_home = lunch_at_home(m, t)
        pv = use(t.child_amount(age, at_home))
        if not at_home and age < len(t.child_utan_lunch_labels):
            lines.append(
                (
                    "riksnorm",
                    t.child_utan_lunch_labels[age],
                    pv.value,
                    "add",
                    RULE_CHILD_UTAN_LUNCH,
                    "Barnet är {0} år och äter lunch på förskolan eller skolan fem dagar i "
                    "veckan. Barnets personliga kostnader är då {1:kr}.",
                    (age, pv.value),
                    m.id,
                    None,
                )
            )
        else:
            lines.append(
                (
                    "riksnorm",
                    t.child_labels[age],
                    pv.value,
                    "add",
                    RULE_CHILD,
                    "Barnet är {0} år. Barnets personliga kostnader enligt riksnormen är {1:kr}.",
                    (age, pv.value),
                    m.id,
                    None,
                )
            )
        total += pv.value

    # Gemensamma hushållskostnader for the persons living here all month, the other adults'
    # shares set apart (12 kap. 3 § andra stycket).
    shared = formulas.shared_cost(full_size, t.shared_table, t.extra_person)
    use(t.shared)
    share = formulas.div_half_up(shared, full_size) if others else 0
    family_shared = shared - share * len(others)
    lines.append(
        (
            "riksnorm",
            f"Gemensamma hushållskostnader, {full_size} personer",
            family_shared,
            "add",
            RULE_SHARED,
            _shared_text,
            (full_size, shared, t.extra_person, len(others), share),
            None,
            None,
        )
    )
    total += family_shared

    for m in others:
        amount = use(t.ensamstaende).value + share
        lines.append(
            (
                "riksnorm",
                "Vuxen i hushållet som inte är sambo",
                amount,
                "add",
                RULE_OTHER_ADULT,
                "En vuxen som bor i hushållet utan att vara sambo räknas som ensamstående "
                "({0:kr}) plus sin andel av de gemensamma kostnaderna, "
                "{1:kr} delat med {2} personer ({3:kr}). "
                "Summa {4:kr}.",
                (t.ensamstaende.value, shared, full_size, share, amount),
                m.id,
                None,
            )
        )
        total += amount

    # Umgängesbarn: the days they live here.
    size = full_size
    for _, m in umgange:
        days = m.umgange_days or 0
        age = m.age or 0
        pv = use(t.child_amount(age, lunch_at_home(m, t)))
        personal = formulas.pro_rata(pv.value, days, dim)
        size += 1
        marginal = formulas.shared_cost(size, t.shared_table, t.extra_person) - (
            formulas.shared_cost(size - 1, t.shared_table, t.extra_person)
        )
        shared_part = formulas.pro_rata(marginal, days, dim)
        lines.append(
            (
                "riksnorm",
                f"Umgängesbarn, {days} av {dim} dagar",
                personal + shared_part,
                "add",
                RULE_UMGANGE,
                "Barnet bor hos er {0} av månadens {1} dagar. Vi räknar barnets "
                "personliga kostnader ({2:kr}) och hushållets ökade gemensamma "
                "kostnader ({3:kr}) för de dagarna: {4:kr}.",
                (days, dim, pv.value, marginal, personal + shared_part),
                m.id,
                None,
            )
        )
        total += personal + shared_part

    # Part of a month.
    if inp.days_in_period is not None and inp.days_in_period < dim:
        period = formulas.pro_rata(total, inp.days_in_period, dim)
        lines.append(
            (
                "riksnorm",
                f"Del av månaden, {inp.days_in_period} av {dim} dagar",
                total - period,
                "subtract",
                RULE_PARTIAL_MONTH,
                "Ansökan gäller {0} av månadens {1} dagar. Normen för "
                "hela månaden är {2:kr}; för dessa dagar blir den {3:kr}.",
                (inp.days_in_period, dim, total, period),
                None,
                None,
            )
        )
        total = period

    # Per-case adjustments, with their reasons (a lowering never below zero).
    for adj in inp.norm_adjustments:
        if adj.amount > 0:
            lines.append(
                (
                    "riksnorm",
                    "Normen höjs",
                    adj.amount,
                    "add",
                    RULE_ADJUSTMENT,
                    "Normen höjs med {0:kr}. Skäl: {1}",
                    (adj.amount, adj.reason),
                    adj.member,
                    None,
                )
            )
            total += adj.amount
        else:
            lowered = min(-adj.amount, total)
            lines.append(
                (
                    "riksnorm",
                    "Normen sänks",
                    lowered,
                    "subtract",
                    RULE_ADJUSTMENT,
                    "Normen sänks med {0:kr}. Skäl: {1}",
                    (lowered, adj.reason),
                    adj.member,
                    None,
                )
            )
            total -= lowered
    return int(total)
