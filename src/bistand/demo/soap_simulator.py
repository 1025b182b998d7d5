"""The register simulator's SSBTEK v11 endpoint: the same WSDL and SOAP as production.

``POST /ssbtek/v11/BastjanstInformation`` answers ``hamtaBastjanstInformation`` and
``testaBastjanstInformation``; ``GET …?wsdl`` serves the WSDL. The answers are the synthetic
household data of :func:`bistand.demo.simulator.source_answer`, written in each agency's
published form (AF XML, CSN XML in base64, LEFI JSON in base64 for FK and PM, Skatteverket's
reconstructed parts, a-kassornas XML, Transportstyrelsen's and Migrationsverket's XML), so the
production client reads exactly what SSBTEK sends.

Scenarios per person and source (set over ``/_control/scenario``) become SSBTEK behaviour:
``error`` is the source's own ``error`` block (``*``: a SOAP fault for the whole call),
``fault`` a SOAP fault, ``partial`` one Skatteverket part (or PM inside LEFI) with an error,
``timeout``/``slow`` a late answer, ``garbage`` not XML (``invalid_json``), an answer that breaks
the XSD (``wrong_shape``) or a broken payload inside one source (``wrong_types``).
"""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bistand.registers.ssbtek.codec import BLOCKS, WIRE
from bistand.registers.ssbtek.contract import (
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
    WSDL_PATH,
)

__all__ = ["SoapQuestion", "fault_envelope", "parse_question", "response_envelope", "test_response"]


def _s(tag: str) -> str:
    return f"{{{SSBT_NS}}}{tag}"


def _el(parent: ET.Element, ns: str | None, tag: str, text: Any = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}" if ns else tag)
    if text is not None:
        element.text = str(text)
    return element


class SoapQuestion:
    """What the simulator needs from a ``hamtaBastjanstInformation`` request."""

    def __init__(self, root: ET.Element) -> None:
        general = root.find(_s("generellaFrageparametrar"))
        if general is None:
            raise ValueError("generellaFrageparametrar saknas")
        self.general = general
        self.personidentitet = general.findtext(_s("personidentitet"), default="")
        self.correlation_id = general.findtext(_s("korrelationsid"))
        self.case_reference = general.findtext(_s("arendeidentitet"), default="")
        self.purpose = general.findtext(_s("syfte"), default="")
        self.legal_basis = general.findtext(_s("lagtext"), default="")
        self.handlaggare = general.findtext(_s("ingivare/") + _s("handlaggare"), default="")
        self.orgnr = general.findtext(_s("ingivare/") + _s("organisationsnummer"), default="")
        self.orgname = general.findtext(_s("ingivare/") + _s("namn"), default="")
        self.start = date.fromisoformat(
            general.findtext(_s("tidsperiod/") + _s("fromDatum"), default="")
        )
        self.end = date.fromisoformat(
            general.findtext(_s("tidsperiod/") + _s("tomDatum"), default="")
        )
        specific = root.find(_s("specifikaFrageparametrar"))
        self.blocks = {
            block
            for block in BLOCKS
            if specific is not None
            and (e := specific.find(_s(block))) is not None
            and e.get("inkludera") == "true"
        }
        self.lefi: dict[str, Any] = {}
        raw = root.findtext(
            f"{_s('specifikaFrageparametrar')}/{_s('FK')}/{_s('fraga')}/{_s('lefiJsonFraga')}"
        )
        if raw:
            self.lefi = json.loads(base64.b64decode(raw))

    @property
    def sources(self) -> list[str]:
        """Our source codes asked for (PM when LEFI asks for PM's groups)."""
        out = [s.value for s, block in WIRE.items() if block in self.blocks]
        if "FK" in self.blocks and not self.lefi.get("formansinformation"):
            out.remove("FK")
        if "FK" in self.blocks and self.lefi.get("beslut"):
            out.append("PM")
        return out


def parse_question(payload: bytes) -> tuple[str, ET.Element]:
    """(operation, body element) of a SOAP request."""
    root = ET.fromstring(payload)  # noqa: S314 - our own test client's request
    body = root.find(f"{{{SOAP_NS}}}Body")
    if body is None or len(body) != 1:
        raise ValueError("inget SOAP-kuvert")
    child = body[0]
    return child.tag.rsplit("}", 1)[-1], child


def _envelope(child: ET.Element) -> bytes:
    env = ET.Element(f"{{{SOAP_NS}}}Envelope")
    ET.SubElement(env, f"{{{SOAP_NS}}}Body").append(child)
    return bytes(ET.tostring(env, encoding="utf-8", xml_declaration=True))


