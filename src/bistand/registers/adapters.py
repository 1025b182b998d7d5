"""One adapter per SSBTEK source behind one interface, :class:`RegisterSource`.

An adapter asks its source over HTTP (:mod:`bistand.registers.client`), validates the answer
strictly and maps it to a typed dataclass (:mod:`bistand.registers.types`), with the agency's
benefit names mapped to the rules engine's income types. ``fetch`` never raises: a failure, a
timeout or a malformed answer is a :class:`SourceResult` with status ``failed``/``timeout``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from .client import RegisterClient, TransportError, monotonic_ms
from .types import (
    AfData,
    CapitalIncome,
    Claim,
    CsnData,
    FkData,
    IncomeType,
    MivData,
    Payment,
    PmData,
    RegisterRequest,
    SkvData,
    SoData,
    Source,
    SourceData,
    SourceResult,
    Status,
    TsData,
    Vehicle,
)

T = TypeVar("T")

__all__ = ["ADAPTERS", "RegisterSource", "ShapeError", "build_sources"]


class RegisterSource(Protocol):
    code: Source

    def fetch(self, request: RegisterRequest) -> SourceResult: ...


class ShapeError(ValueError):
    """The answer does not have the expected shape; ``path`` names the field (never a value)."""

    def __init__(self, path: str, expected: str) -> None:
        super().__init__(f"{path}: förväntade {expected}")
        self.path = path


# --- Strict readers ------------------------------------------------------------------------


def _obj(v: Any, path: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise ShapeError(path, "objekt")
    return v


def _list(v: Any, path: str) -> list[Any]:
    if not isinstance(v, list):
        raise ShapeError(path, "lista")
    return v


def _str(v: Any, path: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ShapeError(path, "text")
    return v


def _opt_str(v: Any, path: str) -> str | None:
    return None if v is None else _str(v, path)


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise ShapeError(path, "true/false")
    return v


def _int(v: Any, path: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ShapeError(path, "heltal")
    return v


def _opt_int(v: Any, path: str) -> int | None:
    return None if v is None else _int(v, path)


def _date(v: Any, path: str) -> date:
    if not isinstance(v, str):
        raise ShapeError(path, "datum ÅÅÅÅ-MM-DD")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ShapeError(path, "datum ÅÅÅÅ-MM-DD") from None


def _opt_date(v: Any, path: str) -> date | None:
    return None if v is None else _date(v, path)


def _money(v: Any, path: str) -> Decimal:
    """A money amount: a decimal string or JSON number (parsed as Decimal, never float)."""
    if isinstance(v, bool) or not isinstance(v, str | int | Decimal):
        raise ShapeError(path, "belopp")
    try:
        amount = Decimal(v)
    except InvalidOperation:
        raise ShapeError(path, "belopp") from None
    if not amount.is_finite() or amount.as_tuple().exponent not in range(-2, 1):
        raise ShapeError(path, "belopp med högst två decimaler")
    return amount.quantize(Decimal("0.01"))


def _opt_money(v: Any, path: str) -> Decimal | None:
    return None if v is None else _money(v, path)


# --- Income type maps (agency benefit name → rules engine income type) ----------------------

FK_INCOME: dict[str, IncomeType] = {
    "sjukpenning": "sickness_benefit",
    "rehabiliteringspenning": "sickness_benefit",
    "sjukersättning": "sickness_benefit",
    "aktivitetsersättning": "sickness_benefit",
    "aktivitetsstöd": "activity_support",
    "utvecklingsersättning": "activity_support",
    "etableringsersättning": "activity_support",
    "barnbidrag": "child_allowance",
    "flerbarnstillägg": "child_allowance",
    "förlängt barnbidrag": "child_allowance",
    "bostadsbidrag": "housing_allowance",
    "bostadstillägg": "housing_allowance",
    "underhållsstöd": "maintenance_support",
}
PM_INCOME: dict[str, IncomeType] = {
    "garantipension": "pension",
    "inkomstpension": "pension",
    "tilläggspension": "pension",
    "premiepension": "pension",
    "ålderspension": "pension",
    "efterlevandepension": "pension",
    "bostadstillägg": "housing_allowance",
}
# The income types each source can report (its benefits' types, and "other" for a benefit it
# does not name). When a source did not answer, these are the incomes the registers cannot
# confirm or contradict: the case page says "Uppgift saknas" for them, never "Skiljer sig".
SOURCE_INCOME_TYPES: dict[Source, frozenset[str]] = {
    Source.CSN: frozenset({"student_aid"}),
    Source.FK: frozenset(FK_INCOME.values()) | {"other"},
    Source.PM: frozenset(PM_INCOME.values()) | {"pension", "other"},
    Source.SO: frozenset({"unemployment_benefit"}),
    Source.SKV: frozenset({"salary", "other"}),
}
CLAIM_STATUS: dict[str, Any] = {"ansokt": "applied", "beviljad": "granted", "avslagen": "rejected"}


def _payments(
    raw: Any, path: str, name_key: str, income: Callable[[str], IncomeType]
) -> tuple[Payment, ...]:
    out = []
    for i, item in enumerate(_list(raw, path)):
        p = f"{path}[{i}]"
        obj = _obj(item, p)
        benefit = _str(obj.get(name_key), f"{p}.{name_key}")
        out.append(
            Payment(
                income_type=income(benefit),
                benefit=benefit,
                amount=_money(obj.get("belopp"), f"{p}.belopp"),
                payment_date=_date(obj.get("utbetalningsdatum"), f"{p}.utbetalningsdatum"),
                gross_amount=_opt_money(obj.get("bruttobelopp"), f"{p}.bruttobelopp"),
                preliminary_tax=_opt_money(obj.get("skatteavdrag"), f"{p}.skatteavdrag"),
            )
        )
    return tuple(out)


def _claims(raw: Any, path: str, name_key: str) -> tuple[Claim, ...]:
    out = []
    for i, item in enumerate(_list(raw, path)):
        p = f"{path}[{i}]"
        obj = _obj(item, p)
        status = obj.get("status")
        if status not in CLAIM_STATUS:
            raise ShapeError(f"{p}.status", "ansokt/beviljad/avslagen")
        out.append(
            Claim(
                benefit=_str(obj.get(name_key), f"{p}.{name_key}"),
                status=CLAIM_STATUS[status],
                period_start=_opt_date(obj.get("from"), f"{p}.from"),
                period_end=_opt_date(obj.get("tom"), f"{p}.tom"),
                extent_percent=_opt_int(obj.get("omfattning"), f"{p}.omfattning"),
            )
        )
    return tuple(out)


# --- Adapters ------------------------------------------------------------------------------


class HttpSource:
    """Base adapter: POST the request to ``/ssbtek/v11/{code}``, check the envelope, parse."""

    code: ClassVar[Source]

    def __init__(self, client: RegisterClient) -> None:
        self.client = client

    @property
    def path(self) -> str:
        return f"/ssbtek/v11/{self.code.value.lower()}"

    def parse(self, svar: dict[str, Any]) -> SourceData:
        raise NotImplementedError

    def fetch(self, request: RegisterRequest) -> SourceResult:
        answer = post_and_parse(self.client, self.path, request, self.parse)
        return SourceResult(
            source=self.code,
            status=answer.status,
            data=answer.data,
            reason=answer.reason,
            detail=answer.detail,
            duration_ms=answer.duration_ms,
            attempts=answer.attempts,
        )


@dataclass(frozen=True)
class Answer(Generic[T]):
    """One register's answer as `post_and_parse` gives it."""

    status: Status
    data: T | None = None
    reason: str = ""  # a short code: http_500, invalid_shape, internal_error …
    detail: str = ""  # a sentence for the case worker; never personal data
    duration_ms: int = 0
    attempts: int = 1


