"""Mutual TLS with SSBTEK: the organisation certificate is shown, SSBTEK's server certificate is
checked against the configured CA only, and a wrong certificate on either side is refused. The
certificates are made at run time (tests/registers/certificates.py); nothing secret is kept."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bistand.demo.simulator import RunningSimulator, ServerTls, start_simulator
from bistand.registers.ssbtek.transport import SoapConfig, SoapTransport, TlsFiles
from bistand.registers.types import (
    ALL_SOURCES,
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    RegisterRequest,
    Status,
)
from bistand.synthetic.personnummer import generate, parse

from .certificates import Authority

PERIOD = (date(2026, 1, 1), date(2026, 1, 31))


class Pki:
    def __init__(self, folder: Path) -> None:
        self.ssbtek = Authority(folder, "ssbtek-ca")  # signs SSBTEK's server certificate
        self.municipalities = Authority(folder, "kommun-ca")  # signs organisation certificates
        self.stranger = Authority(folder, "okand-ca")  # trusted by nobody
        self.server = self.ssbtek.issue("server", "ssbtek.test", server=True)
        self.organisation = self.municipalities.issue("org", "Exempelkommunen", server=False)
        self.wrong_organisation = self.stranger.issue("fel-org", "Exempelkommunen", server=False)
        self.impostor = self.stranger.issue("fel-server", "ssbtek.test", server=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return Pki(tmp_path_factory.mktemp("pki"))


def _serve(server_cert: str, server_key: str, client_ca: str) -> RunningSimulator:
    return start_simulator(tls=ServerTls(cert=server_cert, key=server_key, client_ca=client_ca))


@pytest.fixture(scope="module")
def ssbtek(pki: Pki) -> Iterator[RunningSimulator]:
    running = _serve(pki.server.cert, pki.server.key, pki.municipalities.pem.cert)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def impostor(pki: Pki) -> Iterator[RunningSimulator]:
    running = _serve(pki.impostor.cert, pki.impostor.key, pki.municipalities.pem.cert)
    yield running
    running.stop()


def transport(url: str, cert: str, key: str, ca: str) -> SoapTransport:
    return SoapTransport(
        SoapConfig(url=url, tls=TlsFiles(cert=cert, key=key, ca=ca), read_timeout=5, retries=0)
    )


def ask(t: SoapTransport) -> set[tuple[Status, str]]:
    pnr = generate(random.Random(2611), date(1982, 5, 6))
    request = RegisterRequest(
        personidentitet=parse(pnr),
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        case_reference="EB-2026-000106",
        requested_by=AUTOMATED_DECISION_FUNCTION,
        purpose="Prövning av ansökan om ekonomiskt bistånd",
        legal_basis=DEFAULT_LEGAL_BASIS,
        correlation_id=str(uuid.uuid4()),
    )
    return {(r.status, r.reason) for r in t.fetch(request, ALL_SOURCES).values()}


def test_the_organisation_certificate_and_the_ssbtek_ca_get_answers(pki, ssbtek):
    org = pki.organisation
    t = transport(ssbtek.soap_url, org.cert, org.key, pki.ssbtek.pem.cert)
    assert ask(t) == {(Status.OK, "")}
    assert set(t.check().values()) == {"ok"}


def test_a_client_certificate_from_another_ca_is_refused(pki, ssbtek):
    wrong = pki.wrong_organisation
    t = transport(ssbtek.soap_url, wrong.cert, wrong.key, pki.ssbtek.pem.cert)
    assert ask(t) == {(Status.FAILED, "tls_error")}
    assert t.check() == {"SSBTEK": "tls_error"}


def test_no_client_certificate_is_refused(pki, ssbtek):
    t = transport(ssbtek.soap_url, "", "", pki.ssbtek.pem.cert)
    assert ask(t) == {(Status.FAILED, "tls_error")}


def test_a_server_not_signed_by_the_configured_ca_is_not_trusted(pki, impostor):
    org = pki.organisation
    t = transport(impostor.soap_url, org.cert, org.key, pki.ssbtek.pem.cert)
    assert ask(t) == {(Status.FAILED, "tls_error")}


def test_the_json_transport_uses_the_same_certificates(pki, ssbtek):
    from bistand.registers.client import ClientConfig
    from bistand.registers.transports import JsonTransport

    config = ClientConfig(base_url=ssbtek.url, retries=0)
    org, wrong = pki.organisation, pki.wrong_organisation
    good = JsonTransport(config, tls=TlsFiles(org.cert, org.key, pki.ssbtek.pem.cert))
    bad = JsonTransport(config, tls=TlsFiles(wrong.cert, wrong.key, pki.ssbtek.pem.cert))
    assert ask(good) == {(Status.OK, "")}
    assert ask(bad) == {(Status.FAILED, "tls_error")}


def test_a_certificate_file_that_cannot_be_read_is_a_recorded_failure(pki, ssbtek, tmp_path):
    t = transport(
        ssbtek.soap_url,
        str(tmp_path / "saknas.pem"),
        str(tmp_path / "saknas.key"),
        pki.ssbtek.pem.cert,
    )
    assert ask(t) == {(Status.FAILED, "tls_config")}


def test_the_simulator_command_wants_all_three_tls_files(pki):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--tls-client-ca"):
        call_command("register_simulator", "--port", "0", "--tls-cert", pki.server.cert)
