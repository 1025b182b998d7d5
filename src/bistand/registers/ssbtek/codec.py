"""Build the ``hamtaBastjanstInformation`` envelope and read the answer into typed results.

:func:`request_envelope` writes what the contract requires: who asks (organisation number, name,
case worker or "automatiserad beslutsfunktion"), about whom, which period, for which case, why
(``syfte``) and by what right (``lagtext``), and which sources (``inkludera``). Pensions-
myndigheten has no block of its own: its data come in Försäkringskassan's LEFI answer, so asking
PM sets FK's ``inkludera`` and asks LEFI for PM's groups.

:func:`read_answer` checks the envelope against the compiled XSDs and maps each source's block;
a SOAP fault, a schema-invalid answer or a source's own ``error`` becomes a failed
:class:`SourceResult` with a short reason, never an exception.
"""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree

from ..adapters import FK_INCOME, PM_INCOME, ShapeError, _money
from ..types import (
    AfData,
    Claim,
    CsnData,
    FkData,
    MivData,
    Payment,
    PmData,
    RegisterRequest,
    SoData,
    Source,
    SourceData,
    SourceResult,
    Status,
    TsData,
    Vehicle,
)
from . import skv
from .contract import (
    AF_NS,
    CSN_NS,
    CSN_PERSON_NS,
    CSN_SM_NS,
    CSN_TYPES_NS,
    FORDON_NS,
    SO_NS,
    SOAP_NS,
    SSBT_NS,
    TNS_NS,
    csn_errors,
    parse,
    ssbt_errors,
)

__all__ = [
    "WIRE",
    "Answer",
    "SoapFaultError",
    "read_answer",
    "read_test_answer",
    "request_envelope",
    "test_envelope",
]

# Our source codes → the v11 block names (in the XSD's order). PM answers inside FK.
WIRE: dict[Source, str] = {
    Source.AF: "AF",
    Source.CSN: "CSN",
    Source.FK: "FK",
    Source.SKV: "SKV",
    Source.SO: "SO",
    Source.TS: "TNS",
    Source.MIV: "MIV",
}
BLOCKS = ("AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV")
FK_GROUPS = ("FK:AS", "FK:BOB", "FK:BTI", "FK:ET", "FK:SJP", "FK:US", "FK:SA", "FK:RBE")
PM_GROUPS = ("PM:AP", "PM:BTI", "PM:EF")


def _s(tag: str) -> str:
    return f"{{{SSBT_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _s(tag))
    if text is not None:
        element.text = text
    return element


def _envelope(body_child: ET.Element) -> bytes:
    envelope = ET.Element(f"{{{SOAP_NS}}}Envelope")
    ET.SubElement(envelope, f"{{{SOAP_NS}}}Header")
    ET.SubElement(envelope, f"{{{SOAP_NS}}}Body").append(body_child)
    return bytes(ET.tostring(envelope, encoding="utf-8", xml_declaration=True))


def lefi_question(request: RegisterRequest, *, fk: bool, pm: bool) -> dict[str, Any]:
    """``LefiExternFormansinformationFraga``: FK's groups and/or PM's claims and payments."""
    question: dict[str, Any] = {
        "personnummer": request.personidentitet.replace("-", ""),
        "period": {"from": request.period_start.isoformat(), "tom": request.period_end.isoformat()},
    }
    payments: list[str] = []
    if fk:
        question["formansinformation"] = [*FK_GROUPS, "FK:GP"]
        payments += FK_GROUPS
    if pm:
        question["ansprak"] = list(PM_GROUPS)
        question["beslut"] = list(PM_GROUPS)
        payments += PM_GROUPS
    question["utbetalningar"] = payments
    return question


