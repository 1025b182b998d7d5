"""The engine's input: one household, one month.

:meth:`HouseholdInput.from_dict` validates a JSON-like dict (the format in docs/rules-input.md)
and raises :class:`InputError` listing every bad field with a machine-readable path
(``household[1].age``) and a Swedish message. Money is ``int`` öre inside the dataclasses and
kronor strings (``"1234.50"``) in JSON; floats are refused (docs/adr/0011-rules-money-in-ore.md).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal, cast

from bistand.rules.money import MoneyFormatError, Ore, format_kronor, parse_kronor
from bistand.rules.parameters import guideline_for, guidelines, law_parameters

__all__ = [
    "AGREED_SHARES",
    "ASSET_KINDS",
    "COST_TYPES",
    "NEED_KINDS",
    "ROLES",
    "AssessedNeed",
    "Asset",
    "Costs",
    "FieldError",
    "HouseholdInput",
    "Income",
    "InputError",
    "Member",
    "NormAdjustment",
    "OtherNeed",
    "compiled_class",
    "fast_constructor",
    "income_types",
    "month_facts",
    "month_text",
    "new_costs",
    "new_income",
    "new_input",
    "new_member",
]

Role = Literal["applicant", "partner", "child", "other_adult", "home_member"]
ROLES: tuple[Role, ...] = ("applicant", "partner", "child", "other_adult", "home_member")
"""``home_member``: a person of any age who shares the home but belongs to another household
there (a young adult's parents and younger siblings): counted in the home for the per-head
shares, never in the family; no norm of his or hers is stated (12 kap. 3 § andra stycket SoF
2025:468)."""
COST_TYPES: Final = (
    "rent",
    "household_electricity",
    "home_insurance",
    "union_and_a_kassa",
    "work_travel",
)
AGREED_SHARES = ("rent_agreed_share", "household_electricity_agreed_share")
"""Costs of a shared home whose agreed share (instead of per head) may be recorded."""
ASSET_KINDS = ("bank_account", "cash", "securities", "other")
NEED_KINDS = (
    "tandvard",
    "lakarvard",
    "medicin",
    "glasogon",
    "barnomsorg",
    "hemutrustning",
    "flyttkostnad",
    "spadbarnsutrustning",
    "umgangesresor",
    "other",
)
Decision = Literal["granted", "denied"]


_MONTHS: Final[dict[tuple[int, int], tuple[date, int]]] = {}


def month_facts(year: int, month: int) -> tuple[date, int]:
    """(first day, days in the month), computed once per month."""
    found = _MONTHS.get((year, month))
    if found is None:
        found = _MONTHS[(year, month)] = (
            date(year, month, 1),
            calendar.monthrange(year, month)[1],
        )
    return found


_MONTH_TEXTS: Final[dict[int, str]] = {}


def month_text(year: int, month: int) -> str:
    """``"2026-01"``: made once per month of the years 0–9999 (an output names its month
    twice, and a process sees few months)."""
    if not (1 <= month <= 12 and 0 <= year <= 9999):
        return f"{year:04d}-{month:02d}"
    key = year * 12 + month
    found = _MONTH_TEXTS.get(key)
    if found is None:
        found = _MONTH_TEXTS[key] = f"{year:04d}-{month:02d}"
    return found


_INCOME_TYPES: tuple[str, ...] | None = None


def income_types() -> tuple[str, ...]:
    """The income types the engine knows (data: parameters/inkomster.yaml; read once)."""
    global _INCOME_TYPES
    if _INCOME_TYPES is None:
        _INCOME_TYPES = tuple(
            p.removeprefix("income_type.")
            for p in law_parameters().ids()
            if p.startswith("income_type.")
        )
    return _INCOME_TYPES


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str
    code: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "code": self.code}


class InputError(ValueError):
    """The input is not valid; ``errors`` names every bad field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    @property
    def fields(self) -> list[str]:
        return [e.field for e in self.errors]

    def to_dict(self) -> dict[str, Any]:
        return {"error": "invalid_input", "errors": [e.to_dict() for e in self.errors]}


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    role: Role
    age: int | None = None
    lunch_at_home: bool | None = None
    umgange_days: int | None = None
    earnings_exempted_this_year: Ore = 0
    in_school: bool | None = None
    """For a child 18–20: in grundskola, gymnasieskola or comparable grundutbildning (12 kap. 9 §
    SoL 2025:400). Only then a skolungdom in the parents' household; otherwise his or her own
    household sharing the home."""
    days_with_other_parent: int | None = None
    """For a child living here (this home is the child's main home): the month's days the child
    spends with the other parent (umgänge). Recorded and explained; the norm is reduced for them
    only where ``practice.umgange_main_home_reduced`` (or the municipality's guideline) says so."""

    @property
    def skolungdom_left_school(self) -> bool:
        """A child 18–20 who is not in school: not part of the applicant's household."""
        return self.role == "child" and (self.age or 0) >= 18 and self.in_school is False

    @property
    def own_household(self) -> bool:
        """Lives in the home but is his or her own household for försörjningsstöd: an adult who
        is not spouse/sambo, or a child 18–20 who has left school (12 kap. 3 § andra stycket SoF
        2025:468), or a person in the home who belongs to another household there
        (``home_member``)."""
        role = self.role
        return role == "other_adult" or role == "home_member" or self.skolungdom_left_school


@dataclass(frozen=True, slots=True)
class Costs:
    rent: Ore = 0
    household_electricity: Ore = 0
    home_insurance: Ore = 0
    union_and_a_kassa: Ore = 0
    work_travel: Ore = 0
    rent_radrum_until: date | None = None
    rent_agreed_share: Ore | None = None
    """The applicant household's agreed share of the rent of a shared home (e.g. a sublet
    contract); without it the share is per head."""
    household_electricity_agreed_share: Ore | None = None
    rent_assessed_max: Ore | None = None
    """The highest rent the case worker has judged skälig for this household (12 kap. 7 § SoL
    2025:400, an individual assessment): replaces the guideline's maximum for the rent, above or
    below it. After a rådrum (``rent_radrum_until``) it is the cap that follows."""
    rent_assessed_reason: str = ""


@dataclass(frozen=True, slots=True)
class Income:
    member: str
    type: str
    amount: Ore


@dataclass(frozen=True, slots=True)
class Asset:
    member: str
    kind: str
    amount: Ore


@dataclass(frozen=True, slots=True)
class OtherNeed:
    """A need for livsföring i övrigt (tandvård, glasögon …): always assessed by a person."""

    id: str
    kind: str
    amount: Ore
    member: str | None = None


@dataclass(frozen=True, slots=True)
class AssessedNeed:
    """A case worker's assessment of an :class:`OtherNeed`."""

    need: str
    decision: Decision
    amount: Ore
    reason: str
    # "right": under the right to bistånd (12 kap. 1 § SoL); "utover": bistånd utöver it
    # (12 kap. 2 §), which the nämnd may give and only laglighetsprövning tries (rules 2.0.8).
    basis: str = "right"


@dataclass(frozen=True, slots=True)
class NormAdjustment:
    """A per-case raise (positive) or lowering (negative) of the riksnorm, with its reason."""

    amount: Ore
    reason: str
    member: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdInput:
    """One household and one month: everything the rules need, nothing else."""

    year: int
    month: int
    household: tuple[Member, ...]
    costs: Costs = Costs()
    incomes: tuple[Income, ...] = ()
    municipality: str | None = None
    days_in_period: int | None = None
    months_on_assistance: int = 0
    jobbstimulans_start: tuple[int, int] | None = None
    previous_month_surplus: Ore = 0
    surplus_arose: tuple[int, int] | None = None
    first_time_applicant: bool = False
    shortfall_foreseeable: bool = False
    assets: tuple[Asset, ...] = ()
    other_needs: tuple[OtherNeed, ...] = ()
    assessed_needs: tuple[AssessedNeed, ...] = ()
    norm_adjustments: tuple[NormAdjustment, ...] = ()

    @property
    def first_day(self) -> date:
        return month_facts(self.year, self.month)[0]

    @property
    def days_in_month(self) -> int:
        return month_facts(self.year, self.month)[1]

    @property
    def month_text(self) -> str:
        return month_text(self.year, self.month)

    @classmethod
    def from_dict(cls, data: object) -> HouseholdInput:
        """Validate ``data`` (parsed JSON) or raise :class:`InputError` naming every bad field.

        A valid input of the usual shape is read by :func:`_valid_input` in one pass; anything
        it is not sure of (an error, or an unusual but valid form) is read by the full parser,
        which names every bad field. Both give the same :class:`HouseholdInput`."""
        found = _valid_input(data) if type(data) is dict else None
        if found is not None:
            return found
        return _Parser().household_input(data)

    def to_dict(self) -> dict[str, Any]:
        """The normalised input as JSON-safe data; ``from_dict(to_dict())`` gives it back."""
        kr = format_kronor
        out: dict[str, Any] = {"month": self.month_text}
        if self.municipality is not None:
            out["municipality"] = self.municipality
        if self.days_in_period is not None:
            out["days_in_period"] = self.days_in_period
        members: list[dict[str, Any]] = []
        for m in self.household:
            row: dict[str, Any] = {"id": m.id, "role": m.role, "age": m.age}
            if m.lunch_at_home is not None:
                row["lunch_at_home"] = m.lunch_at_home
            if m.umgange_days is not None:
                row["umgange_days"] = m.umgange_days
            if m.earnings_exempted_this_year:
                row["earnings_exempted_this_year"] = kr(m.earnings_exempted_this_year)
            if m.in_school is not None:
                row["in_school"] = m.in_school
            if m.days_with_other_parent is not None:
                row["days_with_other_parent"] = m.days_with_other_parent
            members.append(row)
        out["household"] = members
        c = self.costs
        costs: dict[str, Any] = {
            "rent": kr(c.rent),
            "household_electricity": kr(c.household_electricity),
            "home_insurance": kr(c.home_insurance),
            "union_and_a_kassa": kr(c.union_and_a_kassa),
            "work_travel": kr(c.work_travel),
        }
        if c.rent_radrum_until is not None:
            costs["rent_radrum_until"] = c.rent_radrum_until.isoformat()
        if c.rent_agreed_share is not None:
            costs["rent_agreed_share"] = kr(c.rent_agreed_share)
        if c.household_electricity_agreed_share is not None:
            costs["household_electricity_agreed_share"] = kr(c.household_electricity_agreed_share)
        if c.rent_assessed_max is not None:
            costs["rent_assessed_max"] = kr(c.rent_assessed_max)
            costs["rent_assessed_reason"] = c.rent_assessed_reason
        out["costs"] = costs
        # (An empty part is a fresh empty list: no comprehension made for it, rules 2.0.5.)
        out["incomes"] = (
            [{"member": i.member, "type": i.type, "amount": kr(i.amount)} for i in self.incomes]
            if self.incomes
            else []
        )
        out["months_on_assistance"] = self.months_on_assistance
        if self.jobbstimulans_start is not None:
            y, mo = self.jobbstimulans_start
            out["jobbstimulans_start"] = f"{y:04d}-{mo:02d}"
        out["previous_month_surplus"] = kr(self.previous_month_surplus)
        if self.surplus_arose is not None:
            y, mo = self.surplus_arose
            out["surplus_arose"] = f"{y:04d}-{mo:02d}"
        out["first_time_applicant"] = self.first_time_applicant
        out["shortfall_foreseeable"] = self.shortfall_foreseeable
        out["assets"] = (
            [{"member": a.member, "kind": a.kind, "amount": kr(a.amount)} for a in self.assets]
            if self.assets
            else []
        )
        out["other_needs"] = (
            [
                {"id": n.id, "kind": n.kind, "amount": kr(n.amount), "member": n.member}
                for n in self.other_needs
            ]
            if self.other_needs
            else []
        )
        out["assessed_needs"] = (
            [
                {"need": a.need, "decision": a.decision, "amount": kr(a.amount), "reason": a.reason}
                | ({"basis": a.basis} if a.basis != "right" else {})
                for a in self.assessed_needs
            ]
            if self.assessed_needs
            else []
        )
        out["norm_adjustments"] = (
            [
                {"amount": kr(a.amount), "reason": a.reason, "member": a.member}
                for a in self.norm_adjustments
            ]
            if self.norm_adjustments
            else []
        )
        return out


# --- validation -------------------------------------------------------------------------------

_MISSING = object()


class _Parser:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, message: str, code: str) -> None:
        self.errors.append(FieldError(path, message, code))

    def obj(self, value: object, path: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(path or "(indata)", "Ska vara ett objekt med fält.", "not_an_object")
            return {}
        for key in value:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                self.fail(where, "Okänt fält.", "unknown_field")
        return value

    def list_(self, value: object, path: str) -> list[Any]:
        if value is _MISSING or value is None:
            return []
        if not isinstance(value, list | tuple):
            self.fail(path, "Ska vara en lista.", "not_a_list")
            return []
        return list(value)

    def int_(self, value: object, path: str, low: int, high: int, what: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"{what} ska vara ett heltal.", "not_an_integer")
            return None
        if not low <= value <= high:
            self.fail(path, f"{what} ska vara mellan {low} och {high}.", "out_of_range")
            return None
        return value

    def money(self, value: object, path: str, *, signed: bool = False) -> Ore:
        if value is _MISSING or value is None:
            return 0
        try:
            ore = parse_kronor(value)
        except MoneyFormatError:
            self.fail(
                path,
                'Ange beloppet i kronor med högst två decimaler, t.ex. "1234.50".',
                "not_money",
            )
            return 0
        if ore < 0 and not signed:
            self.fail(path, "Beloppet får inte vara negativt.", "negative")
            return 0
        if abs(ore) > 100_000_000_00:
            self.fail(path, "Beloppet är orimligt stort.", "out_of_range")
            return 0
        return ore

    def text(self, value: object, path: str, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{what} saknas.", "required")
            return ""
        return value.strip()

    def bool_(self, value: object, path: str, default: bool) -> bool:
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path, "Ska vara true eller false.", "not_a_boolean")
            return default
        return value

    def year_month(self, value: object, path: str) -> tuple[int, int] | None:
        if isinstance(value, str) and len(value) == 7 and value[4] == "-":
            try:
                year, month = int(value[:4]), int(value[5:])
            except ValueError:
                year, month = 0, 0
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                return year, month
        self.fail(path, 'Ange månaden som ÅÅÅÅ-MM, t.ex. "2026-01".', "not_a_month")
        return None

    def household_input(self, data: object) -> HouseholdInput:
        d = self.obj(
            data,
            "",
            (
                "month",
                "municipality",
                "days_in_period",
                "household",
                "costs",
                "incomes",
                "months_on_assistance",
                "jobbstimulans_start",
                "previous_month_surplus",
                "surplus_arose",
                "first_time_applicant",
                "shortfall_foreseeable",
                "assets",
                "other_needs",
                "assessed_needs",
                "norm_adjustments",
            ),
        )
        if not isinstance(data, Mapping):
            raise InputError(self.errors)
        ym = self.year_month(d.get("month"), "month")
        year, month = ym if ym is not None else (2026, 1)
        dim = calendar.monthrange(year, month)[1]

        municipality: str | None = None
        raw_municipality = d.get("municipality")
        if raw_municipality is not None:
            municipality = self.text(raw_municipality, "municipality", "Kommunen")
            if municipality and guideline_for(municipality) is None:
                known = ", ".join(sorted({g.key for g in guidelines().values()}))
                self.fail(
                    "municipality",
                    f"Det finns inga riktlinjer för kommunen. Kända: {known}.",
                    "unknown_municipality",
                )

        days_in_period = None
        if d.get("days_in_period") is not None:
            days_in_period = self.int_(d["days_in_period"], "days_in_period", 1, dim, "Antal dagar")

        members = self.members(d.get("household", _MISSING), dim)
        member_ids = {m.id for m in members}
        costs = self.costs(d.get("costs", _MISSING))
        incomes = tuple(self.incomes(d.get("incomes", _MISSING), member_ids))

        months_on = 0
        if d.get("months_on_assistance") is not None:
            months_on = (
                self.int_(d["months_on_assistance"], "months_on_assistance", 0, 1200, "Antalet")
                or 0
            )
        js_start = None
        if d.get("jobbstimulans_start") is not None:
            js_start = self.year_month(d["jobbstimulans_start"], "jobbstimulans_start")

        surplus_arose = None
        if d.get("surplus_arose") is not None:
            surplus_arose = self.year_month(d["surplus_arose"], "surplus_arose")
            if surplus_arose is not None and surplus_arose >= (year, month):
                self.fail(
                    "surplus_arose",
                    "Överskottet ska ha uppstått en tidigare månad.",
                    "out_of_range",
                )
        assets = tuple(self.assets(d.get("assets", _MISSING), member_ids))
        needs = tuple(self.other_needs(d.get("other_needs", _MISSING), member_ids))
        assessed = tuple(self.assessed(d.get("assessed_needs", _MISSING), {n.id for n in needs}))
        adjustments = tuple(self.adjustments(d.get("norm_adjustments", _MISSING), member_ids))

        result = HouseholdInput(
            year=year,
            month=month,
            household=tuple(members),
            costs=costs,
            incomes=incomes,
            municipality=municipality,
            days_in_period=days_in_period,
            months_on_assistance=months_on,
            jobbstimulans_start=js_start,
            previous_month_surplus=self.money(
                d.get("previous_month_surplus"), "previous_month_surplus"
            ),
            surplus_arose=surplus_arose,
            first_time_applicant=self.bool_(
                d.get("first_time_applicant", _MISSING), "first_time_applicant", False
            ),
            shortfall_foreseeable=self.bool_(
                d.get("shortfall_foreseeable", _MISSING), "shortfall_foreseeable", False
            ),
            assets=assets,
            other_needs=needs,
            assessed_needs=assessed,
            norm_adjustments=adjustments,
        )
        if self.errors:
            raise InputError(self.errors)
        return result

    def members(self, value: object, dim: int) -> list[Member]:
        if value is _MISSING or value is None:
            self.fail("household", "Hushållet saknas: ange minst den sökande.", "required")
            return []
        rows = self.list_(value, "household")
        out: list[Member] = []
        seen: set[str] = set()
        for i, raw in enumerate(rows):
            path = f"household[{i}]"
            r = self.obj(
                raw,
                path,
                (
                    "id",
                    "role",
                    "age",
                    "lunch_at_home",
                    "umgange_days",
                    "earnings_exempted_this_year",
                    "in_school",
                    "days_with_other_parent",
                ),
            )
            member_id = self.text(r.get("id"), f"{path}.id", "Id")
            if member_id in seen:
                self.fail(f"{path}.id", "Id finns redan i hushållet.", "duplicate")
            seen.add(member_id)
            role = r.get("role")
            if role not in ROLES:
                self.fail(
                    f"{path}.role",
                    "Rollen ska vara applicant, partner, child, other_adult eller home_member.",
                    "invalid_choice",
                )
                role = "other_adult"
            age: int | None = None
            if r.get("age") is not None:
                age = self.int_(r["age"], f"{path}.age", 0, 130, "Åldern")
            elif role == "child":
                self.fail(f"{path}.age", "Barnets ålder saknas.", "required")
            if role == "child" and age is not None and age > 20:
                self.fail(
                    f"{path}.age",
                    "Barn och skolungdomar är högst 20 år; ange äldre som other_adult eller "
                    "home_member.",
                    "out_of_range",
                )
            lunch = r.get("lunch_at_home")
            if lunch is not None and not isinstance(lunch, bool):
                self.fail(f"{path}.lunch_at_home", "Ska vara true eller false.", "not_a_boolean")
                lunch = None
            umgange = None
            if r.get("umgange_days") is not None:
                if role != "child":
                    self.fail(
                        f"{path}.umgange_days", "Umgängesdagar gäller bara barn.", "not_allowed"
                    )
                else:
                    umgange = self.int_(
                        r["umgange_days"], f"{path}.umgange_days", 1, dim, "Umgängesdagarna"
                    )
            exempted = self.money(
                r.get("earnings_exempted_this_year"), f"{path}.earnings_exempted_this_year"
            )
            if exempted and role != "child":
                self.fail(
                    f"{path}.earnings_exempted_this_year",
                    "Gäller bara barn och skolungdomar.",
                    "not_allowed",
                )
            in_school = r.get("in_school")
            if in_school is not None and not isinstance(in_school, bool):
                self.fail(f"{path}.in_school", "Ska vara true eller false.", "not_a_boolean")
                in_school = None
            if role == "child" and age is not None and age >= 18 and in_school is None:
                self.fail(
                    f"{path}.in_school",
                    "Ange om den unga (18–20 år) går i grundskola, gymnasieskola eller "
                    "jämförlig utbildning (12 kap. 9 § socialtjänstlagen).",
                    "required",
                )
            if role == "child" and umgange is not None and in_school is False:
                self.fail(
                    f"{path}.in_school",
                    "Umgängesdagar gäller bara barn och skolungdomar.",
                    "not_allowed",
                )
            other_parent = None
            if r.get("days_with_other_parent") is not None:
                if role != "child" or umgange is not None or in_school is False:
                    self.fail(
                        f"{path}.days_with_other_parent",
                        "Dagar hos den andra föräldern gäller bara barn som bor här.",
                        "not_allowed",
                    )
                else:
                    other_parent = self.int_(
                        r["days_with_other_parent"],
                        f"{path}.days_with_other_parent",
                        0,
                        dim,
                        "Dagarna hos den andra föräldern",
                    )
            out.append(
                Member(
                    member_id,
                    cast(Role, role),
                    age,
                    lunch,
                    umgange,
                    exempted,
                    in_school,
                    other_parent,
                )
            )
        applicants = sum(1 for m in out if m.role == "applicant")
        if rows and applicants != 1:
            self.fail("household", "Hushållet ska ha exakt en sökande (applicant).", "applicant")
        if sum(1 for m in out if m.role == "partner") > 1:
            self.fail("household", "Hushållet kan ha högst en make/maka/sambo.", "partner")
        if isinstance(value, list) and not rows:
            self.fail("household", "Hushållet saknas: ange minst den sökande.", "required")
        return out

    def costs(self, value: object) -> Costs:
        if value is _MISSING or value is None:
            return Costs()
        c = self.obj(
            value,
            "costs",
            (
                *COST_TYPES,
                "rent_radrum_until",
                *AGREED_SHARES,
                "rent_assessed_max",
                "rent_assessed_reason",
            ),
        )
        radrum = None
        raw = c.get("rent_radrum_until")
        if raw is not None:
            try:
                radrum = date.fromisoformat(str(raw))
            except ValueError:
                self.fail(
                    "costs.rent_radrum_until",
                    'Ange datumet som ÅÅÅÅ-MM-DD, t.ex. "2026-03-31".',
                    "not_a_date",
                )
        amounts = [self.money(c.get(k), f"costs.{k}") for k in COST_TYPES]
        rent, electricity, insurance, union, travel = amounts
        agreed = [
            None if c.get(k) is None else self.money(c.get(k), f"costs.{k}") for k in AGREED_SHARES
        ]
        for k, share, whole in zip(AGREED_SHARES, agreed, (rent, electricity), strict=True):
            if share is not None and share > whole:
                self.fail(
                    f"costs.{k}", "Andelen kan inte vara större än hela kostnaden.", "too_big"
                )
        assessed_max: Ore | None = None
        assessed_reason = ""
        if c.get("rent_assessed_max") is not None:
            assessed_max = self.money(c.get("rent_assessed_max"), "costs.rent_assessed_max")
            assessed_reason = self.text(
                c.get("rent_assessed_reason"),
                "costs.rent_assessed_reason",
                "Skälet till bedömningen av hyran",
            )
        elif c.get("rent_assessed_reason") is not None:
            self.fail(
                "costs.rent_assessed_reason",
                "Ett skäl gäller bara tillsammans med rent_assessed_max.",
                "not_allowed",
            )
        return Costs(
            rent,
            electricity,
            insurance,
            union,
            travel,
            rent_radrum_until=radrum,
            rent_agreed_share=agreed[0],
            household_electricity_agreed_share=agreed[1],
            rent_assessed_max=assessed_max,
            rent_assessed_reason=assessed_reason,
        )

    def member_ref(self, value: object, path: str, member_ids: set[str]) -> str:
        member = self.text(value, path, "Hushållsmedlem")
        if member and member not in member_ids:
            self.fail(path, "Ingen hushållsmedlem har detta id.", "unknown_member")
        return member

    def incomes(self, value: object, member_ids: set[str]) -> list[Income]:
        known = income_types()
        out: list[Income] = []
        for i, raw in enumerate(self.list_(value, "incomes")):
            path = f"incomes[{i}]"
            r = self.obj(raw, path, ("member", "type", "amount"))
            member = self.member_ref(r.get("member"), f"{path}.member", member_ids)
            kind = r.get("type")
            if kind not in known:
                self.fail(
                    f"{path}.type",
                    f"Okänd inkomsttyp. Kända: {', '.join(known)}.",
                    "invalid_choice",
                )
                kind = "other"
            if "amount" not in r:
                self.fail(f"{path}.amount", "Beloppet saknas.", "required")
            out.append(Income(member, str(kind), self.money(r.get("amount"), f"{path}.amount")))
        return out

    def assets(self, value: object, member_ids: set[str]) -> list[Asset]:
        out: list[Asset] = []
        for i, raw in enumerate(self.list_(value, "assets")):
            path = f"assets[{i}]"
            r = self.obj(raw, path, ("member", "kind", "amount"))
            member = self.member_ref(r.get("member"), f"{path}.member", member_ids)
            kind = r.get("kind", "bank_account")
            if kind not in ASSET_KINDS:
                self.fail(
                    f"{path}.kind",
                    f"Okänd tillgång. Kända: {', '.join(ASSET_KINDS)}.",
                    "invalid_choice",
                )
                kind = "other"
            out.append(Asset(member, str(kind), self.money(r.get("amount"), f"{path}.amount")))
        return out

    def other_needs(self, value: object, member_ids: set[str]) -> list[OtherNeed]:
        out: list[OtherNeed] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.list_(value, "other_needs")):
            path = f"other_needs[{i}]"
            r = self.obj(raw, path, ("id", "kind", "amount", "member"))
            need_id = self.text(r.get("id"), f"{path}.id", "Id")
            if need_id in seen:
                self.fail(f"{path}.id", "Id finns redan.", "duplicate")
            seen.add(need_id)
            kind = r.get("kind")
            if kind not in NEED_KINDS:
                self.fail(
                    f"{path}.kind",
                    f"Okänt behov. Kända: {', '.join(NEED_KINDS)}.",
                    "invalid_choice",
                )
                kind = "other"
            member = None
            if r.get("member") is not None:
                member = self.member_ref(r.get("member"), f"{path}.member", member_ids)
            out.append(
                OtherNeed(need_id, str(kind), self.money(r.get("amount"), f"{path}.amount"), member)
            )
        return out

    def assessed(self, value: object, need_ids: set[str]) -> list[AssessedNeed]:
        out: list[AssessedNeed] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.list_(value, "assessed_needs")):
            path = f"assessed_needs[{i}]"
            r = self.obj(raw, path, ("need", "decision", "amount", "reason", "basis"))
            need = self.text(r.get("need"), f"{path}.need", "Behovets id")
            if need and need not in need_ids:
                self.fail(f"{path}.need", "Inget behov i other_needs har detta id.", "unknown_need")
            if need in seen:
                self.fail(f"{path}.need", "Behovet är redan bedömt.", "duplicate")
            seen.add(need)
            decision = r.get("decision")
            if decision not in ("granted", "denied"):
                self.fail(f"{path}.decision", "Ska vara granted eller denied.", "invalid_choice")
                decision = "denied"
            amount = self.money(r.get("amount"), f"{path}.amount")
            if decision == "granted" and r.get("amount") is None:
                self.fail(f"{path}.amount", "Beviljat belopp saknas.", "required")
            if decision == "denied" and amount:
                self.fail(f"{path}.amount", "Ett avslaget behov har beloppet 0.", "not_allowed")
            reason = self.text(r.get("reason"), f"{path}.reason", "Skälet")
            basis = r.get("basis") or "right"
            if basis not in ("right", "utover"):
                self.fail(f"{path}.basis", "Ska vara right eller utover.", "invalid_choice")
                basis = "right"
            out.append(AssessedNeed(need, cast(Decision, decision), amount, reason, str(basis)))
        return out

    def adjustments(self, value: object, member_ids: set[str]) -> list[NormAdjustment]:
        out: list[NormAdjustment] = []
        for i, raw in enumerate(self.list_(value, "norm_adjustments")):
            path = f"norm_adjustments[{i}]"
            r = self.obj(raw, path, ("amount", "reason", "member"))
            amount = self.money(r.get("amount"), f"{path}.amount", signed=True)
            if amount == 0:
                self.fail(f"{path}.amount", "Ange hur mycket normen höjs eller sänks.", "required")
            reason = self.text(r.get("reason"), f"{path}.reason", "Skälet")
            member = None
            if r.get("member") is not None:
                member = self.member_ref(r.get("member"), f"{path}.member", member_ids)
            out.append(NormAdjustment(amount, reason, member))
        return out