def fault_envelope(
    felkod: str, message: str, operation: str = "hamtaBastjanstInformation"
) -> bytes:
    fault = ET.Element(f"{{{SOAP_NS}}}Fault")
    _el(fault, None, "faultcode", "soap:Server")
    _el(fault, None, "faultstring", message)
    detail = _el(fault, None, "detail")
    info = _el(detail, SSBT_NS, f"{operation}Fault")
    _el(info, SSBT_NS, "felkod", felkod)
    _el(info, SSBT_NS, "felmeddelande", message)
    return _envelope(fault)


def wsdl() -> bytes:
    return WSDL_PATH.read_bytes()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _error(parent: ET.Element, kalla: str, felkod: str, message: str) -> None:
    error = _el(parent, SSBT_NS, "error")
    _el(error, SSBT_NS, "kalla", kalla)
    _el(error, SSBT_NS, "felkod", felkod)
    _el(error, SSBT_NS, "felmeddelande", message)


def _krona(amount: Any) -> int:
    return int(Decimal(str(amount)).to_integral_value())


def _number(amount: Any) -> float:
    # LEFI's summa is a JSON number; two-decimal amounts round-trip exactly through repr.
    return float(Decimal(str(amount)))


# --- One writer per agency: (parent data element, the JSON answer, the question) ------------


def _af(data: ET.Element, answer: dict[str, Any], q: SoapQuestion) -> None:
    fraga = _el(data, AF_NS, "Fraga")
    for tag, value in (
        ("OrganisationsnummerForIngivare", q.orgnr),
        ("NamnPaIngivare", q.orgname),
        ("KontonamnForHandlaggare", q.handlaggare),
        ("Referensnummer", q.case_reference),
        ("From", q.start.isoformat()),
        ("Tom", q.end.isoformat()),
        ("SyfteMedFraga", q.purpose),
        ("LagParagraf", q.legal_basis),
        ("IdentitetsbeteckningFysiskPerson", q.personidentitet),
    ):
        _el(fraga, AF_NS, tag, value)
    svar = _el(data, AF_NS, "Svar")
    _el(svar, AF_NS, "Schemaversion", "2")
    _el(svar, AF_NS, "Referensnummer", q.case_reference)
    _el(svar, AF_NS, "LagParagraf", q.legal_basis)
    _el(svar, AF_NS, "IdentitetsbeteckningFysiskPerson", q.personidentitet)
    info = _el(svar, AF_NS, "ArbetssokandeInfo")
    registered = bool(answer["inskriven"])
    _el(info, AF_NS, "Arbetssokande", "true" if registered else "false")
    if answer.get("kategori"):
        _el(info, AF_NS, "ArbetssokandeSKAT", answer["kategori"])
    if answer.get("inskriven_from"):
        _el(info, AF_NS, "ArbetssokandeRegistrerad", answer["inskriven_from"])
    if answer.get("avregistrerad_from"):
        _el(info, AF_NS, "ArbetssokandeAvaktualiserad", answer["avregistrerad_from"])
    report = _el(info, AF_NS, "AktivetetsRapportDatum")
    # v11 has no action plan: an active plan shows as a recent activity report.
    if registered and answer.get("aktiv_handlingsplan") and answer.get("senaste_aktivitetsrapport"):
        _el(report, AF_NS, "AktivitetsRapportMeddelande", "Aktivitetsrapport inkommen")
        _el(report, AF_NS, "SenasteAktivitetsRapportDatum", answer["senaste_aktivitetsrapport"])
    else:
        _el(report, AF_NS, "AktivitetsRapportMeddelande", "Ingen aktivitetsrapport")
    programme = answer.get("program")
    if programme:
        beslut = _el(
            _el(_el(svar, AF_NS, "BeslutInfo"), AF_NS, "EkonomiskaBeslut"), AF_NS, "Beslut"
        )
        _el(beslut, AF_NS, "ErsattningTyp", programme["namn"])
        _el(beslut, AF_NS, "Omfattning", 100)
        _el(beslut, AF_NS, "BeslutFrom", programme["from"])
        _el(beslut, AF_NS, "BeslutTom", programme.get("tom") or q.end.isoformat())
    if answer.get("a_kassa_medlem"):
        _el(svar, AF_NS, "Akassetillhorighet", "Syntetiska a-kassan")
    _el(svar, AF_NS, "StatusSokandeinformationKod", 0)
    _el(svar, AF_NS, "StatusSokandeinformationKodText", "OK")


