"""SSBTEK v11 over SOAP against the simulator: what is asked, what comes back, and every way the
answer can fail becomes a recorded source result (the case goes to a person), never an error."""

from __future__ import annotations

import base64
import json
import random
import uuid
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from bistand.registers.models import RegisterFetch
from bistand.registers.services import register_fetch
from bistand.registers.ssbtek import codec
from bistand.registers.ssbtek.contract import SSBT_NS, ssbt_schema
from bistand.registers.ssbtek.transport import SoapConfig, SoapTransport, TlsFiles
from bistand.registers.types import (
    ALL_SOURCES,
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    GROUND_CONSENT,
    RegisterRequest,
    RegisterSnapshot,
    Source,
    Status,
)
from bistand.synthetic.personnummer import generate, parse

from .conftest import PERIOD, scenario

pytestmark = pytest.mark.django_db

CASE = "EB-2026-000077"
PURPOSE = "Prövning av ansökan om ekonomiskt bistånd"


@pytest.fixture
def soap_settings(settings: Any, simulator: Any) -> Any:
    settings.REGISTERS_TRANSPORT = "soap"
    settings.REGISTERS_BASE_URL = simulator.url
    settings.REGISTERS_SOAP_URL = ""
    settings.REGISTERS_CONNECT_TIMEOUT = 1.0
    settings.REGISTERS_READ_TIMEOUT = 2.0
    return settings


def fetch(pnr: str, **kwargs: Any) -> RegisterSnapshot:
    args: dict[str, Any] = {
        "personnummer": pnr,
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "case_reference": CASE,
        "requested_by": AUTOMATED_DECISION_FUNCTION,
        "purpose": PURPOSE,
        "legal_basis": DEFAULT_LEGAL_BASIS,
        "ground": GROUND_CONSENT,
    }
    args.update(kwargs)
    return register_fetch(**args)


def request(pnr: str) -> RegisterRequest:
    return RegisterRequest(
        personidentitet=parse(pnr),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        case_reference=CASE,
        requested_by="handlaggare-17",
        purpose=PURPOSE,
        legal_basis=DEFAULT_LEGAL_BASIS,
        correlation_id=str(uuid.uuid4()),
    )


def _text(root: ET.Element, path: str) -> str | None:
    return root.findtext("/".join(f"{{{SSBT_NS}}}{p}" for p in path.split("/")))


def test_the_question_is_valid_v11_and_carries_purpose_legal_basis_case_and_asker(pnr):
    asked = request(pnr)
    body = ET.fromstring(codec.request_envelope(asked, [Source.AF, Source.PM], aktorsid="k1"))
    question = body[1][0]
    assert list(ssbt_schema().iter_errors(question)) == []
    general = "generellaFrageparametrar"
    assert _text(question, f"{general}/personidentitet") == parse(pnr).replace("-", "")
    assert _text(question, f"{general}/syfte") == PURPOSE
    assert _text(question, f"{general}/lagtext") == DEFAULT_LEGAL_BASIS
    assert _text(question, f"{general}/arendeidentitet") == CASE
    assert _text(question, f"{general}/ingivare/handlaggare") == "handlaggare-17"
    assert _text(question, f"{general}/tidsperiod/fromDatum") == PERIOD[0].isoformat()
    specific = question.find(f"{{{SSBT_NS}}}specifikaFrageparametrar")
    assert specific is not None
    included = {e.tag.split("}")[1]: e.get("inkludera") for e in specific}
    # Pensionsmyndigheten answers inside Försäkringskassan's LEFI block.
    assert included == {
        "AF": "true",
        "CSN": "false",
        "FK": "true",
        "SKV": "false",
        "SO": "false",
        "TNS": "false",
        "MIV": "false",
    }
    lefi = json.loads(
        base64.b64decode(_text(question, "specifikaFrageparametrar/FK/fraga/lefiJsonFraga") or "")
    )
    assert lefi["ansprak"] and "formansinformation" not in lefi


def test_soap_and_json_give_the_same_register_incomes(soap_settings, settings, simulator):
    rng = random.Random(1717)
    people = [generate(rng, date(1950 + 7 * i, 1 + i, 3 + i)) for i in range(8)]
    for person in people:
        via_soap = fetch(person)
        assert via_soap.complete, {s: r.reason for s, r in via_soap.results.items() if not r.ok}
        settings.REGISTERS_TRANSPORT = "json"
        via_json = fetch(person)
        settings.REGISTERS_TRANSPORT = "soap"
        assert via_soap.income_totals() == via_json.income_totals()
        af_soap, af_json = via_soap.results[Source.AF].data, via_json.results[Source.AF].data
        assert af_soap.registered == af_json.registered  # type: ignore[union-attr]
        assert af_soap.active_plan == af_json.active_plan  # type: ignore[union-attr]
        assert via_soap.results[Source.MIV].data == via_json.results[Source.MIV].data


