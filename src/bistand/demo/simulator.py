"""A local SSBTEK simulator: JSON over HTTP, one endpoint per source, synthetic data only.

Runs as a separate process (``bistand register_simulator --port 8765``) or, in tests, in a
thread (:func:`start_simulator`). Plain Python: a WSGI app served by ``wsgiref`` with one thread
per request, no Django.

Endpoints::

    GET    /health                      → {"status": "ok", "sources": [...]}
    POST   /ssbtek/v11/{source}         → the source's answer (AF, CSN, FK, SKV, SO, PM, TS, MIV)
    POST   /navet/v1/personpost         → folkbokföring (SPAR/Navet shape): name, address, household
    POST   /_control/scenario           {"personnummer", "source": "FK" | "*", "scenario", "params"}
    GET    /_control/scenario           → the scenarios in force
    DELETE /_control/scenario           {} resets everything, {"personnummer"} one person
    GET    /_control/requests           → requests received per personnummer and source

Data are deterministic: seeded from the personnummer (and source and month), so the same person
always gets the same answers. Only synthetic personnummer (month + 20) are answered; any other
number gets 403 unless the simulator was started with ``allow_real=True``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import ssl
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from socketserver import ThreadingMixIn
from typing import Any, Literal
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bistand.synthetic import names
from bistand.synthetic import personnummer as pnr_mod

from . import soap_simulator

__all__ = [
    "SCENARIOS",
    "SOURCES",
    "RunningSimulator",
    "Scenario",
    "ServerTls",
    "SimulatorState",
    "make_app",
    "start_simulator",
]

logger = logging.getLogger("bistand.demo.simulator")

SOURCES = ("AF", "CSN", "FK", "SKV", "SO", "PM", "TS", "MIV")
SCENARIOS: dict[str, str] = {
    # scenario → the source it applies to when none is given ("*" = every source)
    "income_mismatch": "SKV",
    "not_registered_af": "AF",
    "no_active_plan": "AF",
    "sickness": "FK",
    "timeout": "*",
    "error": "*",
    "garbage": "*",
    "slow": "*",
    "fault": "*",  # SOAP: the whole call fails with a fault
    "partial": "SKV",  # SOAP: one Skatteverket part (or PM inside LEFI) answers with an error
    # Folkbokföring (NAVET): sekretessmarkering / skyddad folkbokföring, or given name/address.
    "protected_identity": "NAVET",
    "folkbokforing": "NAVET",
}
NAVET = "NAVET"
NAVET_PATH = "/navet/v1/personpost"
GARBAGE_VARIANTS = ("invalid_json", "wrong_shape", "wrong_types")
CENT = Decimal("0.01")

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Scenario:
    personnummer: str
    source: str  # one of SOURCES or "*"
    scenario: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "personnummer": self.personnummer,
            "source": self.source,
            "scenario": self.scenario,
            "params": self.params,
        }


class ScenarioError(ValueError):
    pass


class SimulatorState:
    """Scenarios in force and request counters; shared by the request threads."""

    def __init__(
        self, *, allow_real: bool = False, latency: tuple[float, float] | None = None
    ) -> None:
        self.allow_real = allow_real
        # Every register call (a SOAP call or one JSON source) answers after a random delay in
        # [min, max] seconds, as slow SSBTEK sources may (`register_simulator --latency`).
        self.latency = latency
        self._latency_rng = random.Random(0)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._scenarios: dict[tuple[str, str], dict[str, Scenario]] = {}
        self._requests: dict[tuple[str, str], int] = {}

    # Scenarios -------------------------------------------------------------------------------
    def parse_scenario(self, body: Any) -> Scenario:
        if not isinstance(body, dict):
            raise ScenarioError("body must be a JSON object")
        name = body.get("scenario")
        if name not in SCENARIOS:
            raise ScenarioError(f"unknown scenario; known: {', '.join(SCENARIOS)}")
        source = str(body.get("source") or SCENARIOS[name]).upper()
        if source != "*" and source not in (*SOURCES, NAVET):
            raise ScenarioError(f"unknown source; known: {', '.join(SOURCES)} or *")
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise ScenarioError("params must be a JSON object")
        if name == "garbage" and params.get("variant", "invalid_json") not in GARBAGE_VARIANTS:
            raise ScenarioError(f"unknown garbage variant; known: {', '.join(GARBAGE_VARIANTS)}")
        if name == "error" and int(params.get("status", 500)) not in range(500, 600):
            raise ScenarioError("error status must be 5xx")
        return Scenario(self.subject(body.get("personnummer")), source, name, params)

    def subject(self, raw: Any) -> str:
        """Normalise a personnummer; refuse real ones unless allowed (PermissionError)."""
        if not isinstance(raw, str) or not pnr_mod.is_valid(raw):
            raise ScenarioError("personnummer is missing or invalid")
        if not self.allow_real and not pnr_mod.is_synthetic(raw):
            raise PermissionError("only synthetic personnummer (month + 20) are answered")
        return pnr_mod.parse(raw)

    def add(self, scenario: Scenario) -> None:
        with self._lock:
            key = (scenario.personnummer, scenario.source)
            self._scenarios.setdefault(key, {})[scenario.scenario] = scenario

    def reset(self, personnummer: str | None = None) -> None:
        with self._lock:
            if personnummer is None:
                self._scenarios.clear()
                self._requests.clear()
                return
            for store in (self._scenarios, self._requests):
                for key in [k for k in store if k[0] == personnummer]:
                    del store[key]

    def scenarios_for(self, personnummer: str, source: str) -> dict[str, Scenario]:
        with self._lock:
            found = dict(self._scenarios.get((personnummer, "*"), {}))
            found.update(self._scenarios.get((personnummer, source), {}))
            return found

    def all_scenarios(self) -> list[Scenario]:
        with self._lock:
            return [s for group in self._scenarios.values() for s in group.values()]

    def wait_latency(self) -> None:
        if self.latency is None:
            return
        with self._lock:
            delay = self._latency_rng.uniform(*self.latency)
        self.stopping.wait(delay)

    # Counters --------------------------------------------------------------------------------
    def count(self, personnummer: str, source: str) -> None:
        with self._lock:
            key = (personnummer, source)
            self._requests[key] = self._requests.get(key, 0) + 1

    def request_counts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {"personnummer": p, "source": s, "count": n}
                for (p, s), n in sorted(self._requests.items())
            ]


# --- Synthetic data ------------------------------------------------------------------------


def _rng(*parts: object) -> random.Random:
    seed = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


def _money(value: float | Decimal) -> str:
    return str(Decimal(str(value)).quantize(CENT))


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _paid(start: date, end: date, day: int) -> Iterator[date]:
    """The payment dates on ``day`` of each month in [start, end]."""
    for year, month in _months(start, end):
        when = date(year, month, min(day, 28))
        if start <= when <= end:
            yield when


@dataclass(frozen=True)
class Profile:
    """Who a synthetic person is, drawn once from the personnummer."""

    age: int
    children: int
    works: bool
    salary_gross: Decimal
    af_registered: bool
    af_since: date
    student: bool
    sick: bool
    housing_allowance: bool
    maintenance_support: bool
    unemployment_fund: bool
    cars: int
    migration: str

    @classmethod
    def of(cls, subject: str, today: date) -> Profile:
        r = _rng("profile", subject)
        born = pnr_mod.birth_date(subject)
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        pension_age = age >= 66
        children = 0 if age < 20 or age > 60 else r.choice((0, 0, 0, 1, 1, 2, 3))
        return cls(
            age=age,
            children=children,
            works=not pension_age and r.random() < 0.3,
            salary_gross=Decimal(r.randrange(4000, 16000, 50)),
            af_registered=not pension_age and r.random() < 0.85,
            af_since=today - timedelta(days=r.randrange(30, 900)),
            student=age < 35 and r.random() < 0.12,
            sick=not pension_age and r.random() < 0.1,
            housing_allowance=children > 0 and r.random() < 0.5,
            maintenance_support=children > 0 and r.random() < 0.4,
            unemployment_fund=not pension_age and r.random() < 0.25,
            cars=r.choice((0, 0, 0, 1, 1, 2)),
            migration=r.choice(
                ("ingen uppgift",) * 7
                + ("permanent uppehållstillstånd", "tidsbegränsat uppehållstillstånd")
            ),
        )


def _extra_payment(scenarios: dict[str, Scenario], key: str, day: int, start: date) -> Any:
    """(amount, date) of the undeclared income in an income_mismatch scenario, or None."""
    found = scenarios.get("income_mismatch")
    if found is None:
        return None
    amount = Decimal(str(found.params.get("amount", "4321.00"))).quantize(CENT)
    return amount, start.replace(day=min(day, 28))


def _paid_out(key: str, name: str, when: date, gross: Decimal, tax: Decimal) -> dict[str, Any]:
    """One payment of a benefit with tax withheld: net, gross and tax (`key` names the benefit
    field: "forman", "ersattning")."""
    return {
        key: name,
        "belopp": _money(gross - tax),
        "bruttobelopp": _money(gross),
        "skatteavdrag": _money(tax),
        "utbetalningsdatum": when.isoformat(),
    }


def _paid_net(key: str, name: str, amount: Decimal | str, when: date) -> dict[str, Any]:
    """One payment of a benefit as paid out, without tax."""
    return {
        key: name,
        "belopp": amount if isinstance(amount, str) else _money(amount),
        "utbetalningsdatum": when.isoformat(),
    }


def _undeclared(
    pay: list[dict[str, Any]], asked: Asked, source: str, day: int, key: str, name: str
) -> None:
    """In an income_mismatch scenario: the payment the applicant did not declare."""
    extra = _extra_payment(asked.scenarios, source, day, asked.start)
    if extra:
        pay.append(_paid_net(key, name, extra[0], extra[1]))


@dataclass(frozen=True)
class Asked:
    """One question to one source: who (and their drawn profile), which period, which scenarios
    are in force, and the source's own random stream (seeded, so answers are repeatable)."""

    profile: Profile
    rng: random.Random
    start: date
    end: date
    scenarios: dict[str, Scenario]
    today: date


