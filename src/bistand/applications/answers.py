"""The answers contract: what a citizen declares in an application, and the rules engine's input.

`Application.answers` is a JSON object with one key per page (section). Every section has a
typed dataclass here with `from_json` (tolerant: missing or malformed values give the empty
default, never an exception) and `to_json` (JSON-safe: money as strings with two decimals,
dates as ISO strings, never float). Page validation with Swedish messages lives in `forms.py`;
the helpers it shares with other channels (`parse_amount`, `parse_birth_date`) live here.

Sections (keys of `answers`):

    household     HouseholdAnswers     partner's personnummer, number of children/other adults;
                  for an applicant 18–20: in school or not (asked on its own page)
    children      ChildrenAnswers      per child: birth date, lunch at preschool/school, umgänge
    other_adults  OtherAdultsAnswers   per other adult: birth date and relation; the number of
                  children in the home who are not the applicant's (e.g. younger siblings)
    housing       HousingAnswers       rent, hushållsel, hemförsäkring, fack/a-kassa, arbetsresor
    income_sources IncomeSourcesAnswers per adult member ("a1", "p1"): which income types this
                  month (the page before the amounts; older answers without it: the types with
                  an amount)
    incomes       IncomesAnswers       per adult member ("a1", "p1") and income type: an amount
    assets        AssetsAnswers        bank balances, vehicle and its value, other assets
    work          WorkAnswers          per adult member: labour-market situation
    needs         NeedsAnswers         needs outside the norm ("över norm"): which are chosen, and
                  for each its amount + reason (one page per need)
    payment       PaymentAnswers       clearing + account number
    consent       ConsentAnswers       consent to fetch register data; truthfulness declaration
    recurring     RecurringAnswers     for a fortsatt ansökan: which sections changed

`to_rules_input(application)` turns the answers into the rules engine's JSON input
(bistand.rules.inputs.HouseholdInput.from_dict): month, household, costs, incomes, and when
declared assets, other_needs (över norm, always assessed by a person) and first_time_applicant.
Member ids are "a1" (applicant), "p1" (partner), "c1"… (children), "o1"… (other adults): never a
personnummer. Ages are computed from birth dates at the first day of the month applied for.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from bistand.core import personnummer as pnr
from bistand.rules.income_types import DECLARED_INCOME_TYPES

if TYPE_CHECKING:
    from .models import Application

MAX_AMOUNT = Decimal("1000000")
MAX_TEXT = 1000  # free-text reasons and descriptions
MAX_CHILDREN = 12
MAX_OTHER_ADULTS = 6
MAX_UMGANGE_DAYS = 31
LIVES_HERE = ("full", "main_umgange", "umgange")
MAX_CHILDREN_IN_HOME = 12  # children in the home who belong to another household there

COST_TYPES: tuple[str, ...] = (
    "rent",
    "household_electricity",
    "home_insurance",
    "union_and_a_kassa",
    "work_travel",
)
WORK_SITUATIONS: tuple[str, ...] = (
    "registered_af",
    "studying",
    "sick",
    "parental_leave",
    "working",
    "other",
)
NEED_TYPES: tuple[str, ...] = (
    "dental_care",
    "medical_care",
    "glasses",
    "childcare",
    "household_equipment",
    "other",
)
SECTIONS: tuple[str, ...] = (
    "household",
    "children",
    "other_adults",
    "housing",
    "income_sources",
    "incomes",
    "assets",
    "work",
    "needs",
    "payment",
    "consent",
)
# What a fortsatt ansökan copies from last month: everything but the consent and declaration,
# which are given anew every month, and the needs outside the norm (tandvård, glasögon,
# hemutrustning, flyttkostnad …): they are one-off, applied for in the month they arise, so
# "Nej, inget har ändrats" never applies for last month's needs again (issue 11 item 10).
CARRIED_OVER: tuple[str, ...] = tuple(s for s in SECTIONS if s not in ("consent", "needs"))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_AMOUNT_SPACES = re.compile(r"[\s\u00a0\u202f]")
_AMOUNT_SHAPE = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
_GROUPED_SHAPE = re.compile(r"^\d{1,3}(?:\s\d{3})+(?:[.,]\d{1,2})?$")


class AmountError(ValueError):
    """An amount that cannot be accepted; the message is Swedish and meant for the citizen."""


def parse_amount(value: object) -> Decimal:
    """Parse an amount in kronor as people write it: "4 123,50", "4123.50", "4 123", "0".

    Returns a `Decimal` with two decimals. Rejects negatives, more than 1 000 000 kr, more than
    two decimals and anything that is not a number, with a Swedish message (`AmountError`).
    """
    if isinstance(value, bool) or value is None:
        raise AmountError("Skriv ett belopp i kronor, till exempel 4 123,50.")
    if isinstance(value, Decimal | int):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise AmountError("Skriv ett belopp i kronor, till exempel 4 123,50.")
    text = text.strip()
    if len(text) > 30:
        raise AmountError("Beloppet är för långt. Skriv ett belopp i kronor, till exempel 4 123.")
    text = text.removesuffix("kr").removesuffix(":-").strip()
    if text.startswith("-") or text.startswith("−"):
        raise AmountError("Beloppet kan inte vara negativt.")
    if not text:
        raise AmountError("Skriv ett belopp i kronor, till exempel 4 123,50.")
    normalised_spaces = _AMOUNT_SPACES.sub(" ", text)
    if " " in normalised_spaces:
        if not _GROUPED_SHAPE.match(normalised_spaces):
            raise AmountError(
                "Beloppet har fel format. Skriv bara siffror, till exempel 4 123,50 eller 4123."
            )
        text = normalised_spaces.replace(" ", "")
    if not text.isascii() or not _AMOUNT_SHAPE.match(text):
        if re.fullmatch(r"\d+[.,]\d{3,}", text):
            raise AmountError("Skriv beloppet med högst två decimaler (ören).")
        raise AmountError(
            "Beloppet har fel format. Skriv bara siffror, till exempel 4 123,50 eller 4123."
        )
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regular expression already checked
        raise AmountError("Beloppet har fel format.") from None
    if amount > MAX_AMOUNT:
        raise AmountError("Beloppet kan inte vara mer än 1 000 000 kr.")
    return amount.quantize(Decimal("0.01"))


def amount_to_json(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


def amount_from_json(value: object) -> Decimal:
    """A stored amount ("4123.50"); anything unreadable counts as zero."""
    try:
        return parse_amount(value) if value not in (None, "") else Decimal("0.00")
    except AmountError:
        return Decimal("0.00")


def clean_text(value: object, *, max_length: int = MAX_TEXT) -> str:
    """Free text as stored: stripped, control characters refused (ValueError, Swedish)."""
    text = str(value or "").strip()
    if len(text) > max_length:
        raise ValueError(f"Texten är för lång. Skriv högst {max_length} tecken.")
    if _CONTROL.search(text):
        raise ValueError("Texten innehåller otillåtna tecken. Skriv bara vanlig text.")
    return text


def parse_birth_date(value: object, *, month: date) -> date:
    """A birth date written ÅÅÅÅ-MM-DD (or ÅÅÅÅMMDD); it cannot be after the month applied for."""
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if not match:
        raise ValueError("Skriv födelsedatumet som ÅÅÅÅ-MM-DD, till exempel 2019-04-17.")
    try:
        born = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError("Datumet finns inte. Skriv födelsedatumet som ÅÅÅÅ-MM-DD.") from None
    if born > _last_day(month):
        raise ValueError("Födelsedatumet kan inte vara efter den månad du söker för.")
    if born.year < month.year - 120:
        raise ValueError("Kontrollera årtalet i födelsedatumet.")
    return born


def _last_day(month: date) -> date:
    nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def age_at(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _date_or_none(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _bool_or_none(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: object, default: int = 0, *, low: int = 0, high: int = 1000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(low, min(high, value))


# --- Sections ---------------------------------------------------------------------------------


@dataclass
class HouseholdAnswers:
    has_partner: bool | None = None
    partner_personnummer: str = ""  # normalised YYYYMMDD-NNNN, only to find the partner's login
    children_count: int = 0
    other_adults_count: int = 0
    # An applicant 18–20: in grundskola, gymnasieskola or comparable (12 kap. 9 § SoL 2025:400)?
    # Out of school he or she is an own household even at the parents' home; in school the
    # parents' duty of support and household come first (a case worker tries it).
    applicant_in_school: bool | None = None

    @classmethod
    def from_json(cls, data: object) -> HouseholdAnswers:
        d = _dict(data)
        number = d.get("partner_personnummer")
        return cls(
            has_partner=_bool_or_none(d.get("has_partner")),
            partner_personnummer=number if isinstance(number, str) else "",
            children_count=_int(d.get("children_count"), high=MAX_CHILDREN),
            other_adults_count=_int(d.get("other_adults_count"), high=MAX_OTHER_ADULTS),
            applicant_in_school=_bool_or_none(d.get("applicant_in_school")),
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


CHILD_INCOME_TYPES: tuple[str, ...] = ("pension", "maintenance_support", "salary")
"""A child's own incomes (barnpension, underhållsstöd for the child, the child's wage): they
cover only that child's share of the need (rules: inkomster, issue 11 item 3)."""