def _csn_xml(answer: dict[str, Any], q: SoapQuestion) -> bytes:
    root = ET.Element(f"{{{CSN_NS}}}CSNSvar", {"schemaVersion": "4.0"})
    result = _el(_el(root, CSN_NS, "GemensamtSvarEkbistand"), CSN_NS, "Resultat")
    _el(result, CSN_NS, "ResultatKod", "0")
    _el(result, CSN_NS, "ResultatText", "OK")
    _el(root, CSN_NS, "GemensamtFragaEkbistand")
    # CSN's pattern admits no synthetic personnummer (month + 20): a placeholder stands here.
    person = _el(_el(root, CSN_NS, "Personer"), CSN_NS, "Person")
    person.set("personnummer", "0000000000")
    kinds = _el(person, CSN_PERSON_NS, "Studiestodstypforteckning")
    for tag in (
        "studiemedel",
        "studiehjalp",
        "hemutrustningslan",
        "studiestartsstod",
        "omstallningsstudiestod",
    ):
        _el(kinds, CSN_TYPES_NS, tag, "J" if tag == "studiemedel" and answer["beslut"] else "N")
    studiemedel = _el(person, CSN_PERSON_NS, "Studiemedel")
    if answer["beslut"]:
        arende = _el(_el(studiemedel, CSN_PERSON_NS, "Arenden"), CSN_PERSON_NS, "Arende")
        arende.set("lopnummer", "1")
        _el(arende, CSN_SM_NS, "stodform", "SM")
        _el(arende, CSN_SM_NS, "klartext", "Studiemedel")
        _el(arende, CSN_SM_NS, "status", "BESLUTAD")
        _el(arende, CSN_SM_NS, "soktaTider")
        _el(arende, CSN_SM_NS, "BeviljadeTider")
        plan = _el(arende, CSN_SM_NS, "UtbetalningsPlan")
        by_date: dict[str, list[dict[str, Any]]] = {}
        for item in answer["utbetalningar"]:
            by_date.setdefault(item["utbetalningsdatum"], []).append(item)
        for when, items in sorted(by_date.items()):
            utb = _el(plan, CSN_SM_NS, "Utbetalning")
            _el(utb, CSN_TYPES_NS, "utbetdatum", when.replace("-", ""))
            _el(utb, CSN_TYPES_NS, "utbetstatus", "Utbetald")
            tid = _el(_el(utb, CSN_TYPES_NS, "Utbetaldatider"), CSN_TYPES_NS, "Utbetaldtid")
            amounts = _el(tid, CSN_TYPES_NS, "Beloppen")
            total = 0
            for item in items:
                belopp = _el(amounts, CSN_TYPES_NS, "Belopp")
                _el(
                    belopp, CSN_TYPES_NS, "beloppstyp", "B" if "bidrag" in item["stodform"] else "L"
                )
                _el(belopp, CSN_TYPES_NS, "klartext", item["stodform"])
                _el(belopp, CSN_TYPES_NS, "belopp", _krona(item["belopp"]))
                _el(belopp, CSN_TYPES_NS, "totbelopp", _krona(item["belopp"]))
                total += _krona(item["belopp"])
            _el(tid, CSN_TYPES_NS, "totbelopp", total)
            _el(utb, CSN_TYPES_NS, "totbelopp", total)
    for tag in ("Studiehjalp", "HemutrustningsLan", "Studiestartsstod", "Omstallningsstudiestod"):
        _el(person, CSN_PERSON_NS, tag)
    return bytes(ET.tostring(root, encoding="utf-8"))


def _csn(data: ET.Element, answer: dict[str, Any], q: SoapQuestion) -> None:
    _el(data, SSBT_NS, "svar", _b64(_csn_xml(answer, q)))