def request_body(
    request: RegisterRequest, sources: Iterable[Source], *, aktorsid: str
) -> ET.Element:
    wanted = set(sources)
    root = ET.Element(_s("hamtaBastjanstInformation"))
    general = _sub(root, "generellaFrageparametrar")
    _sub(general, "korrelationsid", request.correlation_id)
    _sub(general, "fraganSkallInkluderasISvaret", "false")
    ingivare = _sub(general, "ingivare")
    _sub(ingivare, "organisationsnummer", request.organisation_number)
    _sub(ingivare, "namn", request.organisation)
    _sub(ingivare, "handlaggare", request.requested_by)
    _sub(general, "personidentitet", request.personidentitet.replace("-", ""))
    _sub(general, "arendeidentitet", request.case_reference)
    period = _sub(general, "tidsperiod")
    _sub(period, "fromDatum", request.period_start.isoformat())
    _sub(period, "tomDatum", request.period_end.isoformat())
    _sub(general, "syfte", request.purpose)
    _sub(general, "lagtext", request.legal_basis)

    specific = _sub(root, "specifikaFrageparametrar")
    fk_wanted, pm_wanted = Source.FK in wanted, Source.PM in wanted
    for block in BLOCKS:
        if block == "SKV":
            skv.question(specific, request, Source.SKV in wanted)
            continue
        if block == "FK":
            include = fk_wanted or pm_wanted
        else:
            include = any(WIRE.get(s) == block for s in wanted)
        element = _sub(specific, block)
        element.set("inkludera", "true" if include else "false")
        if block == "FK" and include:
            fraga = _sub(element, "fraga")
            _sub(fraga, "version", "v9")
            _sub(fraga, "aktorsid", aktorsid)
            lefi = json.dumps(lefi_question(request, fk=fk_wanted, pm=pm_wanted)).encode()
            _sub(fraga, "lefiJsonFraga", base64.b64encode(lefi).decode())
    return root


def request_envelope(
    request: RegisterRequest, sources: Iterable[Source], *, aktorsid: str
) -> bytes:
    """The SOAP 1.1 envelope of ``hamtaBastjanstInformation`` (UTF-8 bytes)."""
    return _envelope(request_body(request, sources, aktorsid=aktorsid))


def test_envelope() -> bytes:
    return _envelope(ET.Element(_s("testaBastjanstInformation")))


# --- Reading the answer ----------------------------------------------------------------------


class SoapFaultError(Exception):
    """The whole call failed: a SOAP fault (``BastjanstInformationFault`` when it has one)."""

    def __init__(self, felkod: str) -> None:
        super().__init__(felkod)
        self.felkod = felkod


class InvalidAnswerError(Exception):
    """Not XML, not a SOAP envelope, or not valid against the v11 XSDs; ``where`` is a path."""

    def __init__(self, reason: str, where: str) -> None:
        super().__init__(f"{reason}: {where}")
        self.reason = reason
        self.where = where


@dataclass(frozen=True)
class Answer:
    """One source's outcome before timing is added: data, or a failure reason and detail."""

    data: SourceData | None = None
    reason: str = ""
    detail: str = ""


def _body_child(payload: bytes) -> ET.Element:
    try:
        root = ET.fromstring(payload)  # noqa: S314 - stdlib expat: no external entities or DTDs fetched
    except ET.ParseError:
        raise InvalidAnswerError("invalid_xml", "svaret är inte XML") from None
    body = root.find(f"{{{SOAP_NS}}}Body")
    if root.tag != f"{{{SOAP_NS}}}Envelope" or body is None or len(body) != 1:
        raise InvalidAnswerError("invalid_envelope", "svaret är inget SOAP 1.1-kuvert")
    child = body[0]
    if child.tag == f"{{{SOAP_NS}}}Fault":
        fault = child.find(f"detail/{_s('hamtaBastjanstInformationFault')}")
        if fault is None:
            fault = child.find(f"detail/{_s('testaBastjanstInformationFault')}")
        felkod = fault.findtext(_s("felkod"), default="") if fault is not None else ""
        raise SoapFaultError(felkod or (child.findtext("faultcode") or "okänd"))
    return child


def _validate(payload: bytes) -> None:
    """The Body's answer element against the v11 XSDs (libxml2; docs/adr/0255). Called after
    :func:`_body_child` has read the same bytes as one SOAP envelope with one answer."""
    try:
        root = parse(payload)
    except etree.XMLSyntaxError:
        raise InvalidAnswerError("invalid_xml", "svaret är inte XML") from None
    body = root.find(f"{{{SOAP_NS}}}Body")
    if body is None or len(body) != 1:
        raise InvalidAnswerError("invalid_envelope", "svaret är inget SOAP 1.1-kuvert")
    for where in ssbt_errors(body[0]):
        # The path only: an error message can quote a value (a personnummer).
        raise InvalidAnswerError("invalid_schema", where)