@dataclass
class Child:
    birth_date: date | None = None
    lunch_at_school: bool | None = None  # eats lunch at preschool/school on weekdays
    # "full": lives here; "main_umgange": lives here (the main home) and has umgänge with the
    # other parent; "umgange": umgängesbarn, here some days a month
    lives_here: str = "full"
    umgange_days: int | None = None
    # "main_umgange" only: the days a month the child is with the other parent (0–31)
    days_with_other_parent: int | None = None
    # 18–20 only: in grundskola, gymnasieskola or comparable (12 kap. 9 § SoL 2025:400)
    in_school: bool | None = None
    own_incomes: dict[str, Decimal] = field(default_factory=dict)  # CHILD_INCOME_TYPES → amount
    # Which own incomes the child has (asked on the children's page, the amounts on a page per
    # child, issue 15 item 2); None in answers saved before that question: then the incomes with
    # an amount are the ones the child has (`chosen_incomes`).
    income_sources: list[str] | None = None

    @property
    def chosen_incomes(self) -> list[str]:
        if self.income_sources is not None:
            return list(self.income_sources)
        return [t for t in CHILD_INCOME_TYPES if self.own_incomes.get(t, Decimal(0)) > 0]

    @classmethod
    def from_json(cls, data: object) -> Child:
        d = _dict(data)
        lives = d.get("lives_here")
        sources = d.get("income_sources")
        return cls(
            birth_date=_date_or_none(d.get("birth_date")),
            lunch_at_school=_bool_or_none(d.get("lunch_at_school")),
            lives_here=lives if lives in LIVES_HERE else "full",
            umgange_days=(
                _int(d.get("umgange_days"), low=1, high=MAX_UMGANGE_DAYS)
                if isinstance(d.get("umgange_days"), int)
                else None
            ),
            in_school=_bool_or_none(d.get("in_school")),
            days_with_other_parent=(
                _int(d.get("days_with_other_parent"), low=0, high=MAX_UMGANGE_DAYS)
                if isinstance(d.get("days_with_other_parent"), int)
                else None
            ),
            own_incomes={
                t: amount_from_json(v)
                for t, v in _dict(d.get("own_incomes")).items()
                if t in CHILD_INCOME_TYPES and amount_from_json(v) > 0
            },
            income_sources=(
                [t for t in CHILD_INCOME_TYPES if t in sources]
                if isinstance(sources, list)
                else None
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "lunch_at_school": self.lunch_at_school,
            "lives_here": self.lives_here,
            "umgange_days": self.umgange_days,
            "in_school": self.in_school,
            "days_with_other_parent": self.days_with_other_parent,
            "own_incomes": {t: amount_to_json(a) for t, a in self.own_incomes.items() if a > 0},
            **(
                {"income_sources": list(self.income_sources)}
                if self.income_sources is not None
                else {}
            ),
        }


@dataclass
class ChildrenAnswers:
    items: list[Child] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: object) -> ChildrenAnswers:
        return cls([Child.from_json(c) for c in _list(_dict(data).get("items"))[:MAX_CHILDREN]])

    def to_json(self) -> dict[str, Any]:
        return {"items": [c.to_json() for c in self.items]}


