"""Synthetic households of försörjningsstöd applicants, deterministic by seed.

``generate_households(seed, count, month)`` draws ``count`` households from one
``random.Random(seed)``; the same seed, count and month always give the same households, and
a shorter run is a prefix of a longer one. Each :class:`SyntheticHousehold` has typed members
(with a fictional :class:`SyntheticPerson` each: synthetic personnummer, name, birth date),
costs, incomes, assets and needs, and converts to the rules engine's JSON input with
:meth:`SyntheticHousehold.to_rules_input` (member ids only, never personnummer).

The dataclasses use slots and are not frozen (frozen ones make a million households about
40 % slower to build): treat them as read-only.

Money is ``decimal.Decimal`` with two decimals everywhere (strings ``"1234.00"`` in the
JSON-ready dicts), never float. Distributions are plausible, not statistics: they are chosen
to look like an ekonomiskt bistånd caseload (Socialstyrelsen's yearly statistics show single
adults without children as the largest group, then single parents, mostly women), to exercise
every branch of the rules, and to be fast (about 1 M households in well under a minute).
"""

from __future__ import annotations

import gc
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from bistand.rules.income_types import DECLARED_INCOME_TYPES, DeclaredIncomeType
from bistand.synthetic import names
from bistand.synthetic.personnummer import generate as generate_personnummer

__all__ = [
    "INCOME_TYPES",
    "Asset",
    "Costs",
    "ExtraNeed",
    "HouseholdKind",
    "Income",
    "LabourMarketSituation",
    "Member",
    "Role",
    "SyntheticHousehold",
    "SyntheticPerson",
    "Vehicle",
    "child_allowance",
    "generate_households",
    "iter_households",
]

Role = Literal["applicant", "partner", "child", "other_adult"]
IncomeType = DeclaredIncomeType  # the catalogue: bistand.rules.income_types
INCOME_TYPES: tuple[IncomeType, ...] = DECLARED_INCOME_TYPES

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


class HouseholdKind(StrEnum):
    SINGLE = "single"
    SINGLE_PARENT = "single_parent"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"


class LabourMarketSituation(StrEnum):
    REGISTERED_AF = "registered_af"  # inskriven på Arbetsförmedlingen
    STUDYING = "studying"
    SICK = "sick"
    PARENTAL_LEAVE = "parental_leave"
    EMPLOYED = "employed"  # part-time or low-paid work
    RETIRED = "retired"
    OTHER = "other"


# --- amounts with a source ------------------------------------------------------------------
# Barnbidrag 1 250 kr per child and month, flerbarnstillägg by number of children with
# barnbidrag or studiebidrag: 2 → 150, 3 → 730, 4 → 1 740, 5 → 2 990, each further child
# + 1 250 kr. Source: Försäkringskassan, "Barnbidrag och flerbarnstillägg", amounts in force
# since 2018-03-01. UNVERIFIED here (no network access): check against forsakringskassan.se
# before relying on the figures for anything but test data.
CHILD_ALLOWANCE_PER_CHILD = 1250
_LARGE_FAMILY_SUPPLEMENT = {0: 0, 1: 0, 2: 150, 3: 730, 4: 1740, 5: 2990}
# Studiebidrag (CSN) for 16–19-year-olds in upper secondary school: 1 250 kr/month, paid
# ten months a year (here: every month, for simplicity). UNVERIFIED.
STUDY_GRANT = 1250
# Underhållsstöd (Försäkringskassan) per child and month by age: 0–10 → 1 673, 11–14 → 1 823,
# 15+ → 1 973 kr. UNVERIFIED (amounts from 2022-02; they may have been raised since).
_MAINTENANCE_SUPPORT = ((10, 1673), (14, 1823), (200, 1973))


def child_allowance(children_with_allowance: int, children_with_study_grant: int = 0) -> int:
    """Barnbidrag + flerbarnstillägg in whole kronor per month (see the source note above).

    ``children_with_allowance`` children under 16 get barnbidrag; children with studiebidrag
    count towards flerbarnstillägg but get no barnbidrag (their grant is student aid).
    """
    n = children_with_allowance + children_with_study_grant
    supplement = _LARGE_FAMILY_SUPPLEMENT.get(n, 2990 + (n - 5) * CHILD_ALLOWANCE_PER_CHILD)
    return children_with_allowance * CHILD_ALLOWANCE_PER_CHILD + supplement