# --- the one-pass reading of a valid input ----------------------------------------------------
#
# Speed (issue 16 item 4): most inputs are valid and of one shape (plain dicts and lists, money
# as "1234.50" strings). `_valid_input` checks exactly what `_Parser` checks, in one pass without
# building field paths or messages, and gives up (returns None) at the first thing that is not
# plainly valid, so that the full parser reads it and names every error. tests/rules/
# test_inputs_fast.py checks that both give the same input, and that every invalid case is
# left to the parser.


class _NotPlainError(Exception):
    """Not plainly valid: the full parser reads the input."""


def compiled_class(cls: type[Any]) -> bool:
    """The class is compiled with mypyc (bistand.rules.compiled): ``object.__new__`` refuses it."""
    try:
        object.__new__(cls)
    except TypeError:
        return True
    return False


def fast_constructor(cls: type[Any]) -> Callable[..., Any] | None:
    """A constructor for a frozen slots dataclass taking every field positionally, which sets
    the slots directly: the same object as ``cls(...)`` in about half the time, for values
    already checked here. Generated like dataclasses' own ``__init__``. None for a class
    compiled with mypyc: its ``new_…`` function below sets the native fields instead."""
    from dataclasses import fields

    if compiled_class(cls):
        return None
    names = [f.name for f in fields(cls)]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    for i, name in enumerate(names):
        namespace[f"set{i}"] = getattr(cls, name).__set__
    params = ", ".join(f"v{i}" for i in range(len(names)))
    body = "".join(f"    set{i}(obj, v{i})\n" for i in range(len(names)))
    exec(f"def make({params}):\n    obj = new(cls)\n{body}    return obj\n", namespace)  # noqa: S102
    make: Callable[..., Any] = namespace["make"]
    return make