def _af_answer(asked: Asked) -> dict[str, Any]:
    """Arbetsförmedlingen: registration, category, programme, activity report, a-kassa."""
    p = asked.profile
    r = asked.rng
    start = asked.start
    scenarios = asked.scenarios
    registered = p.af_registered and "not_registered_af" not in scenarios
    category = None
    if registered:
        category = r.choice(("öppet arbetslös", "öppet arbetslös", "program med aktivitetsstöd"))
        if p.sick or "sickness" in scenarios:
            category = "förhinder (sjukdom)"
    programme = None
    if registered and category == "program med aktivitetsstöd":
        programme = {
            "namn": "Jobb- och utvecklingsgarantin",
            "from": (p.af_since + timedelta(days=90)).isoformat(),
            "tom": None,
        }
    return {
        "inskriven": registered,
        "inskriven_from": p.af_since.isoformat() if registered else None,
        "avregistrerad_from": None if registered or not p.af_registered else start.isoformat(),
        "kategori": category,
        "program": programme,
        "aktiv_handlingsplan": registered and "no_active_plan" not in scenarios,
        "senaste_aktivitetsrapport": (
            (start - timedelta(days=r.randrange(3, 20))).isoformat() if registered else None
        ),
        "a_kassa_medlem": p.unemployment_fund,
    }