def post_and_parse(
    client: RegisterClient,
    path: str,
    request: RegisterRequest,
    parse: Callable[[dict[str, Any]], T],
) -> Answer[T]:
    """POST the request to `path`, check the envelope (the same korrelationsid as asked) and
    parse the answer. Never raises: a transport failure, an answer of the wrong shape and a fault
    in the parser are each a failed answer with a reason code and a sentence."""
    started = time.monotonic()
    attempts = 1
    try:
        response = client.post(path, request.wire())
        attempts = response.attempts
        envelope = _obj(response.payload, "svar")
        if envelope.get("korrelationsid") != request.correlation_id:
            raise ShapeError("korrelationsid", "samma korrelationsid som i frågan")
        data = parse(_obj(envelope.get("svar"), "svar"))
    except TransportError as exc:
        return Answer(
            status=Status.TIMEOUT if exc.timeout else Status.FAILED,
            reason=exc.code,
            detail=exc.detail,
            duration_ms=monotonic_ms(started),
            attempts=exc.attempts,
        )
    except ShapeError as exc:
        return Answer(
            status=Status.FAILED,
            reason="invalid_shape",
            detail=f"svaret har fel form ({exc})",
            duration_ms=monotonic_ms(started),
            attempts=attempts,
        )
    except Exception as exc:
        return Answer(
            status=Status.FAILED,
            reason="internal_error",
            detail=f"oväntat fel i adaptern ({type(exc).__name__})",
            duration_ms=monotonic_ms(started),
            attempts=attempts,
        )
    return Answer(status=Status.OK, data=data, duration_ms=monotonic_ms(started), attempts=attempts)