# Speed (rules 2.0.7, docs/adr/0300): a frozen dataclass compiled with mypyc is made by the
# Python ``__init__`` that ``dataclasses`` generates (each field set through
# ``object.__setattr__``: about 0.4 µs for a small one). The ``new_…`` functions below make the
# same object: compiled, they take an empty instance (``cls.__new__``) and set its native
# fields directly (a compiled function may; the frozen ``__setattr__`` still refuses every
# change from outside); as Python they call the generated constructor above. Every field, in
# the dataclass's order (tests/rules/test_inputs_fast.py compares them with ``cls(...)``).
_PY_MEMBER: Final = fast_constructor(Member)
_PY_COSTS: Final = fast_constructor(Costs)
_PY_INCOME: Final = fast_constructor(Income)
_PY_INPUT: Final = fast_constructor(HouseholdInput)


def new_member(
    id: str,
    role: Role,
    age: int | None,
    lunch_at_home: bool | None,
    umgange_days: int | None,
    earnings_exempted_this_year: Ore,
    in_school: bool | None,
    days_with_other_parent: int | None,
) -> Member:
    """``Member(...)`` with every field given (see above)."""
    if _PY_MEMBER is not None:
        made: Member = _PY_MEMBER(
            id,
            role,
            age,
            lunch_at_home,
            umgange_days,
            earnings_exempted_this_year,
            in_school,
            days_with_other_parent,
        )
        return made
    m = Member.__new__(Member)
    m.id = id  # type: ignore[misc]
    m.role = role  # type: ignore[misc]
    m.age = age  # type: ignore[misc]
    m.lunch_at_home = lunch_at_home  # type: ignore[misc]
    m.umgange_days = umgange_days  # type: ignore[misc]
    m.earnings_exempted_this_year = earnings_exempted_this_year  # type: ignore[misc]
    m.in_school = in_school  # type: ignore[misc]
    m.days_with_other_parent = days_with_other_parent  # type: ignore[misc]
    return m


