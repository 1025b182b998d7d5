"""The demo asks SSBTEK as production does: the simulator makes a throwaway demo CA in the data
folder and serves SOAP over HTTPS with client certificates beside its plain-HTTP control port,
and demo settings point Bistånd at it with the demo organisation certificate."""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import requests

from bistand.demo.pki import ensure_demo_pki
from bistand.demo.simulator import ServerTls, start_simulator
from bistand.registers.ssbtek.transport import SoapConfig, SoapTransport, TlsFiles
from bistand.registers.types import (
    ALL_SOURCES,
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    RegisterRequest,
    Source,
)
from bistand.synthetic.personnummer import generate, parse


def test_the_demo_pki_is_made_once_with_private_keys(tmp_path):
    pki = ensure_demo_pki(tmp_path / "demo-pki")
    assert pki.complete()
    for key in (pki.server_key, pki.client_key):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = pki.ca.read_bytes()
    assert ensure_demo_pki(tmp_path / "demo-pki").ca.read_bytes() == before


def test_https_listener_shares_the_scenarios_of_the_control_port(tmp_path):
    pki = ensure_demo_pki(tmp_path / "demo-pki")
    plain = start_simulator()
    secure = start_simulator(
        tls=ServerTls(str(pki.server_cert), str(pki.server_key), str(pki.ca)), state=plain.state
    )
    try:
        person = generate(random.Random(8766), date(1984, 2, 3))
        answer = requests.post(
            f"{plain.url}/_control/scenario",
            json={"personnummer": person, "scenario": "error", "source": "AF"},
            timeout=5,
        )
        assert answer.status_code == 201
        transport = SoapTransport(
            SoapConfig(
                url=secure.soap_url,
                tls=TlsFiles(str(pki.client_cert), str(pki.client_key), str(pki.ca)),
            )
        )
        request = RegisterRequest(
            personidentitet=parse(person),
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
            case_reference="EB-2026-008766",
            requested_by=AUTOMATED_DECISION_FUNCTION,
            purpose="Prövning av ansökan om ekonomiskt bistånd",
            legal_basis=DEFAULT_LEGAL_BASIS,
            correlation_id=str(uuid.uuid4()),
        )
        results = transport.fetch(request, ALL_SOURCES)
        assert [s for s, r in results.items() if not r.ok] == [Source.AF]
        assert results[Source.AF].reason == "source_error"
    finally:
        secure.stop()
        plain.stop()


def test_demo_settings_ask_the_simulator_over_mutual_tls(tmp_path):
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({n: getattr(settings, n) for n in ('REGISTERS_SOAP_URL', "
        "'REGISTERS_TLS_CERT', 'REGISTERS_TLS_KEY', 'REGISTERS_TLS_CA', 'BACKGROUND_SERVICES')}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BISTAND_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bistand.settings",
        BISTAND_DATA_DIR=str(tmp_path),
        BISTAND_ENVIRONMENT="demo",
        BISTAND_SECRET_KEY="test-only-not-secret",
    )
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    values = json.loads(done.stdout)
    assert values["REGISTERS_SOAP_URL"].startswith("https://127.0.0.1:8766/")
    folder = Path(tmp_path).resolve() / "demo-pki"
    assert Path(values["REGISTERS_TLS_CERT"]).resolve() == folder / "organisation.pem"
    assert Path(values["REGISTERS_TLS_CA"]).resolve() == folder / "ca.pem"
    service = values["BACKGROUND_SERVICES"]["register-simulator"]
    assert "--demo-pki" in service and "--tls-port" in service