def _fk_answer(asked: Asked) -> dict[str, Any]:
    """Försäkringskassan: child, housing and maintenance support, sickness and activity support."""
    p = asked.profile
    r = asked.rng
    start = asked.start
    end = asked.end
    scenarios = asked.scenarios
    pay: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []

    def fk(benefit: str, amount: Decimal, day: int, tax: Decimal = Decimal(0)) -> None:
        for when in _paid(start, end, day):
            pay.append(_paid_out("forman", benefit, when, amount, tax))
        cases.append(
            {
                "forman": benefit,
                "status": "beviljad",
                "from": start.isoformat(),
                "tom": end.isoformat(),
                "omfattning": 100,
            }
        )

    if p.children:
        fk("barnbidrag", Decimal(1250 * p.children), 20)
        if p.children >= 2:
            fk("flerbarnstillägg", Decimal((150, 730, 1740)[min(p.children, 4) - 2]), 20)
    if p.housing_allowance:
        fk("bostadsbidrag", Decimal(r.randrange(800, 3200, 100)), 25)
    if p.maintenance_support:
        fk("underhållsstöd", Decimal(1673 * p.children), 25)
    if p.sick or "sickness" in scenarios:
        gross = Decimal(r.randrange(6000, 14000, 10))
        fk("sjukpenning", gross, 18, (gross * Decimal("0.3")).quantize(Decimal(1)))
    if p.af_registered and not p.unemployment_fund and r.random() < 0.3:
        gross = Decimal(r.randrange(4000, 9000, 10))
        fk("aktivitetsstöd", gross, 25, (gross * Decimal("0.3")).quantize(Decimal(1)))
    _undeclared(pay, asked, "FK", 18, "forman", "sjukpenning")
    return {"utbetalningar": pay, "arenden": cases}


def _pm_answer(asked: Asked) -> dict[str, Any]:
    """Pensionsmyndigheten: guarantee pension from 66."""
    p = asked.profile
    r = asked.rng
    start = asked.start
    end = asked.end
    pay = []
    if p.age >= 66:
        for when in _paid(start, end, 19):
            gross = Decimal(r.randrange(9000, 14000, 10))
            tax = (gross * Decimal("0.2")).quantize(Decimal(1))
            pay.append(_paid_out("forman", "garantipension", when, gross, tax))
    _undeclared(pay, asked, "PM", 19, "forman", "ålderspension")
    cases = [{"forman": "garantipension", "status": "beviljad", "from": None, "tom": None}]
    return {"utbetalningar": pay, "arenden": cases if p.age >= 66 else []}


def _csn_answer(asked: Asked) -> dict[str, Any]:
    """CSN: studiemedel (grant and loan) for students."""
    p = asked.profile
    start = asked.start
    end = asked.end
    pay = []
    decisions: list[dict[str, Any]] = []
    if p.student:
        for when in _paid(start, end, 25):
            pay.append(_paid_net("stodform", "studiemedel (bidrag)", "3500.00", when))
            pay.append(_paid_net("stodform", "studiemedel (lån)", "8204.00", when))
        decisions.append(
            {
                "stodform": "studiemedel",
                "status": "beviljad",
                "from": start.isoformat(),
                "tom": end.isoformat(),
                "omfattning": 100,
            }
        )
    _undeclared(pay, asked, "CSN", 25, "stodform", "studiemedel (bidrag)")
    return {"utbetalningar": pay, "beslut": decisions, "grundskoleniva": False}