def new_costs(
    rent: Ore,
    household_electricity: Ore,
    home_insurance: Ore,
    union_and_a_kassa: Ore,
    work_travel: Ore,
    rent_radrum_until: date | None,
    rent_agreed_share: Ore | None,
    household_electricity_agreed_share: Ore | None,
    rent_assessed_max: Ore | None,
    rent_assessed_reason: str,
) -> Costs:
    """``Costs(...)`` with every field given (see above)."""
    if _PY_COSTS is not None:
        made: Costs = _PY_COSTS(
            rent,
            household_electricity,
            home_insurance,
            union_and_a_kassa,
            work_travel,
            rent_radrum_until,
            rent_agreed_share,
            household_electricity_agreed_share,
            rent_assessed_max,
            rent_assessed_reason,
        )
        return made
    c = Costs.__new__(Costs)
    c.rent = rent  # type: ignore[misc]
    c.household_electricity = household_electricity  # type: ignore[misc]
    c.home_insurance = home_insurance  # type: ignore[misc]
    c.union_and_a_kassa = union_and_a_kassa  # type: ignore[misc]
    c.work_travel = work_travel  # type: ignore[misc]
    c.rent_radrum_until = rent_radrum_until  # type: ignore[misc]
    c.rent_agreed_share = rent_agreed_share  # type: ignore[misc]
    c.household_electricity_agreed_share = household_electricity_agreed_share  # type: ignore[misc]
    c.rent_assessed_max = rent_assessed_max  # type: ignore[misc]
    c.rent_assessed_reason = rent_assessed_reason  # type: ignore[misc]
    return c