def read_answer(
    payload: bytes, sources: Iterable[Source], correlation_id: str
) -> dict[Source, Answer]:
    """Map a ``hamtaBastjanstInformationResponse`` to one :class:`Answer` per source asked.

    Raises :class:`SoapFaultError` or :class:`InvalidAnswerError` when the whole answer is unusable;
    everything that concerns one source only stays with that source.
    """
    child = _body_child(payload)
    if child.tag != _s("hamtaBastjanstInformationResponse"):
        raise InvalidAnswerError("invalid_envelope", "fel svarselement")
    _validate(payload)
    echoed = child.findtext(_s("korrelationsid"))
    if echoed is not None and echoed != correlation_id:
        raise InvalidAnswerError("invalid_shape", "korrelationsid skiljer sig från frågans")
    data = child.find(_s("svarsdata"))
    assert data is not None  # required by the schema
    out: dict[Source, Answer] = {}
    for source in sources:
        out[source] = _source_answer(data, source)
    return out


def _error_answer(error: ET.Element) -> Answer:
    kalla = error.findtext(_s("kalla"), default="")
    felkod = error.findtext(_s("felkod"), default="")
    where = "samordningstjänsten (SSBT)" if kalla == "SSBT" else "källan"
    if kalla == "SSBT" and "TIMEOUT" in felkod.upper():
        return Answer(reason="timeout", detail="källan svarade inte inom SSBT:s tidsgräns")
    return Answer(
        reason="source_error" if kalla == "BT" else "ssbt_error",
        detail=f"fel från {where}, felkod {felkod}",
    )


def _source_answer(data: ET.Element, source: Source) -> Answer:
    block = data.find(_s("FK" if source == Source.PM else WIRE[source]))
    if block is None:
        return Answer(reason="no_answer", detail="källan finns inte med i svaret")
    try:
        if source == Source.SKV:
            return Answer(data=skv.answer(block))
        error = block.find(_s("error"))
        if error is not None:
            return _error_answer(error)
        content = block.find(_s("data"))
        assert content is not None  # choice data|error in the schema
        return Answer(data=MAPPERS[source](content))
    except skv.SkvPartError as exc:
        return Answer(
            reason="partial_answer",
            detail=f"Skatteverket svarade med fel för {exc.part} (felkod {exc.felkod})",
        )
    except ShapeError as exc:
        return Answer(reason="invalid_shape", detail=f"svaret har fel form ({exc})")
    except SourceRefusedError as exc:
        return Answer(reason="source_error", detail=str(exc))


# --- Per source --------------------------------------------------------------------------------


def _t(ns: str, *path: str) -> str:
    return "/".join(f"{{{ns}}}{p}" for p in path)


def _date_or_none(text: str | None) -> date | None:
    return date.fromisoformat(text.strip()) if text else None


def _af(content: ET.Element) -> AfData:
    svar = content.find(_t(AF_NS, "Svar"))
    assert svar is not None
    info = svar.find(_t(AF_NS, "ArbetssokandeInfo"))

    def text(*path: str) -> str | None:
        return info.findtext(_t(AF_NS, *path)) if info is not None else None

    registered = (text("Arbetssokande") or "false").strip() in {"true", "1"}
    latest = text("AktivetetsRapportDatum", "SenasteAktivitetsRapportDatum")
    beslut = svar.find(_t(AF_NS, "BeslutInfo", "EkonomiskaBeslut", "Beslut"))
    programme = beslut.findtext(_t(AF_NS, "ErsattningTyp")) if beslut is not None else None
    return AfData(
        registered=registered,
        registered_from=_date_or_none(text("ArbetssokandeRegistrerad")),
        deregistered_from=_date_or_none(text("ArbetssokandeAvaktualiserad")),
        category=(text("ArbetssokandeSKAT") or None) if registered else None,
        programme=programme,
        programme_start=_date_or_none(beslut.findtext(_t(AF_NS, "BeslutFrom")))
        if beslut is not None
        else None,
        programme_end=_date_or_none(beslut.findtext(_t(AF_NS, "BeslutTom")))
        if beslut is not None
        else None,
        # v11 has no action plan field: a registered person who reports activities is planning.
        active_plan=registered and _date_or_none(latest) is not None,
        latest_activity_report=_date_or_none(latest),
        a_kassa_member=bool((svar.findtext(_t(AF_NS, "Akassetillhorighet")) or "").strip()),
    )