def _so_answer(asked: Asked) -> dict[str, Any]:
    """a-kassan: income-related unemployment benefit for members."""
    p = asked.profile
    r = asked.rng
    start = asked.start
    end = asked.end
    pay = []
    if p.unemployment_fund and p.af_registered:
        for when in _paid(start, end, 12):
            gross = Decimal(r.randrange(8000, 20000, 10))
            tax = (gross * Decimal("0.3")).quantize(Decimal(1))
            pay.append(_paid_out("ersattning", "inkomstrelaterad ersättning", when, gross, tax))
    _undeclared(pay, asked, "SO", 12, "ersattning", "grundersättning")
    entitled = p.unemployment_fund and p.af_registered
    return {
        "utbetalningar": pay,
        "ratt_till_ersattning": entitled,
        "ersattningsperiod_dagar": 300 if entitled else None,
        "forbrukade_dagar": r.randrange(0, 300) if entitled else None,
        "avstangd": False,
    }


def _skv_answer(asked: Asked) -> dict[str, Any]:
    """Skatteverket: salaries (AGI), tax refund in April, capital income."""
    p = asked.profile
    r = asked.rng
    start = asked.start
    end = asked.end
    scenarios = asked.scenarios
    agi: list[dict[str, Any]] = []

    def salary(employer: str, gross: Decimal, when: date) -> None:
        tax = (gross * Decimal("0.3")).quantize(Decimal(1))
        agi.append(
            {
                "arbetsgivare": employer,
                "redovisningsperiod": f"{when.year:04d}-{when.month:02d}",
                "bruttolon": _money(gross),
                "skatteavdrag": _money(tax),
                "utbetalningsdatum": when.isoformat(),
            }
        )

    if p.works:
        for when in _paid(start, end, 25):
            salary("Syntetiska Städ AB", p.salary_gross, when)
    extra = _extra_payment(scenarios, "SKV", 25, start)
    if extra:
        # The undeclared salary: net amount as given, gross so that 30 % tax leaves it.
        gross = (extra[0] / Decimal("0.7")).quantize(Decimal(1))
        tax = (gross * Decimal("0.3")).quantize(Decimal(1))
        agi.append(
            {
                "arbetsgivare": "Syntetiska Bemanning AB",
                "redovisningsperiod": f"{extra[1].year:04d}-{extra[1].month:02d}",
                "bruttolon": _money(gross),
                "skatteavdrag": _money(tax),
                "nettolon": _money(extra[0]),
                "utbetalningsdatum": extra[1].isoformat(),
            }
        )
    refunds = []
    refund_day = date(start.year, 4, 10)
    if start <= refund_day <= end and r.random() < 0.4:
        refunds.append({"belopp": _money(r.randrange(200, 6000)), "datum": refund_day.isoformat()})
    capital = []
    if r.random() < 0.3:
        capital.append(
            {
                "inkomstar": start.year - 1,
                "slag": "ränteinkomst",
                "belopp": _money(r.randrange(5, 900)),
            }
        )
    return {
        "arbetsgivardeklarationer": agi,
        "skatteaterbaring": refunds,
        "kapitalinkomster": capital,
    }


def _ts_answer(asked: Asked) -> dict[str, Any]:
    """Transportstyrelsen: the vehicles the person owns."""
    p = asked.profile
    r = asked.rng
    today = asked.today
    vehicles = []
    for i in range(p.cars):
        letters = "".join(r.choice("ABCDEFGHJKLMNPRSTUWXYZ") for _ in range(3))
        vehicles.append(
            {
                "registreringsnummer": f"{letters}{r.randrange(10, 99)}{r.choice('ABCDE')}",
                "fordonsslag": "personbil" if i == 0 else r.choice(("personbil", "MC")),
                "arsmodell": r.randrange(2002, today.year),
                "vardering": _money(r.randrange(8000, 140000, 500)),
                "agare_from": (today - timedelta(days=r.randrange(60, 3000))).isoformat(),
            }
        )
    return {"fordon": vehicles}


def _miv_answer(asked: Asked) -> dict[str, Any]:
    """Migrationsverket: residence permit, if any."""
    p = asked.profile
    r = asked.rng
    today = asked.today
    if p.migration == "ingen uppgift":
        return {"status": "ingen uppgift", "giltig_from": None, "giltig_tom": None}
    since = today - timedelta(days=r.randrange(100, 2000))
    until = None if p.migration.startswith("permanent") else since + timedelta(days=2 * 365 + 400)
    return {
        "status": p.migration,
        "giltig_from": since.isoformat(),
        "giltig_tom": until.isoformat() if until else None,
    }