# --- dataclasses ----------------------------------------------------------------------------


@dataclass(slots=True)
class SyntheticPerson:
    """A fictional person: synthetic personnummer (month + 20), random name, birth date."""

    member_id: str
    personnummer: str
    first_name: str
    surname: str
    birth_date: date
    sex: Literal["F", "M"]

    @property
    def display_name(self) -> str:
        """``Förnamn Efternamn`` — for screens and letters, without any "(syntetisk)" tag."""
        return f"{self.first_name} {self.surname}"

    @property
    def marked_name(self) -> str:
        """``Förnamn Efternamn (syntetisk)`` — where it must be obvious that this is fiction."""
        return f"{self.first_name} {self.surname} (syntetisk)"


@dataclass(slots=True)
class Member:
    id: str
    role: Role
    age: int
    person: SyntheticPerson
    lunch_at_home: bool | None = None  # children 0–6 only: False = lunch at förskola/skola
    days_per_month: int | None = None  # umgängesbarn: days a month with the applicant
    labour_market: LabourMarketSituation | None = None  # adults only


@dataclass(slots=True)
class Costs:
    rent: Decimal
    household_electricity: Decimal
    home_insurance: Decimal
    union_and_a_kassa: Decimal
    work_travel: Decimal


@dataclass(slots=True)
class Income:
    member: str
    type: IncomeType
    amount: Decimal


@dataclass(slots=True)
class Asset:
    """A bank balance (saldo) of one member on the application date."""

    member: str
    kind: Literal["bank_account"]
    amount: Decimal


@dataclass(slots=True)
class Vehicle:
    member: str
    kind: Literal["car", "motorcycle"]
    value: Decimal
    needed_for_work: bool


@dataclass(slots=True)
class ExtraNeed:
    """A need outside the riksnorm ("över norm"), e.g. tandvård or glasögon."""

    member: str
    kind: str
    amount: Decimal