def _csn_date(text: str | None, path: str) -> date:
    if not text or len(text) != 8:
        raise ShapeError(path, "datum ÅÅÅÅMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ShapeError(path, "datum ÅÅÅÅMMDD") from None


def _csn(content: ET.Element) -> CsnData:
    raw = content.findtext(_s("svar")) or ""
    try:
        xml = base64.b64decode(raw, validate=True)
        inner = ET.fromstring(xml)  # noqa: S314
        checked = parse(xml)
    except (ValueError, ET.ParseError, etree.XMLSyntaxError):
        raise ShapeError("CSN.svar", "base64-kodad CSN-XML") from None
    for where in csn_errors(checked):
        raise ShapeError(f"CSN.svar{where if where != '/' else ''}", "CSNSvar enligt CSN:s schema")
    code = inner.findtext(_t(CSN_NS, "GemensamtSvarEkbistand", "Resultat", "ResultatKod"))
    if code not in {"0", "00", "OK"}:
        raise SourceRefusedError(f"CSN svarade med resultatkod {code}")
    payments: list[Payment] = []
    claims: list[Claim] = []
    for arende in inner.iterfind(
        f"{_t(CSN_NS, 'Personer', 'Person')}/{_t(CSN_PERSON_NS, 'Studiemedel', 'Arenden')}"
        f"/{_t(CSN_PERSON_NS, 'Arende')}"
    ):
        status = arende.findtext(_t(CSN_SM_NS, "status"), default="").strip()
        granted = status in {"BESLUTAD", "BESLUTAT"}
        claims.append(
            Claim(
                benefit="studiemedel",
                status="granted" if granted else "applied",
            )
        )
        plan = _t(CSN_SM_NS, "UtbetalningsPlan", "Utbetalning")
        for i, utb in enumerate(arende.iterfind(plan)):
            path = f"CSN.Utbetalning[{i}]"
            when = _csn_date(utb.findtext(_t(CSN_TYPES_NS, "utbetdatum")), f"{path}.utbetdatum")
            for belopp in utb.iter(_t(CSN_TYPES_NS, "Belopp")):
                klartext = belopp.findtext(_t(CSN_TYPES_NS, "klartext"), default="").strip()
                amount = belopp.findtext(_t(CSN_TYPES_NS, "belopp"), default="")
                payments.append(
                    Payment(
                        income_type="student_aid",
                        benefit=klartext or "studiemedel",
                        amount=_money(amount, f"{path}.belopp"),
                        payment_date=when,
                    )
                )
    return CsnData(payments=tuple(payments), claims=tuple(claims), compulsory_school_level=False)


class SourceRefusedError(Exception):
    """The source answered, but says it has no answer: LEFI ``utlamnare`` not OK, a CSN result
    code other than OK, Transportstyrelsen's ``FEL``."""


def _lefi(content: ET.Element) -> dict[str, Any]:
    raw = content.findtext(_s("lefiJsonSvar")) or ""
    try:
        value = json.loads(base64.b64decode(raw, validate=True), parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise ShapeError("FK.lefiJsonSvar", "base64-kodad JSON") from None
    if not isinstance(value, dict):
        raise ShapeError("FK.lefiJsonSvar", "objekt")
    return value


def _lefi_state(lefi: dict[str, Any], agency: str) -> None:
    for item in lefi.get("utlamnare") or []:
        if not isinstance(item, dict):
            raise ShapeError("utlamnare", "objekt")
        if (item.get("utlamnare") or {}).get("kod") == agency:
            state = (item.get("tillstand") or {}).get("kod")
            if state != "OK":
                raise SourceRefusedError(f"LEFI: {agency} har tillståndet {state}")


def _summa(value: Any, path: str) -> Decimal:
    if not isinstance(value, dict):
        raise ShapeError(path, "belopp {summa, valuta}")
    return _money(value.get("summa"), f"{path}.summa")


def _fk(content: ET.Element) -> FkData:
    lefi = _lefi(content)
    _lefi_state(lefi, "FK")
    info = lefi.get("formansinformation") or {}
    if not isinstance(info, dict):
        raise ShapeError("formansinformation", "objekt")
    payments = []
    for i, item in enumerate(info.get("utbetalningsuppgift") or []):
        path = f"formansinformation.utbetalningsuppgift[{i}]"
        if not isinstance(item, dict):
            raise ShapeError(path, "objekt")
        family = item.get("formansfamilj") or {}
        benefit = str(family.get("beskrivning") or "").strip()
        if not benefit:
            raise ShapeError(f"{path}.formansfamilj.beskrivning", "text")
        when = item.get("datum")
        if not isinstance(when, str):
            raise ShapeError(f"{path}.datum", "datum ÅÅÅÅ-MM-DD")
        payments.append(
            Payment(
                income_type=FK_INCOME.get(benefit.lower(), "other"),
                benefit=benefit,
                amount=_summa(item.get("nettobelopp"), f"{path}.nettobelopp"),
                payment_date=date.fromisoformat(when[:10]),
                gross_amount=_summa(item["bruttobelopp"], f"{path}.bruttobelopp")
                if "bruttobelopp" in item
                else None,
                preliminary_tax=_summa(item["skattebelopp"], f"{path}.skattebelopp")
                if "skattebelopp" in item
                else None,
            )
        )
    claims = []
    for group, benefit in (("sjukpenningarende", "sjukpenning"),):
        for case in info.get(group) or []:
            if isinstance(case, dict) and case.get("aktivt"):
                claims.append(Claim(benefit=benefit, status="granted"))
    return FkData(payments=tuple(payments), claims=tuple(claims))


def _pm(content: ET.Element) -> PmData:
    lefi = _lefi(content)
    _lefi_state(lefi, "PM")
    payments = []
    for i, item in enumerate(lefi.get("utbetalningar") or []):
        path = f"utbetalningar[{i}]"
        if not isinstance(item, dict):
            raise ShapeError(path, "objekt")
        rows = item.get("utbetalningsrader") or []
        first = rows[0] if rows and isinstance(rows[0], dict) else {}
        benefit = str((first.get("utbetalningsforman") or {}).get("beskrivning") or "pension")
        payments.append(
            Payment(
                income_type=PM_INCOME.get(benefit.lower(), "pension"),
                benefit=benefit,
                amount=_money(item.get("nettobelopp"), f"{path}.nettobelopp"),
                payment_date=date.fromisoformat(str(item.get("utbetalningsdatum"))),
                gross_amount=_money(item.get("bruttobelopp"), f"{path}.bruttobelopp"),
            )
        )
    claims = []
    for item in lefi.get("beslut") or []:
        if not isinstance(item, dict):
            continue
        group = str((item.get("formansgrupp") or {}).get("beskrivning") or "pension")
        outcome = (item.get("beslutsutfall") or {}).get("kod")
        claims.append(Claim(benefit=group, status="granted" if outcome == "BIFALL" else "rejected"))
    return PmData(payments=tuple(payments), claims=tuple(claims))


def _so(content: ET.Element) -> SoData:
    payments = []
    entitled = suspended = False
    for fund in content.iterfind(
        _t(SO_NS, "ArbetsloshetsersattningLista", "Arbetsloshetsersattning")
    ):
        for utb in fund.iterfind(_t(SO_NS, "Utbetalningar")):
            payments.append(
                Payment(
                    income_type="unemployment_benefit",
                    benefit="arbetslöshetsersättning",
                    amount=_money(utb.findtext(_t(SO_NS, "NettoEfterSkatt")), "SO.NettoEfterSkatt"),
                    payment_date=date.fromisoformat(
                        utb.findtext(_t(SO_NS, "Utbetalningsdatum"), default="")
                    ),
                )
            )
        suspended = suspended or fund.find(_t(SO_NS, "Avstangningar")) is not None
        decided = fund.findtext(_t(SO_NS, "AnsoktOmErsattning", "BeslutOmRattTillErsattning"))
        entitled = entitled or bool(decided and decided.strip())
    return SoData(
        payments=tuple(payments),
        entitled=entitled,
        period_days=None,  # not in v11
        days_used=None,
        suspended=suspended,
    )


def _ts(content: ET.Element) -> TsData:
    if content.findtext(_t(TNS_NS, "resultat")) != "OK":
        felkod = content.findtext(_t(TNS_NS, "felresultat", "felkod"), default="")
        raise SourceRefusedError(f"Transportstyrelsen svarade FEL (felkod {felkod})")
    vehicles = []
    for fordon in content.iterfind(f"{_t(TNS_NS, 'fordonsinnehav')}/{_t(FORDON_NS, 'fordon')}"):
        year = fordon.findtext(_t(FORDON_NS, "fordonsar"), default="")
        if not year.strip().isdigit():
            raise ShapeError("TNS.fordon.fordonsar", "årtal")
        vehicles.append(
            Vehicle(
                registration=fordon.findtext(_t(FORDON_NS, "regnr"), default=""),
                kind=fordon.findtext(_t(FORDON_NS, "fordonsslag"), default=""),
                model_year=int(year),
                value=None,  # v11 carries no valuation
                owner_since=None,
            )
        )
    return TsData(vehicles=tuple(vehicles))


MIV_STATUS = {
    "PERMANENT": "permanent uppehållstillstånd",
    "TIDBEGRANSAT": "tidsbegränsat uppehållstillstånd",
}


def _miv(content: ET.Element) -> MivData:
    response = content.find("response")  # unqualified in MIV's schema
    svar = None
    if response is not None:
        svar = response.find("svarCollection/svar")
    if svar is None:
        return MivData(status="ingen uppgift", valid_from=None, valid_to=None)
    validity = svar.findtext("giltighetstid", default="")
    return MivData(
        status=MIV_STATUS.get(validity, svar.findtext("arendeTypNamn") or "okänd"),
        valid_from=_date_or_none(svar.findtext("fromDatum")),
        valid_to=_date_or_none(svar.findtext("tomDatum")),
    )


MAPPERS: dict[Source, Callable[[ET.Element], SourceData]] = {
    Source.AF: _af,
    Source.CSN: _csn,
    Source.FK: _fk,
    Source.PM: _pm,
    Source.SO: _so,
    Source.TS: _ts,
    Source.MIV: _miv,
}


def read_test_answer(payload: bytes) -> dict[str, str]:
    """``testaBastjanstInformation``: block → "ok", "ej anropad" or "fel <felkod>"."""
    child = _body_child(payload)
    if child.tag != _s("testaBastjanstInformationResponse"):
        raise InvalidAnswerError("invalid_envelope", "fel svarselement")
    _validate(payload)
    out: dict[str, str] = {}
    for block in BLOCKS:
        element = child.find(_s(block))
        if element is None:
            continue
        error = element.find(_s("error"))
        if error is not None:
            out[block] = f"fel {error.findtext(_s('felkod'), default='')}"
        elif element.findtext(_s("anropad")) in {"true", "1"}:
            out[block] = "ok"
        else:
            out[block] = "ej anropad"
    return out


def to_result(source: Source, answer: Answer, *, duration_ms: int, attempts: int) -> SourceResult:
    if answer.data is not None:
        return SourceResult(
            source=source,
            status=Status.OK,
            data=answer.data,
            duration_ms=duration_ms,
            attempts=attempts,
        )
    return SourceResult(
        source=source,
        status=Status.TIMEOUT if answer.reason == "timeout" else Status.FAILED,
        reason=answer.reason,
        detail=answer.detail,
        duration_ms=duration_ms,
        attempts=attempts,
    )