ANSWERS: dict[str, Callable[[Asked], dict[str, Any]]] = {
    "AF": _af_answer,
    "FK": _fk_answer,
    "PM": _pm_answer,
    "CSN": _csn_answer,
    "SO": _so_answer,
    "SKV": _skv_answer,
    "TS": _ts_answer,
    "MIV": _miv_answer,
}


def source_answer(
    source: str,
    subject: str,
    start: date,
    end: date,
    scenarios: dict[str, Scenario],
    today: date,
) -> dict[str, Any]:
    """The JSON answer of one source for one person and period (wire format, Swedish keys):
    one named step per source (:data:`ANSWERS`)."""
    asked = Asked(
        profile=Profile.of(subject, today),
        rng=_rng(source, subject, start.isoformat(), end.isoformat()),
        start=start,
        end=end,
        scenarios=scenarios,
        today=today,
    )
    return ANSWERS[source](asked)


# --- Folkbokföring (SPAR/Navet shape; docs/adr/0150) -----------------------------------------

STREETS = (
    "Exempelgatan", "Storgatan", "Skolvägen", "Björkvägen", "Kyrkogatan", "Ängsvägen",
    "Hamngatan", "Parkvägen", "Solvägen", "Tallstigen", "Industrigatan", "Lärkvägen",
)  # fmt: skip
CITY = "EXEMPELSTAD"


def _sex(subject: str) -> str:
    return "M" if int(subject.replace("-", "")[-2]) % 2 else "F"


def _spar_name(rng: random.Random, sex: str, surname: str | None = None) -> dict[str, Any]:
    first = names.first_name(rng, sex)
    second = names.first_name(rng, sex) if rng.random() < 0.4 else ""
    return {
        "Fornamn": f"{first} {second}".strip() if second and second != first else first,
        "Tilltalsnamn": first if second and second != first else None,
        "Mellannamn": None,
        "Efternamn": surname or names.surname(rng),
    }


def folkbokforing_answer(
    subject: str, scenarios: dict[str, Scenario], today: date
) -> dict[str, Any]:
    """One person's folkbokföring answer: deterministic from the personnummer. With
    ``protected_identity`` the answer is what SPAR gives for a protected person: the identity and
    the flags, nothing else. ``folkbokforing`` params override the name and address (fornamn,
    efternamn, utdelningsadress, postnr, postort, care_of)."""
    digits = subject.replace("-", "")
    protected = scenarios.get("protected_identity")
    if protected is not None:
        skyddad = bool(protected.params.get("skyddad_folkbokforing", False))
        return {
            "PersonId": {"IdNummer": digits, "Typ": "PERSONNUMMER"},
            "Sekretessmarkering": "N" if skyddad else "J",
            "SkyddadFolkbokforing": "J" if skyddad else "N",
        }
    r = _rng("folkbokforing", subject)
    profile = Profile.of(subject, today)
    name = _spar_name(r, _sex(subject))
    number = r.randrange(1, 60)
    flat = r.randrange(1001, 1304)
    address: dict[str, Any] = {
        "CareOf": None,
        "Utdelningsadress1": None,
        "Utdelningsadress2": f"{r.choice(STREETS)} {number} lgh {flat}",
        "PostNr": f"{r.randrange(100, 999)}{r.randrange(10, 99)}",
        "Postort": CITY,
    }
    given = scenarios.get("folkbokforing")
    if given is not None:
        p = given.params
        name.update(
            {
                "Fornamn": p.get("fornamn", name["Fornamn"]),
                "Efternamn": p.get("efternamn", name["Efternamn"]),
            }
        )
        if "fornamn" in p:
            name["Tilltalsnamn"] = None
        address.update(
            {
                "CareOf": p.get("care_of", address["CareOf"]),
                "Utdelningsadress2": p.get("utdelningsadress", address["Utdelningsadress2"]),
                "PostNr": p.get("postnr", address["PostNr"]),
                "Postort": p.get("postort", address["Postort"]),
            }
        )
    household = []
    born = pnr_mod.birth_date(subject)
    for i in range(profile.children):
        child_born = date(min(today.year - 1, born.year + 22 + 3 * i), 1 + (i * 5) % 12, 10 + i)
        child_sex: Literal["F", "M"] = "F" if r.random() < 0.5 else "M"
        household.append(
            {
                "PersonId": {
                    "IdNummer": pnr_mod.generate(r, child_born, child_sex).replace("-", ""),
                    "Typ": "PERSONNUMMER",
                },
                "Namn": _spar_name(r, child_sex, name["Efternamn"]),
                "Relation": "barn",
            }
        )
    return {
        "PersonId": {"IdNummer": digits, "Typ": "PERSONNUMMER"},
        "Sekretessmarkering": "N",
        "SkyddadFolkbokforing": "N",
        "Namn": name,
        "Folkbokforingsadress": {"SvenskAdress": address},
        "Folkbokforing": {
            "FolkbokfordLanKod": "99",
            "FolkbokfordKommunKod": "99",
            "DatumFrom": (today - timedelta(days=r.randrange(60, 3000))).isoformat(),
        },
        "Hushall": household,
    }