class AfSource(HttpSource):
    code = Source.AF

    def parse(self, svar: dict[str, Any]) -> AfData:
        programme = svar.get("program")
        prog = _obj(programme, "program") if programme is not None else None
        return AfData(
            registered=_bool(svar.get("inskriven"), "inskriven"),
            registered_from=_opt_date(svar.get("inskriven_from"), "inskriven_from"),
            deregistered_from=_opt_date(svar.get("avregistrerad_from"), "avregistrerad_from"),
            category=_opt_str(svar.get("kategori"), "kategori"),
            programme=_str(prog.get("namn"), "program.namn") if prog else None,
            programme_start=_opt_date(prog.get("from"), "program.from") if prog else None,
            programme_end=_opt_date(prog.get("tom"), "program.tom") if prog else None,
            active_plan=_bool(svar.get("aktiv_handlingsplan"), "aktiv_handlingsplan"),
            latest_activity_report=_opt_date(
                svar.get("senaste_aktivitetsrapport"), "senaste_aktivitetsrapport"
            ),
            a_kassa_member=_bool(svar.get("a_kassa_medlem"), "a_kassa_medlem"),
        )


class CsnSource(HttpSource):
    code = Source.CSN

    def parse(self, svar: dict[str, Any]) -> CsnData:
        return CsnData(
            payments=_payments(
                svar.get("utbetalningar"), "utbetalningar", "stodform", lambda _: "student_aid"
            ),
            claims=_claims(svar.get("beslut"), "beslut", "stodform"),
            compulsory_school_level=_bool(svar.get("grundskoleniva"), "grundskoleniva"),
        )


class _BenefitSource(HttpSource):
    """A source that answers with payments and open claims per förmån (FK and PM): which
    income type each förmån is (else "other") and the answer's class."""

    incomes: ClassVar[dict[str, IncomeType]]
    answer: ClassVar[type[FkData] | type[PmData]]

    def parse(self, svar: dict[str, Any]) -> FkData | PmData:
        return self.answer(
            payments=_payments(
                svar.get("utbetalningar"),
                "utbetalningar",
                "forman",
                lambda name: self.incomes.get(name.lower(), "other"),
            ),
            claims=_claims(svar.get("arenden"), "arenden", "forman"),
        )


class FkSource(_BenefitSource):
    code = Source.FK
    incomes = FK_INCOME
    answer = FkData


class PmSource(_BenefitSource):
    code = Source.PM
    incomes = PM_INCOME
    answer = PmData


class SoSource(HttpSource):
    code = Source.SO

    def parse(self, svar: dict[str, Any]) -> SoData:
        return SoData(
            payments=_payments(
                svar.get("utbetalningar"),
                "utbetalningar",
                "ersattning",
                lambda _: "unemployment_benefit",
            ),
            entitled=_bool(svar.get("ratt_till_ersattning"), "ratt_till_ersattning"),
            period_days=_opt_int(svar.get("ersattningsperiod_dagar"), "ersattningsperiod_dagar"),
            days_used=_opt_int(svar.get("forbrukade_dagar"), "forbrukade_dagar"),
            suspended=_bool(svar.get("avstangd"), "avstangd"),
        )


