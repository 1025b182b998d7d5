"""Typed, normalised register data: requests, per-source results and the snapshot.

Plain Python (no Django), so the decision pipeline and the rules engine can read a snapshot
that was stored years ago. Money is ``Decimal`` (never float); JSON keeps it as a string.
The personnummer (``subject`` / ``personidentitet``) is left out of every ``repr`` so that a
logged object never carries it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, Union

from bistand.rules.income_types import DECLARED_INCOME_TYPES, DeclaredIncomeType

__all__ = [
    "ALL_SOURCES",
    "AUTOMATED_DECISION_FUNCTION",
    "DEFAULT_LEGAL_BASIS",
    "GROUNDS",
    "GROUND_CONSENT",
    "GROUND_DUTY",
    "INCOME_TYPES",
    "AfData",
    "CapitalIncome",
    "Claim",
    "CsnData",
    "FkData",
    "IncomeItem",
    "MivData",
    "Payment",
    "PmData",
    "RegisterRequest",
    "RegisterSnapshot",
    "SkvData",
    "SoData",
    "Source",
    "SourceData",
    "SourceResult",
    "Status",
    "TsData",
    "Vehicle",
    "from_jsonable",
    "to_jsonable",
]

AUTOMATED_DECISION_FUNCTION = "automatiserad beslutsfunktion"
# The ground on which register data about a person is fetched (docs/adr/0107): the person's own
# consent, or the agencies' duty to provide information (SoL 2025:400 15 kap. 10–12 §§) when a
# case worker decides that the case needs the data without it.
GROUND_CONSENT = "samtycke"
GROUND_DUTY = "uppgiftsskyldighet"
GROUNDS = (GROUND_CONSENT, GROUND_DUTY)
DEFAULT_LEGAL_BASIS = "SoL (2025:400) 15 kap. 10 §; förordning (2008:975)"

# The income types of the rules engine's input (the catalogue in bistand.rules.income_types);
# register incomes are mapped onto these names.
IncomeType = DeclaredIncomeType
INCOME_TYPES: tuple[str, ...] = DECLARED_INCOME_TYPES


class Source(enum.StrEnum):
    """The SSBTEK sources (v11 calls Transportstyrelsen ``TNS``; we say ``TS``)."""

    AF = "AF"  # Arbetsförmedlingen
    CSN = "CSN"  # Centrala studiestödsnämnden
    FK = "FK"  # Försäkringskassan
    SKV = "SKV"  # Skatteverket
    SO = "SO"  # a-kassornas samorganisation (Sveriges A-kassor)
    PM = "PM"  # Pensionsmyndigheten
    TS = "TS"  # Transportstyrelsen (vehicles)
    MIV = "MIV"  # Migrationsverket


ALL_SOURCES: tuple[Source, ...] = tuple(Source)


class Status(enum.StrEnum):
    OK = "ok"
    FAILED = "failed"
    TIMEOUT = "timeout"


# --- Request -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRequest:
    """One SSBTEK question: who, which period, for which case, by whom, why and by what right."""

    personidentitet: str = field(repr=False)  # YYYYMMDD-NNNN; never in repr or logs
    period_start: date
    period_end: date
    case_reference: str  # arendeidentitet
    requested_by: str  # ingivare: case worker id or AUTOMATED_DECISION_FUNCTION
    purpose: str  # syfte
    legal_basis: str  # lagtext
    correlation_id: str  # korrelationsid
    organisation: str = "Exempelkommunen"
    organisation_number: str = "162120000000"  # ingivare.organisationsnummer, 16 + 10 digits

    def wire(self) -> dict[str, Any]:
        """The JSON body sent to the SSBTEK proxy / simulator (Swedish field names, as in v11)."""
        return {
            "personidentitet": self.personidentitet.replace("-", ""),
            "tidsperiod": {
                "from": self.period_start.isoformat(),
                "tom": self.period_end.isoformat(),
            },
            "ingivare": {"organisation": self.organisation, "handlaggare": self.requested_by},
            "arendeidentitet": self.case_reference,
            "syfte": self.purpose,
            "lagtext": self.legal_basis,
            "korrelationsid": self.correlation_id,
        }


# --- Per-source data -----------------------------------------------------------------------


@dataclass(frozen=True)
class Payment:
    """Money paid out to the person, mapped to the rules engine's income type."""

    income_type: IncomeType
    benefit: str  # the agency's own name, e.g. "sjukpenning", "studiemedel (bidrag)", "lön"
    amount: Decimal  # paid out (net of preliminary tax where the agency deducts it)
    payment_date: date
    gross_amount: Decimal | None = None
    preliminary_tax: Decimal | None = None
    payer: str = ""  # e.g. the employer in an arbetsgivardeklaration