# --- WSGI app ------------------------------------------------------------------------------

_STATUS = {
    200: "200 OK",
    201: "201 Created",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    500: "500 Internal Server Error",
    502: "502 Bad Gateway",
    503: "503 Service Unavailable",
    504: "504 Gateway Timeout",
}


def _respond(
    start_response: StartResponse, status: int, body: Any, raw: bytes | None = None
) -> list[bytes]:
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
    start_response(
        _STATUS.get(status, f"{status} Error"),
        [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]


def _read_json(environ: dict[str, Any]) -> Any:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw:
        return {}
    return json.loads(raw)


def _error(message: str, source: str = "SSBT") -> dict[str, Any]:
    """An SSBTEK-style error: felkalla SSBT (the composite service) or BT (a base service)."""
    return {"fel": {"felkalla": source, "meddelande": message}}


def make_app(
    state: SimulatorState, *, today: Callable[[], date] = date.today
) -> Callable[..., Any]:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        try:
            soap = path == SOAP_PATH
            body = _read_json(environ) if method in {"POST", "DELETE"} and not soap else {}
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _respond(start_response, 400, _error("invalid JSON"))
        try:
            if path == "/health":
                return _respond(start_response, 200, {"status": "ok", "sources": list(SOURCES)})
            if path == "/_control/scenario":
                if method == "POST":
                    scenario = state.parse_scenario(body)
                    state.add(scenario)
                    return _respond(start_response, 201, scenario.to_json())
                if method == "DELETE":
                    raw = body.get("personnummer") if isinstance(body, dict) else None
                    state.reset(state.subject(raw) if raw else None)
                    return _respond(start_response, 200, {"reset": True})
                if method == "GET":
                    listed = [s.to_json() for s in state.all_scenarios()]
                    return _respond(start_response, 200, {"scenarios": listed})
                return _respond(start_response, 405, _error("method not allowed"))
            if path == "/_control/requests" and method == "GET":
                return _respond(start_response, 200, {"requests": state.request_counts()})
            if path == SOAP_PATH:
                if method == "GET":
                    return _respond_xml(start_response, 200, soap_simulator.wsdl())
                if method != "POST":
                    return _respond(start_response, 405, _error("method not allowed"))
                return _soap(state, environ, start_response, today())
            if path == NAVET_PATH:
                if method != "POST":
                    return _respond(start_response, 405, _error("method not allowed"))
                return _answer(state, NAVET, body, start_response, today())
            prefix = "/ssbtek/v11/"
            if path.startswith(prefix):
                source = path[len(prefix) :].strip("/").upper()
                if source not in SOURCES:
                    return _respond(start_response, 404, _error("unknown source"))
                if method != "POST":
                    return _respond(start_response, 405, _error("method not allowed"))
                return _answer(state, source, body, start_response, today())
            return _respond(start_response, 404, _error("not found"))
        except PermissionError as exc:
            return _respond(start_response, 403, _error(str(exc)))
        except (ScenarioError, ValueError, TypeError) as exc:
            return _respond(start_response, 400, _error(str(exc)))

    return app


_REQUIRED = ("arendeidentitet", "syfte", "lagtext", "korrelationsid")
SOAP_PATH = "/ssbtek/v11/BastjanstInformation"


def _respond_xml(start_response: StartResponse, status: int, data: bytes) -> list[bytes]:
    start_response(
        _STATUS.get(status, f"{status} Error"),
        [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]


def _read_raw(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length else b""


def _soap(
    state: SimulatorState, environ: dict[str, Any], start_response: StartResponse, today: date
) -> Iterable[bytes]:
    """SSBTEK v11 over SOAP: the same synthetic answers as the JSON endpoints."""
    try:
        operation, element = soap_simulator.parse_question(_read_raw(environ))
    except (ValueError, SyntaxError):
        fault = soap_simulator.fault_envelope("SSBT-400", "Frågan är inte ett SOAP-kuvert")
        return _respond_xml(start_response, 500, fault)
    if operation == "testaBastjanstInformation":
        return _respond_xml(start_response, 200, soap_simulator.test_response(set()))
    if operation != "hamtaBastjanstInformation":
        fault = soap_simulator.fault_envelope("SSBT-404", "Okänd operation")
        return _respond_xml(start_response, 500, fault)
    try:
        question = soap_simulator.SoapQuestion(element)
        subject = state.subject(question.personidentitet)
    except PermissionError as exc:
        return _respond_xml(
            start_response, 500, soap_simulator.fault_envelope("SSBT-403", str(exc))
        )
    except (ValueError, ScenarioError):
        fault = soap_simulator.fault_envelope("SSBT-400", "Frågan saknar obligatoriska uppgifter")
        return _respond_xml(start_response, 500, fault)
    if not (question.purpose.strip() and question.legal_basis.strip() and question.handlaggare):
        # No answer without purpose, legal basis and who asks (SoL 15 kap. 10–12 §§).
        fault = soap_simulator.fault_envelope("SSBT-400", "syfte, lagtext och handläggare krävs")
        return _respond_xml(start_response, 500, fault)
    sources = question.sources
    scenarios: dict[str, dict[str, Any]] = {}
    for source in sources:
        state.count(subject, source)
        scenarios[source] = {
            name: s.params for name, s in state.scenarios_for(subject, source).items()
        }
    every = set.intersection(*(set(v) for v in scenarios.values())) if scenarios else set()
    # A source that times out alone is SSBT's own timeout (an error block with kalla SSBT); when
    # every source asked times out, the whole call is late and the client's timeout fires.
    late = {"slow": 1.0, "timeout": 120.0} if "timeout" in every else {"slow": 1.0}
    delay = max(
        (
            float(v[name].get("seconds", default))
            for v in scenarios.values()
            for name, default in late.items()
            if name in v
        ),
        default=0.0,
    )
    if delay:
        # A late source makes the whole composite answer late; ends early only when stopping.
        state.stopping.wait(delay)
    state.wait_latency()
    # A fault is the whole call failing, whichever source it was set for.
    if any("fault" in v for v in scenarios.values()) or ("error" in every and len(sources) > 1):
        fault = soap_simulator.fault_envelope("SSBT-503", "Sammansatt bastjänst inte tillgänglig")
        return _respond_xml(start_response, 500, fault)
    if any(
        v.get("garbage", {}).get("variant", "invalid_json") == "invalid_json"
        for v in scenarios.values()
        if "garbage" in v
    ):
        return _respond_xml(start_response, 200, b"<html>502 Bad Gateway</html")
    answers = {
        source: source_answer(
            source,
            subject,
            question.start,
            question.end,
            state.scenarios_for(subject, source),
            today,
        )
        for source in sources
    }
    body = soap_simulator.response_envelope(question, answers, scenarios)
    return _respond_xml(start_response, 200, body)


def _answer(
    state: SimulatorState,
    source: str,
    body: Any,
    start_response: StartResponse,
    today: date,
) -> Iterable[bytes]:
    if not isinstance(body, dict):
        raise ScenarioError("body must be a JSON object")
    subject = state.subject(body.get("personidentitet"))
    missing = [k for k in _REQUIRED if not str(body.get(k) or "").strip()]
    ingivare = body.get("ingivare")
    if not isinstance(ingivare, dict) or not str(ingivare.get("handlaggare") or "").strip():
        missing.append("ingivare.handlaggare")
    if missing:
        # No answer without purpose and legal basis (SoL 15 kap. 10–12 §§).
        raise ScenarioError(f"missing fields: {', '.join(missing)}")
    period = body.get("tidsperiod")
    if not isinstance(period, dict):
        raise ScenarioError("tidsperiod must be an object with from and tom")
    start, end = date.fromisoformat(period["from"]), date.fromisoformat(period["tom"])
    if end < start:
        raise ScenarioError("tidsperiod: tom is before from")

    state.count(subject, source)
    scenarios = state.scenarios_for(subject, source)
    state.wait_latency()
    if "slow" in scenarios:
        state.stopping.wait(float(scenarios["slow"].params.get("seconds", 1.0)))
    if "timeout" in scenarios:
        # Far longer than any client timeout; ends early only when the simulator stops.
        state.stopping.wait(float(scenarios["timeout"].params.get("seconds", 120.0)))
    if "error" in scenarios:
        status = int(scenarios["error"].params.get("status", 500))
        return _respond(start_response, status, _error("tjänsten är inte tillgänglig", "BT"))
    if "garbage" in scenarios:
        variant = scenarios["garbage"].params.get("variant", "invalid_json")
        if variant == "invalid_json":
            return _respond(start_response, 200, None, raw=b'{"svar": [1, 2, <html>')
        if variant == "wrong_shape":
            return _respond(start_response, 200, {"kalla": source, "svar": ["inte", "ett", "svar"]})
        broken = {"kalla": source, "korrelationsid": body["korrelationsid"], "svar": {}}
        answer = (
            folkbokforing_answer(subject, scenarios, today)
            if source == NAVET
            else source_answer(source, subject, start, end, scenarios, today)
        )
        broken["svar"] = {k: {"fel": "typ"} for k in answer} or {"x": 1}
        return _respond(start_response, 200, broken)

    if source == NAVET:
        answer = folkbokforing_answer(subject, scenarios, today)
    else:
        answer = source_answer(source, subject, start, end, scenarios, today)
    return _respond(
        start_response,
        200,
        {"kalla": source, "korrelationsid": body["korrelationsid"], "svar": answer},
    )


# --- Server --------------------------------------------------------------------------------


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog (5) refuses connections when a batch worker asks
    # about many people at once; a real service accepts far more. 256 was still too few for a
    # month-start surge (2 worker processes x 8 threads asking at once): the dropped connections
    # timed out and sent routine cases to the queue as register_late. The kernel caps it at
    # net.core.somaxconn (4096 on current Linux).
    request_queue_size = 4096

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A refused TLS handshake (no or a wrong client certificate) lands here: one log line.
        logger.info("simulator: connection closed (%s)", type(sys.exc_info()[1]).__name__)


class _QuietHandler(WSGIRequestHandler):
    """Logs method, path (never a query string or body) and status, to our logger."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0]
        logger.info("%s %s %s", self.command, path, code)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("simulator: " + format, *args)


@dataclass(frozen=True)
class ServerTls:
    """The simulator's server certificate and key, and the CA whose client certificates it
    accepts (PEM paths). With it the simulator speaks HTTPS and refuses any client without a
    certificate from that CA, as SSBTEK does."""

    cert: str
    key: str
    client_ca: str

    def context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.cert, self.key)
        context.load_verify_locations(self.client_ca)
        context.verify_mode = ssl.CERT_REQUIRED
        return context


@dataclass
class RunningSimulator:
    server: _ThreadingWSGIServer
    state: SimulatorState
    thread: threading.Thread | None = None
    tls: bool = False

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"{'https' if self.tls else 'http'}://{shown}:{port}"

    @property
    def soap_url(self) -> str:
        return self.url + SOAP_PATH

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        self.state.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)


def start_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    scenarios: list[dict[str, Any]] | None = None,
    allow_real: bool = False,
    background: bool = True,
    tls: ServerTls | None = None,
    state: SimulatorState | None = None,
    latency: tuple[float, float] | None = None,
) -> RunningSimulator:
    """Bind the simulator (``port=0``: a free port) and serve it in a thread if ``background``;
    with ``tls``, over HTTPS with client certificates required."""
    # A given state is shared with another listener (the demo's HTTPS port beside HTTP).
    state = state if state is not None else SimulatorState(allow_real=allow_real, latency=latency)
    for item in scenarios or []:
        state.add(state.parse_scenario(item))
    server = make_server(
        host, port, make_app(state), server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    assert isinstance(server, _ThreadingWSGIServer)
    if tls is not None:
        # The handshake runs in the request thread, so a bad client never blocks accept().
        server.socket = tls.context().wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    running = RunningSimulator(server=server, state=state, tls=tls is not None)
    if background:
        running.thread = threading.Thread(
            target=running.serve_forever, name="register-simulator", daemon=True
        )
        running.thread.start()
    return running


# --- Finding simulated people for demos and tests ----------------------------------------------

INCOME_SOURCES = ("AF", "CSN", "FK", "SKV", "SO", "PM")


def simulated_snapshot_incomes(
    subject: str, start: date, end: date, today: date
) -> tuple[bool, bool, dict[str, Decimal]]:
    """(registered at AF, active plan, income per rules-engine type) that the simulator will
    report for a person and period when no scenario is set: what a routine application declares."""
    from bistand.registers.adapters import ADAPTERS
    from bistand.registers.types import Source, _payments

    registered = plan = False
    totals: dict[str, Decimal] = {}
    for source in INCOME_SOURCES:
        answer = source_answer(source, subject, start, end, {}, today)
        adapter = ADAPTERS[Source(source)]
        data = adapter.__new__(adapter).parse(answer)
        if source == "AF":
            registered = bool(getattr(data, "registered", False))
            plan = bool(getattr(data, "active_plan", False))
        for payment in _payments(data):
            if start <= payment.payment_date <= end:
                totals[payment.income_type] = (
                    totals.get(payment.income_type, Decimal(0)) + payment.amount
                )
    return registered, plan, totals


def routine_personnummer(
    rng: random.Random,
    *,
    start: date,
    end: date,
    today: date,
    born_years: tuple[int, int] = (1970, 1999),
) -> str:
    """A synthetic person whom the simulator shows as a routine recurring case for the period:
    registered at Arbetsförmedlingen with an active plan, not sick, no children, and no income
    in any register, born in `born_years` (first inclusive, last exclusive). Deterministic for a
    seeded `rng`."""
    for _ in range(10_000):
        born = date(rng.randrange(*born_years), rng.randrange(1, 13), rng.randrange(1, 29))
        subject = pnr_mod.generate(rng, born)
        profile = Profile.of(subject, today)
        if profile.children or profile.sick or not profile.af_registered or profile.cars:
            continue
        registered, plan, totals = simulated_snapshot_incomes(subject, start, end, today)
        if registered and plan and not totals:
            return subject
    raise RuntimeError("no routine person found in 10 000 tries")