def test_students_pensioners_and_vehicle_owners_come_through_soap_as_through_json(
    soap_settings, settings
):
    from bistand.demo.simulator import Profile

    rng = random.Random(4242)
    wanted = {"student": None, "pensioner": None, "cars": None, "children": None}
    while any(v is None for v in wanted.values()):
        person = generate(rng, date(rng.randrange(1945, 2004), rng.randrange(1, 13), 11))
        profile = Profile.of(parse(person), date.today())
        for kind, match in (
            ("student", profile.student),
            ("pensioner", profile.age >= 66),
            ("cars", profile.cars > 0),
            ("children", profile.children > 1),
        ):
            if match and wanted[kind] is None:
                wanted[kind] = person
    for person in wanted.values():
        assert person is not None
        via_soap = fetch(person)
        assert via_soap.complete, {s: r.detail for s, r in via_soap.results.items() if not r.ok}
        settings.REGISTERS_TRANSPORT = "json"
        via_json = fetch(person)
        settings.REGISTERS_TRANSPORT = "soap"
        assert via_soap.income_totals() == via_json.income_totals()
        assert via_soap.income_totals()  # each of them has some register income
        soap_cars = via_soap.results[Source.TS].data.vehicles  # type: ignore[union-attr]
        json_cars = via_json.results[Source.TS].data.vehicles  # type: ignore[union-attr]
        assert [v.registration for v in soap_cars] == [v.registration for v in json_cars]


def test_every_fetch_is_logged_per_source_with_purpose_and_legal_basis(soap_settings, pnr):
    snapshot = fetch(pnr)
    rows = RegisterFetch.objects.filter(correlation_id=snapshot.correlation_id)
    assert {r.source for r in rows} == {s.value for s in ALL_SOURCES}
    assert {(r.purpose, r.legal_basis, r.status) for r in rows} == {
        (PURPOSE, DEFAULT_LEGAL_BASIS, "ok")
    }


@pytest.mark.parametrize(
    ("name", "params", "reason"),
    [
        ("fault", {}, "soap_fault"),
        ("garbage", {"variant": "invalid_json"}, "invalid_xml"),
        ("garbage", {"variant": "wrong_shape"}, "invalid_schema"),
    ],
)
def test_a_whole_answer_that_fails_is_a_failed_result_for_every_source(
    soap_settings, simulator, pnr, name, params, reason
):
    scenario(simulator, pnr, name, "*", **params)
    snapshot = fetch(pnr)
    assert {r.status for r in snapshot.results.values()} == {Status.FAILED}
    assert {r.reason for r in snapshot.results.values()} == {reason}
    assert pnr not in json.dumps(snapshot.to_json()["results"])


def test_a_fault_set_for_one_source_fails_the_whole_call(soap_settings, simulator, pnr):
    scenario(simulator, pnr, "fault", "CSN")
    snapshot = fetch(pnr)
    assert {r.reason for r in snapshot.results.values()} == {"soap_fault"}


def test_a_source_error_stays_with_that_source(soap_settings, simulator, pnr):
    scenario(simulator, pnr, "error", "AF", status=503)
    snapshot = fetch(pnr)
    assert snapshot.unavailable == [Source.AF]
    assert snapshot.results[Source.AF].reason == "source_error"
    assert "503" in snapshot.results[Source.AF].detail


def test_a_partial_skatteverket_answer_routes_only_skatteverket(soap_settings, simulator, pnr):
    scenario(simulator, pnr, "partial", "SKV")
    snapshot = fetch(pnr)
    assert snapshot.unavailable == [Source.SKV]
    assert snapshot.results[Source.SKV].reason == "partial_answer"
    assert "skattekonto" in snapshot.results[Source.SKV].detail


def test_pensionsmyndigheten_missing_in_lefi_leaves_forsakringskassan(
    soap_settings, simulator, pnr
):
    scenario(simulator, pnr, "partial", "PM")
    snapshot = fetch(pnr)
    assert snapshot.unavailable == [Source.PM]
    assert snapshot.results[Source.FK].ok


def test_a_broken_payload_inside_one_source_fails_that_source(soap_settings, simulator, pnr):
    scenario(simulator, pnr, "garbage", "FK", variant="wrong_types")
    snapshot = fetch(pnr)
    assert set(snapshot.unavailable) == {Source.FK, Source.PM}
    assert snapshot.results[Source.FK].reason == "invalid_shape"


def test_one_source_timing_out_at_ssbt_is_a_timeout_for_that_source(soap_settings, simulator, pnr):
    scenario(simulator, pnr, "timeout", "MIV")
    snapshot = fetch(pnr)
    assert snapshot.unavailable == [Source.MIV]
    assert snapshot.results[Source.MIV].status == Status.TIMEOUT


def test_no_answer_in_time_is_a_timeout_for_every_source(soap_settings, simulator, pnr):
    soap_settings.REGISTERS_READ_TIMEOUT = 0.3
    scenario(simulator, pnr, "timeout", "*", seconds=5)
    snapshot = fetch(pnr)
    assert {r.status for r in snapshot.results.values()} == {Status.TIMEOUT}


def test_nothing_listening_is_a_connection_error(soap_settings, pnr):
    soap_settings.REGISTERS_SOAP_URL = "http://127.0.0.1:9/ssbtek"
    snapshot = fetch(pnr)
    assert {r.reason for r in snapshot.results.values()} == {"connection_error"}


def test_the_connectivity_check_asks_testaBastjanstInformation(simulator):
    transport = SoapTransport(SoapConfig(url=simulator.soap_url, tls=TlsFiles()))
    assert transport.check() == dict.fromkeys(codec.BLOCKS, "ok")
    broken = SoapTransport(SoapConfig(url="http://127.0.0.1:9/x", tls=TlsFiles()))
    assert broken.check() == {"SSBTEK": "connection_error"}


def test_the_simulator_serves_the_published_wsdl(simulator):
    import requests

    response = requests.get(simulator.soap_url + "?wsdl", timeout=5)
    assert response.status_code == 200
    assert b"hamtaBastjanstInformation" in response.content