RELATIONS: tuple[str, ...] = ("friend", "sibling", "adult_child", "parent", "lodger", "other")
"""How another adult in the home is related to the applicant. None of them is a spouse or sambo
(those are the partner): each is his or her own household (12 kap. 3 § andra stycket SoF
2025:468)."""


@dataclass
class OtherAdultsAnswers:
    birth_dates: list[date | None] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)  # RELATIONS, "" = not answered
    # Children in the home who are not the applicant's (a young adult's younger siblings, a
    # lodger's child): they belong to another household in the home, but they are members of
    # the home when its shared costs, rent and electricity are shared per head (12 kap. 3 §
    # andra stycket SoF 2025:468: "antalet medlemmar i hushållet"). None = not answered.
    children_in_home: int | None = None

    @classmethod
    def from_json(cls, data: object) -> OtherAdultsAnswers:
        d = _dict(data)
        items = [_dict(i) for i in _list(d.get("items"))[:MAX_OTHER_ADULTS]]
        children = d.get("children_in_home")
        return cls(
            [_date_or_none(i.get("birth_date")) for i in items],
            [str(i.get("relation")) if i.get("relation") in RELATIONS else "" for i in items],
            _int(children, high=MAX_CHILDREN_IN_HOME)
            if isinstance(children, int) and not isinstance(children, bool)
            else None,
        )

    def to_json(self) -> dict[str, Any]:
        relations = [*self.relations, *[""] * (len(self.birth_dates) - len(self.relations))]
        return {
            "items": [
                {"birth_date": d.isoformat() if d else None, "relation": r}
                for d, r in zip(self.birth_dates, relations, strict=False)
            ],
            "children_in_home": self.children_in_home,
        }