def _lefi(fk: dict[str, Any] | None, pm: dict[str, Any] | None, pm_state: str = "OK") -> bytes:
    lefi: dict[str, Any] = {"utlamnare": []}
    if fk is not None:
        lefi["utlamnare"].append({"utlamnare": {"kod": "FK"}, "tillstand": {"kod": "OK"}})
        payments = []
        for item in fk["utbetalningar"]:
            entry: dict[str, Any] = {
                "datum": item["utbetalningsdatum"],
                "formansfamilj": {"id": item["forman"][:3].upper(), "beskrivning": item["forman"]},
                "nettobelopp": {"summa": _number(item["belopp"]), "valuta": "SEK"},
            }
            if item.get("bruttobelopp"):
                entry["bruttobelopp"] = {"summa": _number(item["bruttobelopp"]), "valuta": "SEK"}
                entry["skattebelopp"] = {"summa": _number(item["skatteavdrag"]), "valuta": "SEK"}
            payments.append(entry)
        info: dict[str, Any] = {"utbetalningsuppgift": payments}
        if any(c["forman"] == "sjukpenning" for c in fk["arenden"]):
            info["sjukpenningarende"] = [{"aktivt": True}]
        lefi["formansinformation"] = info
    if pm is not None:
        lefi["utlamnare"].append({"utlamnare": {"kod": "PM"}, "tillstand": {"kod": pm_state}})
        lefi["utbetalningar"] = [
            {
                "utbetalningsdatum": item["utbetalningsdatum"],
                "bruttobelopp": _krona(item.get("bruttobelopp") or item["belopp"]),
                "nettobelopp": _krona(item["belopp"]),
                "utbetalningsrader": [
                    {
                        "utbetalningsforman": {"kod": "PM:AL", "beskrivning": item["forman"]},
                        "belopp": _krona(item["belopp"]),
                    }
                ],
            }
            for item in pm["utbetalningar"]
        ]
        lefi["beslut"] = [
            {
                "formansgrupp": {"kod": "PM:AP", "beskrivning": c["forman"]},
                "beslutsutfall": {"kod": "BIFALL", "beskrivning": "Bifall"},
            }
            for c in pm["arenden"]
        ]
    return json.dumps(lefi, ensure_ascii=False).encode()


def _skv(
    block: ET.Element, answer: dict[str, Any], broken_part: str | None, *, garbled: bool = False
) -> None:
    parts = {
        "individuppgifter": {"arbetsgivardeklarationer": answer["arbetsgivardeklarationer"]},
        "skattekonto": {"skatteaterbaring": answer["skatteaterbaring"]},
        "skatteuppgifter": {"kapitalinkomster": answer["kapitalinkomster"]},
    }
    for part, content in parts.items():
        element = _el(block, SSBT_NS, part)
        if part == broken_part:
            _error(element, "BT", "404", "Uppgifterna kunde inte hämtas")
        elif garbled and part == "individuppgifter":
            _el(element, SSBT_NS, "data", _b64(b"{inte json"))
        else:
            _el(element, SSBT_NS, "data", _b64(json.dumps(content, ensure_ascii=False).encode()))


def _so(data: ET.Element, answer: dict[str, Any], q: SoapQuestion) -> None:
    for tag, value in (
        ("OrganisationsnummerIngivare", q.orgnr),
        ("NamnIngivare", q.orgname),
        ("KontonamnHandlaggare", q.handlaggare),
        ("Referensnummer", q.case_reference),
        ("From", q.start.isoformat()),
        ("Tom", q.end.isoformat()),
        ("Syfte", q.purpose),
        ("Paragraf", q.legal_basis),
        ("IdentificationNumber", q.personidentitet),
    ):
        _el(data, SO_NS, tag, value)
    lista = _el(data, SO_NS, "ArbetsloshetsersattningLista")
    if not answer["utbetalningar"] and not answer["ratt_till_ersattning"]:
        return
    fund = _el(lista, SO_NS, "Arbetsloshetsersattning")
    _el(fund, SO_NS, "SvarandeOrganisation", "Syntetiska a-kassan")
    _el(fund, SO_NS, "StatusSvarandeOrganisation", "OK")
    for item in answer["utbetalningar"]:
        utb = _el(fund, SO_NS, "Utbetalningar")
        _el(utb, SO_NS, "Utbetalningsdatum", item["utbetalningsdatum"])
        _el(utb, SO_NS, "NettoEfterSkatt", item["belopp"])
        _el(utb, SO_NS, "NettoEfterAvdrag", item["belopp"])
        _el(utb, SO_NS, "Ersattningsdagar", 22)
        _el(utb, SO_NS, "AvserFrom", q.start.isoformat())
        _el(utb, SO_NS, "AvserTom", q.end.isoformat())
    if answer["ratt_till_ersattning"]:
        applied = _el(fund, SO_NS, "AnsoktOmErsattning")
        _el(applied, SO_NS, "BeslutOmRattTillErsattning", q.start.isoformat())
        _el(applied, SO_NS, "AnsokanOmUtbetalningInlamnad", "true")


def _ts(data: ET.Element, answer: dict[str, Any], q: SoapQuestion) -> None:
    _el(data, TNS_NS, "resultat", "OK")
    holding = _el(data, TNS_NS, "fordonsinnehav")
    for vehicle in answer["fordon"]:
        fordon = _el(holding, FORDON_NS, "fordon")
        _el(fordon, FORDON_NS, "regnr", vehicle["registreringsnummer"])
        _el(fordon, FORDON_NS, "fabrikat", "Syntetisk")
        _el(fordon, FORDON_NS, "fordonsar", vehicle["arsmodell"])
        _el(fordon, FORDON_NS, "fordonsslag", vehicle["fordonsslag"])
        _el(fordon, FORDON_NS, "handelsbeteckning", "Modell S")