@dataclass(frozen=True)
class Claim:
    """A benefit applied for or granted, with its period and extent (FK, PM, CSN)."""

    benefit: str
    status: Literal["applied", "granted", "rejected"]
    period_start: date | None = None
    period_end: date | None = None
    extent_percent: int | None = None


@dataclass(frozen=True)
class AfData:
    registered: bool
    registered_from: date | None
    deregistered_from: date | None
    category: str | None  # e.g. "öppet arbetslös", "förhinder", "program med aktivitetsstöd"
    programme: str | None
    programme_start: date | None
    programme_end: date | None
    active_plan: bool
    latest_activity_report: date | None
    a_kassa_member: bool


@dataclass(frozen=True)
class CsnData:
    payments: tuple[Payment, ...]
    claims: tuple[Claim, ...]
    compulsory_school_level: bool  # studiemedel for studies at grundskola level


@dataclass(frozen=True)
class FkData:
    payments: tuple[Payment, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class PmData:
    payments: tuple[Payment, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class SoData:
    payments: tuple[Payment, ...]
    entitled: bool
    period_days: int | None
    days_used: int | None
    suspended: bool


@dataclass(frozen=True)
class CapitalIncome:
    year: int
    kind: str  # e.g. "ränteinkomst", "överskott i inkomstslaget kapital"
    amount: Decimal


@dataclass(frozen=True)
class SkvData:
    salaries: tuple[Payment, ...]  # arbetsgivardeklaration (AGI), income_type "salary"
    tax_refunds: tuple[Payment, ...]  # skatteåterbäring, income_type "other"
    capital_income: tuple[CapitalIncome, ...]


@dataclass(frozen=True)
class Vehicle:
    registration: str
    kind: str
    model_year: int
    value: Decimal | None  # the JSON simulator's valuation; SSBTEK v11 carries none
    owner_since: date | None


@dataclass(frozen=True)
class TsData:
    vehicles: tuple[Vehicle, ...]


@dataclass(frozen=True)
class MivData:
    status: (
        str  # "ingen uppgift" | "permanent uppehållstillstånd" | "tidsbegränsat …" | "asylsökande"
    )
    valid_from: date | None
    valid_to: date | None


SourceData = Union[AfData, CsnData, FkData, PmData, SoData, SkvData, TsData, MivData]  # noqa: UP007
DATA_TYPES: dict[Source, type[Any]] = {
    Source.AF: AfData,
    Source.CSN: CsnData,
    Source.FK: FkData,
    Source.PM: PmData,
    Source.SO: SoData,
    Source.SKV: SkvData,
    Source.TS: TsData,
    Source.MIV: MivData,
}


# --- Results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceResult:
    """What one source answered: ``ok`` with data, or ``failed``/``timeout`` with a reason."""

    source: Source
    status: Status
    data: SourceData | None = None
    reason: str = ""  # a short code: http_500, invalid_json, invalid_shape, connection_error …
    detail: str = ""  # a sentence for the case worker; never personal data
    duration_ms: int = 0
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.status == Status.OK


@dataclass(frozen=True)
class IncomeItem:
    source: Source
    income_type: IncomeType
    benefit: str
    amount: Decimal
    payment_date: date


@dataclass(frozen=True)
class RegisterSnapshot:
    """Everything one register fetch returned for one person, per source."""

    subject: str = field(repr=False)  # the personnummer; never in repr or logs
    period_start: date
    period_end: date
    case_reference: str
    requested_by: str
    purpose: str
    legal_basis: str
    correlation_id: str
    fetched_at: datetime
    results: dict[Source, SourceResult]
    ground: str = ""  # GROUND_CONSENT or GROUND_DUTY; "" in snapshots stored before it was kept

    @property
    def complete(self) -> bool:
        """True if every requested source answered ``ok``."""
        return all(r.ok for r in self.results.values())

    @property
    def unavailable(self) -> list[Source]:
        """Sources that failed or timed out: the case goes to a person, never a rejection."""
        return [s for s, r in self.results.items() if not r.ok]

    def incomes(self) -> list[IncomeItem]:
        """Every payment in the period from every source that answered, as income items."""
        items: list[IncomeItem] = []
        for source, result in self.results.items():
            for payment in _payments(result.data):
                if self.period_start <= payment.payment_date <= self.period_end:
                    items.append(
                        IncomeItem(
                            source=source,
                            income_type=payment.income_type,
                            benefit=payment.benefit,
                            amount=payment.amount,
                            payment_date=payment.payment_date,
                        )
                    )
        return items

    def income_totals(self) -> dict[str, Decimal]:
        """Sum per rules-engine income type (only types that occur)."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for item in self.incomes():
            totals[item.income_type] += item.amount
        return dict(totals)

    def to_json(self) -> dict[str, Any]:
        value = to_jsonable(self)
        assert isinstance(value, dict)
        return value

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RegisterSnapshot:
        value = from_jsonable(cls, data)
        assert isinstance(value, RegisterSnapshot)
        return value


def _payments(data: SourceData | None) -> tuple[Payment, ...]:
    if isinstance(data, CsnData | FkData | PmData | SoData):
        return data.payments
    if isinstance(data, SkvData):
        return data.salaries + data.tax_refunds
    return ()


# --- JSON ----------------------------------------------------------------------------------

# A dataclass's field names, once per class (a snapshot has a few hundred values).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_jsonable(value: Any) -> Any:
    """Dataclasses → dicts, Decimal → str, date/datetime → ISO; enums → their value."""
    cls = type(value)
    if cls is str or cls is int or cls is bool or value is None:  # most of a snapshot
        return value
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        out = {name: to_jsonable(getattr(value, name)) for name in names}
        if isinstance(value, SourceResult) and value.data is not None:
            out["data_type"] = type(value.data).__name__
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


_DATA_BY_NAME = {t.__name__: t for t in DATA_TYPES.values()}


@functools.cache
def _hints(tp: Any) -> dict[str, Any]:
    return typing.get_type_hints(tp)


def from_jsonable(tp: Any, value: Any) -> Any:
    """The inverse of :func:`to_jsonable`, guided by type hints."""
    origin = typing.get_origin(tp)
    if tp is SourceResult:
        hints = _hints(SourceResult)
        kwargs = {
            k: from_jsonable(hints[k], v)
            for k, v in value.items()
            if k not in {"data", "data_type"}
        }
        data = value.get("data")
        if data is not None:
            kwargs["data"] = from_jsonable(_DATA_BY_NAME[value["data_type"]], data)
        return SourceResult(**kwargs)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{k: from_jsonable(hints[k], v) for k, v in value.items()})
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return from_jsonable(args[0], value)
    if origin is Literal:
        return value
    if origin is tuple:
        (item,) = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return tuple(from_jsonable(item, v) for v in value)
    if origin is dict:
        key_t, val_t = typing.get_args(tp)
        return {from_jsonable(key_t, k): from_jsonable(val_t, v) for k, v in value.items()}
    if tp is Decimal:
        return Decimal(value)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    return value