@dataclass
class HousingAnswers:
    housing_type: str = ""  # "rental", "owned", "sublet", "lodger", "none"
    costs: dict[str, Decimal] = field(default_factory=dict)  # COST_TYPES → amount per month
    # A home shared with other adults: the applicant household's agreed share of the rent
    # (e.g. a sublet contract); None = shared per head.
    agreed_rent_share: Decimal | None = None

    @classmethod
    def from_json(cls, data: object) -> HousingAnswers:
        d = _dict(data)
        kind = d.get("housing_type")
        share = d.get("agreed_rent_share")
        return cls(
            housing_type=kind if isinstance(kind, str) else "",
            costs={k: amount_from_json(d.get(k)) for k in COST_TYPES},
            agreed_rent_share=amount_from_json(share) if share not in (None, "") else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "housing_type": self.housing_type,
            **{k: amount_to_json(self.costs.get(k, Decimal(0))) for k in COST_TYPES},
            "agreed_rent_share": (
                amount_to_json(self.agreed_rent_share)
                if self.agreed_rent_share is not None
                else None
            ),
        }


@dataclass
class IncomesAnswers:
    # member id ("a1", "p1") → income type → amount for the month
    by_member: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: object) -> IncomesAnswers:
        result: dict[str, dict[str, Decimal]] = {}
        for member, incomes in _dict(data).items():
            if member in ("a1", "p1"):
                result[member] = {
                    t: amount_from_json(v)
                    for t, v in _dict(incomes).items()
                    if t in DECLARED_INCOME_TYPES and amount_from_json(v) > 0
                }
        return cls(result)

    def to_json(self) -> dict[str, Any]:
        return {
            member: {t: amount_to_json(a) for t, a in incomes.items() if a > 0}
            for member, incomes in self.by_member.items()
        }