class SkvSource(HttpSource):
    code = Source.SKV

    def parse(self, svar: dict[str, Any]) -> SkvData:
        salaries = []
        for i, item in enumerate(
            _list(svar.get("arbetsgivardeklarationer"), "arbetsgivardeklarationer")
        ):
            p = f"arbetsgivardeklarationer[{i}]"
            obj = _obj(item, p)
            gross = _money(obj.get("bruttolon"), f"{p}.bruttolon")
            tax = _money(obj.get("skatteavdrag"), f"{p}.skatteavdrag")
            net = _opt_money(obj.get("nettolon"), f"{p}.nettolon")
            salaries.append(
                Payment(
                    income_type="salary",
                    benefit="lön",
                    amount=net if net is not None else gross - tax,
                    payment_date=_date(obj.get("utbetalningsdatum"), f"{p}.utbetalningsdatum"),
                    gross_amount=gross,
                    preliminary_tax=tax,
                    payer=_str(obj.get("arbetsgivare"), f"{p}.arbetsgivare"),
                )
            )
        refunds = []
        for i, item in enumerate(_list(svar.get("skatteaterbaring"), "skatteaterbaring")):
            p = f"skatteaterbaring[{i}]"
            obj = _obj(item, p)
            refunds.append(
                Payment(
                    income_type="other",
                    benefit="skatteåterbäring",
                    amount=_money(obj.get("belopp"), f"{p}.belopp"),
                    payment_date=_date(obj.get("datum"), f"{p}.datum"),
                    payer="Skatteverket",
                )
            )
        capital = []
        for i, item in enumerate(_list(svar.get("kapitalinkomster"), "kapitalinkomster")):
            p = f"kapitalinkomster[{i}]"
            obj = _obj(item, p)
            capital.append(
                CapitalIncome(
                    year=_int(obj.get("inkomstar"), f"{p}.inkomstar"),
                    kind=_str(obj.get("slag"), f"{p}.slag"),
                    amount=_money(obj.get("belopp"), f"{p}.belopp"),
                )
            )
        return SkvData(
            salaries=tuple(salaries), tax_refunds=tuple(refunds), capital_income=tuple(capital)
        )


class TsSource(HttpSource):
    code = Source.TS

    def parse(self, svar: dict[str, Any]) -> TsData:
        vehicles = []
        for i, item in enumerate(_list(svar.get("fordon"), "fordon")):
            p = f"fordon[{i}]"
            obj = _obj(item, p)
            vehicles.append(
                Vehicle(
                    registration=_str(obj.get("registreringsnummer"), f"{p}.registreringsnummer"),
                    kind=_str(obj.get("fordonsslag"), f"{p}.fordonsslag"),
                    model_year=_int(obj.get("arsmodell"), f"{p}.arsmodell"),
                    value=_money(obj.get("vardering"), f"{p}.vardering"),
                    owner_since=_date(obj.get("agare_from"), f"{p}.agare_from"),
                )
            )
        return TsData(vehicles=tuple(vehicles))


class MivSource(HttpSource):
    code = Source.MIV

    def parse(self, svar: dict[str, Any]) -> MivData:
        return MivData(
            status=_str(svar.get("status"), "status"),
            valid_from=_opt_date(svar.get("giltig_from"), "giltig_from"),
            valid_to=_opt_date(svar.get("giltig_tom"), "giltig_tom"),
        )


ADAPTERS: dict[Source, type[HttpSource]] = {
    cls.code: cls
    for cls in (AfSource, CsnSource, FkSource, SkvSource, SoSource, PmSource, TsSource, MivSource)
}


def build_sources(client: RegisterClient) -> dict[Source, RegisterSource]:
    return {code: cast(RegisterSource, cls(client)) for code, cls in ADAPTERS.items()}