def new_income(member: str, type: str, amount: Ore) -> Income:
    """``Income(...)`` with every field given (see above)."""
    if _PY_INCOME is not None:
        made: Income = _PY_INCOME(member, type, amount)
        return made
    i = Income.__new__(Income)
    i.member = member  # type: ignore[misc]
    i.type = type  # type: ignore[misc]
    i.amount = amount  # type: ignore[misc]
    return i


def new_input(
    year: int,
    month: int,
    household: tuple[Member, ...],
    costs: Costs,
    incomes: tuple[Income, ...],
    municipality: str | None,
    days_in_period: int | None,
    months_on_assistance: int,
    jobbstimulans_start: tuple[int, int] | None,
    previous_month_surplus: Ore,
    surplus_arose: tuple[int, int] | None,
    first_time_applicant: bool,
    shortfall_foreseeable: bool,
    assets: tuple[Asset, ...],
    other_needs: tuple[OtherNeed, ...],
    assessed_needs: tuple[AssessedNeed, ...],
    norm_adjustments: tuple[NormAdjustment, ...],
) -> HouseholdInput:
    """``HouseholdInput(...)`` with every field given (see above)."""
    if _PY_INPUT is not None:
        made: HouseholdInput = _PY_INPUT(
            year,
            month,
            household,
            costs,
            incomes,
            municipality,
            days_in_period,
            months_on_assistance,
            jobbstimulans_start,
            previous_month_surplus,
            surplus_arose,
            first_time_applicant,
            shortfall_foreseeable,
            assets,
            other_needs,
            assessed_needs,
            norm_adjustments,
        )
        return made
    h = HouseholdInput.__new__(HouseholdInput)
    h.year = year  # type: ignore[misc]
    h.month = month  # type: ignore[misc]
    h.household = household  # type: ignore[misc]
    h.costs = costs  # type: ignore[misc]
    h.incomes = incomes  # type: ignore[misc]
    h.municipality = municipality  # type: ignore[misc]
    h.days_in_period = days_in_period  # type: ignore[misc]
    h.months_on_assistance = months_on_assistance  # type: ignore[misc]
    h.jobbstimulans_start = jobbstimulans_start  # type: ignore[misc]
    h.previous_month_surplus = previous_month_surplus  # type: ignore[misc]
    h.surplus_arose = surplus_arose  # type: ignore[misc]
    h.first_time_applicant = first_time_applicant  # type: ignore[misc]
    h.shortfall_foreseeable = shortfall_foreseeable  # type: ignore[misc]
    h.assets = assets  # type: ignore[misc]
    h.other_needs = other_needs  # type: ignore[misc]
    h.assessed_needs = assessed_needs  # type: ignore[misc]
    h.norm_adjustments = norm_adjustments  # type: ignore[misc]
    return h