@dataclass
class IncomeSourcesAnswers:
    # member id ("a1", "p1") → the income types the member has this month (empty: none)
    by_member: dict[str, list[str]] = field(default_factory=dict)
    answered: bool = False

    @classmethod
    def from_json(cls, data: object) -> IncomeSourcesAnswers:
        result: dict[str, list[str]] = {}
        for member, types in _dict(data).items():
            if member in ("a1", "p1"):
                result[member] = [t for t in _list(types) if t in DECLARED_INCOME_TYPES]
        return cls(result, answered=isinstance(data, dict))

    @classmethod
    def from_incomes(cls, incomes: IncomesAnswers, *, answered: bool) -> IncomeSourcesAnswers:
        """For answers saved before the question was asked on its own page: the types that
        have an amount."""
        return cls(
            {
                m: [t for t in DECLARED_INCOME_TYPES if t in by_type]
                for m, by_type in incomes.by_member.items()
            },
            answered=answered,
        )

    def to_json(self) -> dict[str, Any]:
        return {m: list(types) for m, types in self.by_member.items()}


@dataclass
class AssetsAnswers:
    bank_balance: Decimal = Decimal("0.00")  # all accounts together, today
    has_vehicle: bool | None = None
    vehicle_value: Decimal = Decimal("0.00")
    other_assets: str = ""

    @classmethod
    def from_json(cls, data: object) -> AssetsAnswers:
        d = _dict(data)
        other = d.get("other_assets")
        return cls(
            bank_balance=amount_from_json(d.get("bank_balance")),
            has_vehicle=_bool_or_none(d.get("has_vehicle")),
            vehicle_value=amount_from_json(d.get("vehicle_value")),
            other_assets=other if isinstance(other, str) else "",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "bank_balance": amount_to_json(self.bank_balance),
            "has_vehicle": self.has_vehicle,
            "vehicle_value": amount_to_json(self.vehicle_value),
            "other_assets": self.other_assets,
        }


@dataclass
class WorkSituation:
    situation: str = ""  # one of WORK_SITUATIONS
    details: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"situation": self.situation, "details": self.details}


@dataclass
class WorkAnswers:
    by_member: dict[str, WorkSituation] = field(default_factory=dict)  # "a1", "p1", "o1" …

    @classmethod
    def from_json(cls, data: object) -> WorkAnswers:
        result = {}
        for member, value in _dict(data).items():
            d = _dict(value)
            situation = d.get("situation")
            details = d.get("details")
            result[str(member)] = WorkSituation(
                situation=situation if situation in WORK_SITUATIONS else "",
                details=details if isinstance(details, str) else "",
            )
        return cls(result)

    def to_json(self) -> dict[str, Any]:
        return {member: w.to_json() for member, w in self.by_member.items()}


@dataclass
class Need:
    type: str
    amount: Decimal
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "label": NEED_LABELS.get(self.type, self.type),
            "amount": amount_to_json(self.amount),
            "reason": self.reason,
        }


@dataclass
class NeedsAnswers:
    items: list[Need] = field(default_factory=list)
    # The needs chosen on the first page (each then has a page of its own for its amount and
    # reason); older answers without it: the needs that have an item.
    chosen: list[str] = field(default_factory=list)
    answered: bool = False

    @classmethod
    def from_json(cls, data: object) -> NeedsAnswers:
        items = []
        for raw in _list(_dict(data).get("items")):
            d = _dict(raw)
            if d.get("type") in NEED_TYPES:
                reason = d.get("reason")
                items.append(
                    Need(
                        type=str(d["type"]),
                        amount=amount_from_json(d.get("amount")),
                        reason=reason if isinstance(reason, str) else "",
                    )
                )
        given = _dict(data).get("chosen")
        if isinstance(given, list):
            chosen = [n for n in NEED_TYPES if n in given]
        else:
            chosen = [n for n in NEED_TYPES if any(item.type == n for item in items)]
        # Answered on the page (a fortsatt ansökan starts with none chosen and not answered, so
        # that nothing is ticked in advance); older answers: any saved section.
        answered = _dict(data).get("answered")
        return cls(
            items,
            chosen=chosen,
            answered=answered if isinstance(answered, bool) else isinstance(data, dict),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [n.to_json() for n in self.items],
            "chosen": list(self.chosen),
            "answered": self.answered,
        }