def _miv(data: ET.Element, answer: dict[str, Any], q: SoapQuestion) -> None:
    # Migrationsverket's schema has unqualified local elements.
    response = _el(data, None, "response")
    _el(response, None, "correlationid", q.correlation_id or "-")
    if answer["status"] == "ingen uppgift":
        return
    svar = _el(_el(response, None, "svarCollection"), None, "svar")
    _el(svar, None, "arendeTypNamn", "Uppehållstillstånd")
    if answer.get("giltig_from"):
        _el(svar, None, "fromDatum", answer["giltig_from"])
    permanent = answer["status"].startswith("permanent")
    _el(svar, None, "giltighetstid", "PERMANENT" if permanent else "TIDBEGRANSAT")
    if answer.get("giltig_tom"):
        _el(svar, None, "tomDatum", answer["giltig_tom"])


WRITERS: dict[str, Callable[[ET.Element, dict[str, Any], SoapQuestion], None]] = {
    "AF": _af,
    "CSN": _csn,
    "SO": _so,
    "TNS": _ts,
    "MIV": _miv,
}


def response_envelope(
    q: SoapQuestion,
    answers: dict[str, dict[str, Any]],
    scenarios: dict[str, dict[str, Any]],
) -> bytes:
    """The ``hamtaBastjanstInformationResponse`` for the JSON ``answers`` per our source code,
    with the scenarios per source (name → params) written in."""
    root = ET.Element(_s("hamtaBastjanstInformationResponse"))
    if q.correlation_id is not None:
        _el(root, SSBT_NS, "korrelationsid", q.correlation_id)
    svarsdata = _el(root, SSBT_NS, "svarsdata")
    if any(s.get("garbage", {}).get("variant") == "wrong_shape" for s in scenarios.values()):
        _el(svarsdata, SSBT_NS, "inteEttSvar", "x")  # breaks the XSD
    for block in BLOCKS:
        if block not in q.blocks:
            continue
        element = _el(svarsdata, SSBT_NS, block)
        codes = ["FK", "PM"] if block == "FK" else [s.value for s, b in WIRE.items() if b == block]
        found: dict[str, Any] = {}
        for code in codes:
            found.update(scenarios.get(code, {}))
        if "timeout" in found:
            _error(element, "SSBT", "TIMEOUT", "Bastjänsten svarade inte inom tidsgränsen")
            continue
        if "error" in found and block != "SKV":
            _error(element, "BT", str(found["error"].get("status", 503)), "Tjänsten svarar inte")
            continue
        if block == "SKV":
            if "error" in found:
                _error(
                    element, "BT", str(found["error"].get("status", 503)), "Tjänsten svarar inte"
                )
            else:
                broken = "skattekonto" if "partial" in found else None
                garbled_skv = found.get("garbage", {}).get("variant") == "wrong_types"
                _skv(element, answers["SKV"], broken, garbled=garbled_skv)
            continue
        data = _el(element, SSBT_NS, "data")
        garbled = found.get("garbage", {}).get("variant") == "wrong_types"
        if block == "FK":
            if garbled:
                _el(data, SSBT_NS, "lefiJsonSvar", _b64(b"{inte json"))
                continue
            lefi = _lefi(
                answers.get("FK"),
                answers.get("PM"),
                pm_state="OTILLGANGLIG" if "partial" in scenarios.get("PM", {}) else "OK",
            )
            _el(data, SSBT_NS, "lefiJsonSvar", _b64(lefi))
            continue
        if garbled:
            if block == "CSN":
                _el(data, SSBT_NS, "svar", _b64(b"<CSNSvar>inte enligt schemat"))
            else:
                _el(data, SSBT_NS, "okand", "fel typ")  # breaks the XSD
            continue
        code = codes[0]
        WRITERS[block](data, answers[code], q)
    return _envelope(root)


def test_response(failing: set[str]) -> bytes:
    root = ET.Element(_s("testaBastjanstInformationResponse"))
    for block in BLOCKS:
        element = _el(root, SSBT_NS, block)
        _el(element, SSBT_NS, "anropad", "true")
        if block in failing:
            _error(element, "BT", "503", "Tjänsten svarar inte")
    return _envelope(root)