_TOP: Final = frozenset(
    (
        "month",
        "municipality",
        "days_in_period",
        "household",
        "costs",
        "incomes",
        "months_on_assistance",
        "jobbstimulans_start",
        "previous_month_surplus",
        "surplus_arose",
        "first_time_applicant",
        "shortfall_foreseeable",
        "assets",
        "other_needs",
        "assessed_needs",
        "norm_adjustments",
    )
)
_MEMBER: Final = frozenset(
    (
        "id",
        "role",
        "age",
        "lunch_at_home",
        "umgange_days",
        "earnings_exempted_this_year",
        "in_school",
        "days_with_other_parent",
    )
)
_COSTS: Final = frozenset(
    (*COST_TYPES, "rent_radrum_until", *AGREED_SHARES, "rent_assessed_max", "rent_assessed_reason")
)
_INCOME: Final = frozenset(("member", "type", "amount"))
_ROLES: Final = frozenset(ROLES)
_DIGITS: Final = frozenset("0123456789")
_MAX_ORE: Final = 100_000_000_00


def _plain_money(value: object) -> int:
    """``_Parser.money`` for a valid, non-negative amount; anything else is not plain."""
    if value is None:
        return 0
    if type(value) is str:
        whole, dot, cents = value.partition(".")
        if (
            whole
            and len(whole) <= 10
            and len(cents) <= 2
            and (cents or not dot)
            and _DIGITS.issuperset(whole)
            and _DIGITS.issuperset(cents)
        ):
            ore = int(whole) * 100 + (int(cents) * (10 if len(cents) == 1 else 1) if cents else 0)
        else:
            try:
                ore = parse_kronor(value)
            except MoneyFormatError:
                raise _NotPlainError from None
    elif type(value) is int:
        ore = value * 100
    else:
        try:
            ore = parse_kronor(value)
        except MoneyFormatError:
            raise _NotPlainError from None
    if ore < 0 or ore > _MAX_ORE:
        raise _NotPlainError
    return ore