@dataclass(slots=True)
class SyntheticHousehold:
    index: int
    month: str
    municipality: str | None
    kind: HouseholdKind
    members: tuple[Member, ...]
    costs: Costs
    incomes: tuple[Income, ...]
    assets: tuple[Asset, ...]
    vehicles: tuple[Vehicle, ...]
    extra_needs: tuple[ExtraNeed, ...]
    months_on_assistance: int

    @property
    def people(self) -> tuple[SyntheticPerson, ...]:
        """Every member's fictional person (applicant first)."""
        return tuple(m.person for m in self.members)

    @property
    def applicant(self) -> SyntheticPerson:
        return self.members[0].person

    @property
    def partner(self) -> SyntheticPerson | None:
        for m in self.members:
            if m.role == "partner":
                return m.person
        return None

    def to_rules_input(self) -> dict[str, Any]:
        """The rules engine's JSON input: member ids only, money as ``"1234.00"`` strings.

        Only the documented keys (month, municipality, household, costs, incomes,
        months_on_assistance); assets, vehicles, needs over the norm, umgänge days and the
        labour-market situation are in :meth:`to_dict`.
        """
        household: list[dict[str, Any]] = []
        for m in self.members:
            row: dict[str, Any] = {"id": m.id, "role": m.role, "age": m.age}
            if m.lunch_at_home is not None:
                row["lunch_at_home"] = m.lunch_at_home
            household.append(row)
        c = self.costs
        out: dict[str, Any] = {"month": self.month}
        if self.municipality is not None:
            out["municipality"] = self.municipality
        out["household"] = household
        out["costs"] = {
            "rent": str(c.rent),
            "household_electricity": str(c.household_electricity),
            "home_insurance": str(c.home_insurance),
            "union_and_a_kassa": str(c.union_and_a_kassa),
            "work_travel": str(c.work_travel),
        }
        out["incomes"] = [
            {"member": i.member, "type": i.type, "amount": str(i.amount)} for i in self.incomes
        ]
        out["months_on_assistance"] = self.months_on_assistance
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready: the rules input plus people, assets, vehicles and needs."""
        out = self.to_rules_input()
        out["index"] = self.index
        out["kind"] = str(self.kind)
        out["people"] = [
            {
                "member": p.member_id,
                "personnummer": p.personnummer,
                "first_name": p.first_name,
                "surname": p.surname,
                "birth_date": p.birth_date.isoformat(),
                "sex": p.sex,
            }
            for p in self.people
        ]
        out["members"] = [
            {
                "id": m.id,
                "days_per_month": m.days_per_month,
                "labour_market": None if m.labour_market is None else str(m.labour_market),
            }
            for m in self.members
        ]
        out["assets"] = [
            {"member": a.member, "kind": a.kind, "amount": str(a.amount)} for a in self.assets
        ]
        out["vehicles"] = [
            {
                "member": v.member,
                "kind": v.kind,
                "value": str(v.value),
                "needed_for_work": v.needed_for_work,
            }
            for v in self.vehicles
        ]
        out["extra_needs"] = [
            {"member": n.member, "kind": n.kind, "amount": str(n.amount)} for n in self.extra_needs
        ]
        return out


# --- generation -----------------------------------------------------------------------------

_KR_CACHE: dict[int, Decimal] = {}


def _kr(kronor: int) -> Decimal:
    """Whole kronor as a two-decimal Decimal (cached: the values repeat a lot)."""
    d = _KR_CACHE.get(kronor)
    if d is None:
        d = Decimal(kronor).quantize(_CENT)
        if len(_KR_CACHE) < 200_000:
            _KR_CACHE[kronor] = d
    return d


def _ore(ore: int) -> Decimal:
    return Decimal(ore).scaleb(-2)


def _parse_month(month: str) -> date:
    m = _MONTH.match(month)
    if m is None:
        raise ValueError(f"Månaden måste skrivas ÅÅÅÅ-MM, inte {month!r}.")
    return date(int(m.group(1)), int(m.group(2)), 1)


class _Gen:
    """One generation run: the random source, the month and the personnummer already used."""

    __slots__ = ("month", "municipality", "r", "ref", "rng", "seen")

    def __init__(
        self, rng: random.Random, month: str, municipality: str | None, unique: bool
    ) -> None:
        self.rng = rng
        self.r = rng.random
        self.month = month
        self.ref = _parse_month(month)
        self.municipality = municipality
        self.seen: set[str] | None = set() if unique else None

    def u(self, lo: int, hi: int) -> int:
        """Uniform integer in [lo, hi]."""
        return lo + int(self.r() * (hi - lo + 1))

    def person(
        self, member_id: str, age: int, sex: Literal["F", "M"], surname: str
    ) -> SyntheticPerson:
        ref = self.ref
        lo = date(ref.year - age - 1, ref.month, 1).toordinal() + 1
        hi = date(ref.year - age, ref.month, 1).toordinal()
        born = date.fromordinal(lo + int(self.r() * (hi - lo + 1)))
        pnr = generate_personnummer(self.rng, born, sex)
        seen = self.seen
        if seen is not None:
            tries = 0
            while pnr in seen:
                tries += 1
                if tries > 5000:  # ~500 numbers per date and sex: the run is far too large
                    raise ValueError(
                        "För många hushåll för unika personnummer; "
                        "använd unique_personnummer=False."
                    )
                pnr = generate_personnummer(self.rng, born, sex)
            seen.add(pnr)
        return SyntheticPerson(member_id, pnr, names.first_name(self.rng, sex), surname, born, sex)

    def adult_age(self) -> int:
        x = self.r()
        if x < 0.20:
            return self.u(18, 24)
        if x < 0.45:
            return self.u(25, 34)
        if x < 0.72:
            return self.u(35, 49)
        if x < 0.94:
            return self.u(50, 64)
        return self.u(65, 80)

    def situation(self, age: int, youngest_child: int | None) -> LabourMarketSituation:
        if age >= 65:
            return LabourMarketSituation.RETIRED
        r = self.r
        if youngest_child is not None and youngest_child == 0 and r() < 0.6:
            return LabourMarketSituation.PARENTAL_LEAVE
        x = r()
        if x < 0.50:
            return LabourMarketSituation.REGISTERED_AF
        if x < 0.72:
            return LabourMarketSituation.SICK
        if x < 0.79:
            return LabourMarketSituation.STUDYING if age < 50 else LabourMarketSituation.SICK
        if x < 0.89:
            return LabourMarketSituation.EMPLOYED
        if x < 0.92:
            return (
                LabourMarketSituation.PARENTAL_LEAVE
                if youngest_child is not None and (youngest_child < 2)
                else LabourMarketSituation.REGISTERED_AF
            )
        return LabourMarketSituation.OTHER

    def adult_incomes(
        self, member: str, situation: LabourMarketSituation, out: list[Income]
    ) -> None:
        r, u = self.r, self.u
        s = LabourMarketSituation
        if situation is s.EMPLOYED:
            out.append(Income(member, "salary", _kr(u(3000, 18000))))
        elif situation is s.REGISTERED_AF:
            x = r()
            if x < 0.35:
                out.append(Income(member, "activity_support", _kr(u(4500, 12000))))
            elif x < 0.50:
                out.append(Income(member, "unemployment_benefit", _kr(u(7000, 18000))))
            if r() < 0.15:
                out.append(Income(member, "salary", _kr(u(1000, 8000))))
        elif situation is s.SICK:
            if r() < 0.45:
                out.append(Income(member, "sickness_benefit", _kr(u(4000, 15000))))
        elif situation is s.STUDYING:
            if r() < 0.8:
                out.append(Income(member, "student_aid", _kr(u(3000, 12000))))
        elif situation is s.PARENTAL_LEAVE:
            if r() < 0.7:  # föräldrapenning: no own type in the rules input
                out.append(Income(member, "other", _kr(u(5000, 12000))))
        elif situation is s.RETIRED and r() < 0.95:
            out.append(Income(member, "pension", _kr(u(8000, 14000))))
        if r() < 0.04:
            out.append(Income(member, "other", _kr(u(200, 2500))))

    def household(self, index: int) -> SyntheticHousehold:
        """One household, step by step; the steps draw from the random source in this order, so
        the same seed gives the same households."""
        kind = self.household_kind()
        child_ages, umgange = self.children_ages(kind)
        youngest = child_ages[-1] if child_ages else None
        members: list[Member] = []
        incomes: list[Income] = []
        age, family_name = self.adults(kind, child_ages, youngest, members, incomes)
        self.children(child_ages, umgange, family_name, members, incomes)
        self.other_adult(members, incomes)
        self.family_benefits(kind, child_ages, umgange, age, incomes)
        works = "salary" in {i.type for i in incomes}
        costs = self.costs(len(members), incomes, works)
        assets, vehicles = self.assets(members, works)
        extra = self.extra_needs(child_ages, youngest, umgange)
        return SyntheticHousehold(
            index=index,
            month=self.month,
            municipality=self.municipality,
            kind=kind,
            members=tuple(members),
            costs=costs,
            incomes=tuple(incomes),
            assets=tuple(assets),
            vehicles=tuple(vehicles),
            extra_needs=tuple(extra),
            months_on_assistance=self.months_on_assistance(),
        )

    def household_kind(self) -> HouseholdKind:
        """Kind of household (approximate shares among recipient households)."""
        x = self.r()
        if x < 0.60:
            return HouseholdKind.SINGLE
        if x < 0.80:
            return HouseholdKind.SINGLE_PARENT
        if x < 0.93:
            return HouseholdKind.COUPLE_WITH_CHILDREN
        return HouseholdKind.COUPLE

    def children_ages(self, kind: HouseholdKind) -> tuple[list[int], bool]:
        """Ages of the children living in the household, oldest first, or of umgängesbarn
        visiting some days (then True)."""
        r, u = self.r, self.u
        child_ages: list[int] = []
        umgange = False
        if kind is HouseholdKind.SINGLE_PARENT:
            x = r()
            n = 1 if x < 0.45 else 2 if x < 0.78 else 3
            child_ages = [u(0, 17) for _ in range(n)]
        elif kind is HouseholdKind.COUPLE_WITH_CHILDREN:
            x = r()
            n = 1 if x < 0.30 else 2 if x < 0.65 else 3 if x < 0.87 else 4
            child_ages = [u(0, 17) for _ in range(n)]
        elif kind is HouseholdKind.SINGLE and r() < 0.12:
            umgange = True
            child_ages = [u(0, 17) for _ in range(1 if r() < 0.6 else 2)]
        child_ages.sort(reverse=True)
        return child_ages, umgange

    def adults(
        self,
        kind: HouseholdKind,
        child_ages: list[int],
        youngest: int | None,
        members: list[Member],
        incomes: list[Income],
    ) -> tuple[int, str]:
        """The applicant (and partner) with their incomes; returns the applicant's age and the
        family name."""
        r, u = self.r, self.u
        age = min(child_ages[0] + u(18, 34), 64) if child_ages else self.adult_age()
        if kind is HouseholdKind.SINGLE:
            sex: Literal["F", "M"] = "M" if r() < 0.62 else "F"
        elif kind is HouseholdKind.SINGLE_PARENT:
            sex = "F" if r() < 0.85 else "M"
        else:
            sex = "F" if r() < 0.5 else "M"
        family_name = names.surname(self.rng)
        situation = self.situation(age, youngest)
        members.append(
            Member("a1", "applicant", age, self.person("a1", age, sex, family_name),
                   labour_market=situation)
        )  # fmt: skip
        self.adult_incomes("a1", situation, incomes)
        if kind in (HouseholdKind.COUPLE, HouseholdKind.COUPLE_WITH_CHILDREN):
            p_age = max(age + u(-6, 6), 18)
            if child_ages:
                p_age = max(p_age, child_ages[0] + 18)
            p_sex: Literal["F", "M"] = ("M" if sex == "F" else "F") if r() < 0.95 else sex
            p_surname = family_name if r() < 0.6 else names.surname(self.rng)
            p_situation = self.situation(p_age, youngest)
            members.append(
                Member("p1", "partner", p_age, self.person("p1", p_age, p_sex, p_surname),
                       labour_market=p_situation)
            )  # fmt: skip
            self.adult_incomes("p1", p_situation, incomes)
        return age, family_name

    def children(
        self,
        child_ages: list[int],
        umgange: bool,
        family_name: str,
        members: list[Member],
        incomes: list[Income],
    ) -> None:
        """The children (lunch at home for the youngest, days per month for umgängesbarn) and
        the study grant of those 16 or older."""
        r, u = self.r, self.u
        days = u(4, 14) if umgange else None
        for i, c_age in enumerate(child_ages, start=1):
            cid = f"c{i}"
            lunch: bool | None = None
            if c_age <= 6:
                lunch = True if c_age == 0 else (c_age <= 5 and r() < 0.15)
            c_sex: Literal["F", "M"] = "F" if r() < 0.49 else "M"
            members.append(
                Member(cid, "child", c_age, self.person(cid, c_age, c_sex, family_name),
                       lunch_at_home=lunch, days_per_month=days)
            )  # fmt: skip
            if not umgange and c_age >= 16:
                incomes.append(Income(cid, "student_aid", _kr(STUDY_GRANT)))

    def other_adult(self, members: list[Member], incomes: list[Income]) -> None:
        """Occasionally another adult in the home who is not a sambo (e.g. an adult child)."""
        r, u = self.r, self.u
        if r() < 0.04:
            o_age = u(18, 70)
            o_sex: Literal["F", "M"] = "F" if r() < 0.5 else "M"
            o_situation = self.situation(o_age, None)
            members.append(
                Member("o1", "other_adult", o_age,
                       self.person("o1", o_age, o_sex, names.surname(self.rng)),
                       labour_market=o_situation)
            )  # fmt: skip
            self.adult_incomes("o1", o_situation, incomes)

    def family_benefits(
        self,
        kind: HouseholdKind,
        child_ages: list[int],
        umgange: bool,
        age: int,
        incomes: list[Income],
    ) -> None:
        """Barnbidrag, bostadsbidrag and underhållsstöd (not for umgängesbarn: they are paid to
        the residence parent)."""
        r, u = self.r, self.u
        if child_ages and not umgange:
            under16 = sum(1 for a in child_ages if a < 16)
            grant = len(child_ages) - under16
            incomes.append(Income("a1", "child_allowance", _kr(child_allowance(under16, grant))))
            if r() < 0.45:
                incomes.append(Income("a1", "housing_allowance", _kr(u(1000, 4500))))
            if kind is HouseholdKind.SINGLE_PARENT and r() < 0.55:
                support = 0
                for a in child_ages:
                    support += next(amount for limit, amount in _MAINTENANCE_SUPPORT if a <= limit)
                incomes.append(Income("a1", "maintenance_support", _kr(support)))
        elif age < 29 and r() < 0.10:
            incomes.append(Income("a1", "housing_allowance", _kr(u(300, 1500))))

    def costs(self, size: int, incomes: list[Income], works: bool) -> Costs:
        """Rent by household size (persons living there; umgängesbarn need room too), household
        electricity, home insurance, union and a-kassa fees, travel to work."""
        r, u = self.r, self.u
        if r() < 0.03:
            rent = 0  # no rent of one's own: homeless, or lodging without a rent
        else:
            lo_hi = ((4000, 8000), (5500, 10000), (6500, 11500), (7500, 13000), (8500, 14000))
            lo, hi = lo_hi[min(size, 5) - 1]
            rent = u(lo, hi)
        electricity = 0 if r() < 0.15 else u(200, 400) + 100 * (size - 1)
        insurance = 0 if r() < 0.25 else u(110, 250) + 30 * (size - 1)
        a_kassa_like = works or "unemployment_benefit" in {i.type for i in incomes}
        union = u(100, 550) if a_kassa_like and r() < 0.6 else 0
        travel = u(400, 1100) if works and r() < 0.4 else 0
        return Costs(_kr(rent), _kr(electricity), _kr(insurance), _kr(union), _kr(travel))

    def assets(self, members: list[Member], works: bool) -> tuple[list[Asset], list[Vehicle]]:
        """A bank balance per adult, rarely a vehicle."""
        r, u = self.r, self.u
        assets: list[Asset] = []
        vehicles: list[Vehicle] = []
        for m in members:
            if m.role == "child":
                continue
            x = r()
            ore = (
                u(0, 200_000)
                if x < 0.70
                else u(200_000, 1_000_000)
                if x < 0.95
                else (u(1_000_000, 6_000_000))
            )
            assets.append(Asset(m.id, "bank_account", _ore(ore)))
        if r() < 0.03:
            vehicles.append(
                Vehicle("a1", "car" if r() < 0.9 else "motorcycle", _kr(u(5000, 80000)),
                        works and r() < 0.5)
            )  # fmt: skip
        return assets, vehicles

    def extra_needs(
        self, child_ages: list[int], youngest: int | None, umgange: bool
    ) -> list[ExtraNeed]:
        """Needs over the norm, sometimes."""
        r, u = self.r, self.u
        extra: list[ExtraNeed] = []
        if r() < 0.08:
            x = r()
            if x < 0.35:
                extra.append(ExtraNeed("a1", "tandvård", _kr(u(1500, 15000))))
            elif x < 0.55:
                extra.append(ExtraNeed("a1", "glasögon", _kr(u(1000, 4000))))
            elif x < 0.70:
                extra.append(ExtraNeed("a1", "hemutrustning", _kr(u(2000, 12000))))
            elif x < 0.85:
                extra.append(ExtraNeed("a1", "läkarvård och medicin", _kr(u(200, 1300))))
            elif youngest == 0 and not umgange:
                extra.append(ExtraNeed("c" + str(len(child_ages)), "spädbarnsutrustning",
                                       _kr(u(2000, 5000))))  # fmt: skip
            else:
                extra.append(ExtraNeed("a1", "flyttkostnad", _kr(u(1500, 8000))))
        return extra

    def months_on_assistance(self) -> int:
        """New applicants, short-term and long-term recipients."""
        r, u = self.r, self.u
        x = r()
        if x < 0.15:
            return 0
        if x < 0.58:
            return u(1, 12)
        if x < 0.88:
            return u(13, 60)
        return u(61, 180)


def iter_households(
    seed: int,
    count: int,
    month: str,
    *,
    municipality: str | None = None,
    unique_personnummer: bool = True,
) -> Iterator[SyntheticHousehold]:
    """Yield ``count`` households drawn from ``random.Random(seed)`` for ``month`` ("YYYY-MM").

    With ``unique_personnummer`` (default) no personnummer repeats within the run (costs a set
    of all numbers: about 150 MB for a million households).
    """
    if count < 0:
        raise ValueError("Antalet hushåll kan inte vara negativt.")
    gen = _Gen(random.Random(seed), month, municipality, unique_personnummer)
    for index in range(count):
        yield gen.household(index)


def generate_households(
    seed: int,
    count: int,
    month: str,
    *,
    municipality: str | None = None,
    unique_personnummer: bool = True,
) -> list[SyntheticHousehold]:
    """``count`` households for ``month``, deterministic by ``seed`` (see ``iter_households``).

    The cyclic garbage collector is paused while the list is built (the objects have no
    cycles; with it running, a million households take more than twice as long).
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return list(
            iter_households(
                seed,
                count,
                month,
                municipality=municipality,
                unique_personnummer=unique_personnummer,
            )
        )
    finally:
        if paused:
            gc.enable()