@dataclass
class PaymentAnswers:
    clearing: str = ""
    account: str = ""

    @classmethod
    def from_json(cls, data: object) -> PaymentAnswers:
        d = _dict(data)
        clearing, account = d.get("clearing"), d.get("account")
        return cls(
            clearing=clearing if isinstance(clearing, str) else "",
            account=account if isinstance(account, str) else "",
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ConsentAnswers:
    registers: bool | None = None
    truthful: bool = False

    @classmethod
    def from_json(cls, data: object) -> ConsentAnswers:
        d = _dict(data)
        return cls(registers=_bool_or_none(d.get("registers")), truthful=d.get("truthful") is True)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RecurringAnswers:
    nothing_changed: bool | None = None
    changed: list[str] = field(default_factory=list)  # sections the citizen wants to change

    @classmethod
    def from_json(cls, data: object) -> RecurringAnswers:
        d = _dict(data)
        return cls(
            nothing_changed=_bool_or_none(d.get("nothing_changed")),
            changed=[s for s in _list(d.get("changed")) if s in SECTIONS],
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Our need types → the rules engine's `other_needs[].kind` (livsföring i övrigt).
RULES_NEED_KINDS = {
    "dental_care": "tandvard",
    "medical_care": "lakarvard",
    "glasses": "glasogon",
    "childcare": "barnomsorg",
    "household_equipment": "hemutrustning",
    "other": "other",
}

NEED_LABELS = {
    "dental_care": "Tandvård",
    "medical_care": "Läkarvård och medicin",
    "glasses": "Glasögon",
    "childcare": "Barnomsorg",
    "household_equipment": "Hemutrustning",
    "other": "Annat",
}


@dataclass
class Answers:
    """All sections of one application, typed."""

    household: HouseholdAnswers
    children: ChildrenAnswers
    other_adults: OtherAdultsAnswers
    housing: HousingAnswers
    incomes: IncomesAnswers
    assets: AssetsAnswers
    work: WorkAnswers
    needs: NeedsAnswers
    payment: PaymentAnswers
    consent: ConsentAnswers
    recurring: RecurringAnswers
    income_sources: IncomeSourcesAnswers = field(default_factory=IncomeSourcesAnswers)

    @classmethod
    def from_json(cls, data: object) -> Answers:
        d = _dict(data)
        incomes = IncomesAnswers.from_json(d.get("incomes"))
        return cls(
            income_sources=IncomeSourcesAnswers.from_json(d["income_sources"])
            if isinstance(d.get("income_sources"), dict)
            else IncomeSourcesAnswers.from_incomes(incomes, answered="incomes" in d),
            household=HouseholdAnswers.from_json(d.get("household")),
            children=ChildrenAnswers.from_json(d.get("children")),
            other_adults=OtherAdultsAnswers.from_json(d.get("other_adults")),
            housing=HousingAnswers.from_json(d.get("housing")),
            incomes=incomes,
            assets=AssetsAnswers.from_json(d.get("assets")),
            work=WorkAnswers.from_json(d.get("work")),
            needs=NeedsAnswers.from_json(d.get("needs")),
            payment=PaymentAnswers.from_json(d.get("payment")),
            consent=ConsentAnswers.from_json(d.get("consent")),
            recurring=RecurringAnswers.from_json(d.get("recurring")),
        )

    @property
    def has_partner(self) -> bool:
        return bool(self.household.has_partner and self.household.partner_personnummer)

    def young_adults(self, month: date) -> list[int]:
        """Children (1-based) who are 18–20 on the first of the month: whether each is in
        school decides whether he or she is in the household (12 kap. 9 § SoL 2025:400)."""
        first = month.replace(day=1)
        return [
            i
            for i, child in enumerate(self.children.items[: self.household.children_count], 1)
            if child.birth_date is not None and 18 <= age_at(child.birth_date, first) <= 20
        ]

    def young_adults_out_of_school(self, month: date) -> list[int]:
        """Children 18–20 (1-based) who have left school: each is his or her own household, not
        in this application, and may apply himself or herself (12 kap. 9 § SoL 2025:400)."""
        return [
            i for i in self.young_adults(month) if self.children.items[i - 1].in_school is False
        ]

    def applicant_young_adult(self, applicant_age: int | None) -> bool:
        """The applicant is 18–20: whether he or she is in school decides whose household he or
        she belongs to (12 kap. 9 § SoL 2025:400)."""
        return applicant_age is not None and 18 <= applicant_age <= 20

    def lives_with_parents(self) -> bool:
        """An adult in the home is the applicant's parent (the young adult's own application)."""
        count = self.household.other_adults_count
        return "parent" in self.other_adults.relations[:count]

    def others_in_home(self) -> int:
        """People in the home who are not the applicant's family: other adults and the children
        who belong to them. Each is his or her own household, or part of another one."""
        if not self.household.other_adults_count:
            return 0
        return self.household.other_adults_count + (self.other_adults.children_in_home or 0)

    def income_members(self) -> list[str]:
        """The adults whose incomes the e-service asks about: the applicant and the partner."""
        return ["a1", "p1"] if self.has_partner else ["a1"]

    def adult_members(self) -> list[str]:
        """The adults of the applicant's household (the applicant and the partner). Other adults
        in the home are their own households: their work, incomes and assets are never asked
        (12 kap. 3 § andra stycket SoF 2025:468; data minimisation)."""
        return self.income_members()


def carried_over(previous: dict[str, Any]) -> dict[str, Any]:
    """The answers a fortsatt ansökan starts from: last month's, minus consent/declaration."""
    carried = {k: v for k, v in previous.items() if k in CARRIED_OVER}
    carried["needs"] = NeedsAnswers().to_json()  # this month's needs only: none carried
    return carried


# --- Rules engine input -------------------------------------------------------------------------


def rules_input_from_answers(
    answers: dict[str, Any],
    *,
    month: date,
    applicant_personnummer: str | None,
    municipality: str | None = None,
    first_time_applicant: bool | None = None,
) -> dict[str, Any]:
    """The rules engine's JSON input from stored answers (pure: no database)."""
    typed = Answers.from_json(answers)
    first = month.replace(day=1)

    def age_from_pnr(number: str | None) -> int | None:
        if not number:
            return None
        try:
            return age_at(pnr.birth_date(number), first)
        except pnr.PersonnummerError:
            return None

    household: list[dict[str, Any]] = [
        {"id": "a1", "role": "applicant", "age": age_from_pnr(applicant_personnummer)}
    ]
    if typed.has_partner:
        household.append(
            {
                "id": "p1",
                "role": "partner",
                "age": age_from_pnr(typed.household.partner_personnummer),
            }
        )
    for i, child in enumerate(typed.children.items[: typed.household.children_count], start=1):
        member: dict[str, Any] = {
            "id": f"c{i}",
            "role": "child",
            "age": age_at(child.birth_date, first) if child.birth_date else None,
            "lunch_at_home": not child.lunch_at_school,
        }
        if child.lives_here == "umgange" and child.umgange_days:
            member["umgange_days"] = child.umgange_days
        if member["age"] is not None and member["age"] >= 18 and child.in_school is not None:
            member["in_school"] = child.in_school
        if (
            child.lives_here == "main_umgange"
            and child.days_with_other_parent is not None
            and member.get("in_school") is not False
        ):
            # The days with the other parent, at most the month's days (rules 2.0.4: shown in
            # the calculation; the norm is reduced only where a guideline says so).
            member["days_with_other_parent"] = min(
                child.days_with_other_parent, calendar.monthrange(first.year, first.month)[1]
            )
        household.append(member)
    others = typed.household.other_adults_count
    relations = typed.other_adults.relations
    for i, born in enumerate(typed.other_adults.birth_dates[:others], start=1):
        # A parent belongs to another household in the home (his or hers, with a sambo and the
        # younger children there): "home_member", of which the letter states no norm of its own.
        # Any other adult who is not the applicant's sambo is his or her own household.
        parent = i <= len(relations) and relations[i - 1] == "parent"
        household.append(
            {
                "id": f"o{i}",
                "role": "home_member" if parent else "other_adult",
                "age": age_at(born, first) if born else None,
            }
        )
    # Children in the home who belong to another household there (e.g. the young adult's
    # younger siblings): members of the home for the per-head shares, never of the applicant's
    # household (12 kap. 3 § andra stycket SoF 2025:468); their ages are not asked.
    if others:
        for i in range(1, (typed.other_adults.children_in_home or 0) + 1):
            household.append({"id": f"o{others + i}", "role": "home_member", "age": None})

    incomes = [
        {"member": member, "type": income_type, "amount": amount_to_json(amount)}
        for member, by_type in sorted(typed.incomes.by_member.items())
        if member == "a1" or (member == "p1" and typed.has_partner)
        for income_type, amount in sorted(
            by_type.items(), key=lambda i: DECLARED_INCOME_TYPES.index(i[0])
        )
        if amount > 0
    ]
    for i, child in enumerate(typed.children.items[: typed.household.children_count], start=1):
        incomes.extend(
            {"member": f"c{i}", "type": income_type, "amount": amount_to_json(amount)}
            for income_type, amount in sorted(
                child.own_incomes.items(), key=lambda i: CHILD_INCOME_TYPES.index(i[0])
            )
            # Only the incomes the child has (an amount left from an earlier choice never counts).
            if amount > 0 and income_type in child.chosen_incomes
        )
    costs = {k: amount_to_json(typed.housing.costs.get(k, Decimal(0))) for k in COST_TYPES}
    share = typed.housing.agreed_rent_share
    if share is not None and typed.household.other_adults_count:
        costs["rent_agreed_share"] = amount_to_json(
            min(share, typed.housing.costs.get("rent", Decimal(0)))
        )
    result: dict[str, Any] = {
        "month": f"{first:%Y-%m}",
        "household": household,
        "costs": costs,
        "incomes": incomes,
    }
    assets = []
    # The bank balance today may hold this month's incomes, which are already counted as
    # income: only what is above them is an asset (never counted twice, issue 11 item 6).
    this_months_income = sum(
        (amount for by_type in typed.incomes.by_member.values() for amount in by_type.values()),
        Decimal(0),
    )
    balance = max(Decimal(0), typed.assets.bank_balance - this_months_income)
    if balance > 0:
        assets.append(
            {
                "member": "a1",
                "kind": "bank_account",
                "amount": amount_to_json(balance),
            }
        )
    if typed.assets.has_vehicle and typed.assets.vehicle_value > 0:
        assets.append(
            {"member": "a1", "kind": "other", "amount": amount_to_json(typed.assets.vehicle_value)}
        )
    if assets:
        result["assets"] = assets
    other_needs = [
        {
            "id": f"n{i}",
            "kind": RULES_NEED_KINDS[need.type],
            "amount": amount_to_json(need.amount),
            "member": None,
        }
        for i, need in enumerate(typed.needs.items, start=1)
        if need.amount > 0 and need.type in typed.needs.chosen
    ]
    if other_needs:
        result["other_needs"] = other_needs
    if first_time_applicant is not None:
        result["first_time_applicant"] = first_time_applicant
    if municipality:
        result["municipality"] = municipality
    return result


def to_rules_input(application: Application) -> dict[str, Any]:
    """The rules engine's JSON input for an application (see `rules_input_from_answers`)."""
    return rules_input_from_answers(
        application.answers,
        month=application.month,
        applicant_personnummer=application.case.applicant.personnummer,
        first_time_applicant=application.kind == "new",
    )