def _plain_int(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _NotPlainError
    return value


def _plain_month(value: object) -> tuple[int, int]:
    if type(value) is str and len(value) == 7 and value[4] == "-":
        try:
            year, month = int(value[:4]), int(value[5:])
        except ValueError:
            raise _NotPlainError from None
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return year, month
    raise _NotPlainError


def _plain_text(value: object) -> str:
    if type(value) is not str:
        raise _NotPlainError
    text = value.strip()
    if not text:
        raise _NotPlainError
    return text


def _plain_bool(value: object) -> bool | None:
    if value is None or type(value) is bool:
        return value
    raise _NotPlainError


# (id, role, age) as given → the Member a row of just those three gives; its validity depends on
# nothing else (not the month: no days in the row). Members are immutable, so shared.
_PLAIN_MEMBERS: Final[dict[tuple[Any, Any, Any], Member]] = {}


def _plain_members(rows: object, dim: int) -> tuple[Member, ...]:
    if type(rows) is not list or not rows:
        raise _NotPlainError
    out: list[Member] = []
    seen: set[str] = set()
    applicants = partners = 0
    member_keys = _MEMBER.issuperset
    known = _PLAIN_MEMBERS
    for r in rows:
        if type(r) is not dict:
            raise _NotPlainError
        get = r.get
        member_id = get("id")
        role = get("role")
        age = get("age")
        # A row of just id, role and age, read before: the same Member (rules 2.0.5). Only
        # texts and a true int (never a bool, which hashes as 1) are looked up.
        plain_row = (
            len(r) == 3 and type(age) is int and type(member_id) is str and type(role) is str
        )
        if plain_row:
            member = known.get((member_id, role, age))
            if member is not None:
                member_id = member.id
                if member_id in seen:
                    raise _NotPlainError
                seen.add(member_id)
                if role == "applicant":
                    applicants += 1
                elif role == "partner":
                    partners += 1
                out.append(member)
                continue
            raw_id = member_id
        if not member_keys(r):
            raise _NotPlainError
        lunch = get("lunch_at_home")
        umgange = get("umgange_days")
        exempted = get("earnings_exempted_this_year")
        in_school = get("in_school")
        other_parent = get("days_with_other_parent")
        if type(member_id) is not str or type(role) is not str or role not in _ROLES:
            raise _NotPlainError
        member_id = member_id.strip()
        if not member_id or member_id in seen:
            raise _NotPlainError
        seen.add(member_id)
        child = role == "child"
        if age is None:
            if child:
                raise _NotPlainError
        elif type(age) is not int or not 0 <= age <= (20 if child else 130):
            raise _NotPlainError
        if (lunch is not None and type(lunch) is not bool) or (
            in_school is not None and type(in_school) is not bool
        ):
            raise _NotPlainError
        if umgange is not None and (
            not child or type(umgange) is not int or not 1 <= umgange <= dim
        ):
            raise _NotPlainError
        if other_parent is not None and (
            not child
            or umgange is not None
            or in_school is False
            or type(other_parent) is not int
            or not 0 <= other_parent <= dim
        ):
            raise _NotPlainError
        if exempted is not None:
            exempted = _plain_money(exempted)
            if exempted and not child:
                raise _NotPlainError
        else:
            exempted = 0
        if child and (
            (in_school is None and age >= 18)  # type: ignore[operator]
            or (in_school is False and umgange is not None)
        ):
            raise _NotPlainError
        if role == "applicant":
            applicants += 1
        elif role == "partner":
            partners += 1
        member = new_member(member_id, role, age, lunch, umgange, exempted, in_school, other_parent)
        if plain_row and len(known) < 20_000:
            known[(raw_id, role, age)] = member
        out.append(member)
    if applicants != 1 or partners > 1:
        raise _NotPlainError
    return tuple(out)


def _plain_costs(c: object) -> Costs:
    if c is None:
        return _NO_COSTS
    if type(c) is not dict or not _COSTS.issuperset(c):
        raise _NotPlainError
    radrum = c.get("rent_radrum_until")
    if radrum is not None:
        try:
            radrum = date.fromisoformat(str(radrum))
        except ValueError:
            raise _NotPlainError from None
    get = c.get
    rent = _plain_money(get("rent"))
    electricity = _plain_money(get("household_electricity"))
    rent_share = get("rent_agreed_share")
    electricity_share = get("household_electricity_agreed_share")
    if rent_share is not None:
        rent_share = _plain_money(rent_share)
        if rent_share > rent:
            raise _NotPlainError
    if electricity_share is not None:
        electricity_share = _plain_money(electricity_share)
        if electricity_share > electricity:
            raise _NotPlainError
    assessed, reason = _plain_assessed_rent(get("rent_assessed_max"), get("rent_assessed_reason"))
    return new_costs(
        rent,
        electricity,
        _plain_money(get("home_insurance")),
        _plain_money(get("union_and_a_kassa")),
        _plain_money(get("work_travel")),
        radrum,
        rent_share,
        electricity_share,
        assessed,
        reason,
    )


def _plain_assessed_rent(assessed: object, reason: object) -> tuple[int | None, str]:
    """A case worker's assessed highest rent and its reason (required with it, else absent)."""
    if assessed is None:
        if reason is not None:
            raise _NotPlainError
        return None, ""
    return _plain_money(assessed), _plain_text(reason)


_NO_COSTS: Final = Costs()


def _plain_incomes(rows: object, member_ids: set[str]) -> tuple[Income, ...]:
    if rows is None:
        return ()
    if type(rows) is not list:
        raise _NotPlainError
    known = _known_income_types()
    out: list[Income] = []
    for r in rows:
        if type(r) is not dict or not _INCOME.issuperset(r) or "amount" not in r:
            raise _NotPlainError
        member = _plain_text(r.get("member"))
        kind = r.get("type")
        if member not in member_ids or kind not in known:
            raise _NotPlainError
        out.append(new_income(member, kind, _plain_money(r["amount"])))
    return tuple(out)


_KNOWN_INCOME_TYPES: frozenset[str] | None = None


def _known_income_types() -> frozenset[str]:
    global _KNOWN_INCOME_TYPES
    if _KNOWN_INCOME_TYPES is None:
        _KNOWN_INCOME_TYPES = frozenset(income_types())
    return _KNOWN_INCOME_TYPES


def _valid_input(d: dict[str, Any]) -> HouseholdInput | None:
    """The input, if it is plainly valid; None for the full parser to read (see above)."""
    try:
        if not _TOP.issuperset(d):
            return None
        year, month = _plain_month(d.get("month"))
        dim = month_facts(year, month)[1]
        municipality = d.get("municipality")
        if municipality is not None:
            municipality = _plain_text(municipality)
            if guideline_for(municipality) is None:
                return None
        days = d.get("days_in_period")
        if days is not None:
            _plain_int(days, 1, dim)
        members = _plain_members(d.get("household"), dim)
        member_ids = {m.id for m in members}
        months_on = d.get("months_on_assistance")
        months_on = 0 if months_on is None else _plain_int(months_on, 0, 1200)
        js_start = d.get("jobbstimulans_start")
        if js_start is not None:
            js_start = _plain_month(js_start)
        arose = d.get("surplus_arose")
        if arose is not None:
            arose = _plain_month(arose)
            if arose >= (year, month):
                return None
        first_time = _plain_bool(d.get("first_time_applicant"))
        foreseeable = _plain_bool(d.get("shortfall_foreseeable"))
        rest = [d.get(k) for k in ("assets", "other_needs", "assessed_needs", "norm_adjustments")]
        if any(rest):
            # Rarer parts: the full parser's own readers, then its verdict.
            parser = _Parser()
            raw = [_MISSING if value is None else value for value in rest]
            assets = tuple(parser.assets(raw[0], member_ids))
            needs = tuple(parser.other_needs(raw[1], member_ids))
            assessed = tuple(parser.assessed(raw[2], {n.id for n in needs}))
            adjustments = tuple(parser.adjustments(raw[3], member_ids))
            if parser.errors:
                return None
        else:
            for value in rest:
                if value is not None and type(value) is not list:
                    return None
            assets = needs = assessed = adjustments = ()
        return new_input(
            year,
            month,
            members,
            _plain_costs(d.get("costs")),
            _plain_incomes(d.get("incomes"), member_ids),
            municipality,
            days,
            months_on,
            js_start,
            _plain_money(d.get("previous_month_surplus")),
            arose,
            bool(first_time),
            bool(foreseeable),
            assets,
            needs,
            assessed,
            adjustments,
        )
    except (_NotPlainError, TypeError):
        # Anything unusual (e.g. a list where a text belongs: unhashable) is read by the full
        # parser, which names the field; the fast path never decides an error itself.
        return None
