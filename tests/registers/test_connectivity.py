"""SSBTEK's connectivity check (testaBastjanstInformation) in `bistand check --deploy` and, for
logged-in staff only, on the readiness endpoint; it never makes the service "not ready"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from bistand.accounts.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def soap_settings(settings: Any, simulator: Any) -> Any:
    settings.REGISTERS_TRANSPORT = "soap"
    settings.REGISTERS_BASE_URL = simulator.url
    settings.REGISTERS_SOAP_URL = ""
    return settings


def test_bistand_check_asks_ssbtek_and_is_quiet_when_every_source_answers(soap_settings, capsys):
    call_command("check", "--deploy", "--tag", "registers")
    assert "registers.W001" not in capsys.readouterr().err


def test_bistand_check_warns_when_ssbtek_cannot_be_reached(soap_settings, capsys):
    soap_settings.REGISTERS_SOAP_URL = "http://127.0.0.1:9/ssbtek"
    try:
        call_command("check", "--deploy", "--tag", "registers", "--fail-level", "WARNING")
    except SystemCheckError as exc:
        message = str(exc)
    else:
        raise AssertionError("expected a warning")
    assert "registers.W001" in message and "connection_error" in message


def test_readiness_shows_ssbtek_to_staff_only(soap_settings, client):
    anonymous = client.get("/health/ready/").json()
    assert "registers" not in anonymous
    staff = User.objects.create(username="ekonom-17", role=Role.EKONOMISEKRETERARE)
    client.force_login(staff)
    report = client.get("/health/ready/").json()
    assert report["registers"] == {
        block: "ok" for block in ("AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV")
    }


def test_ssbtek_down_does_not_make_the_service_unready(soap_settings, client):
    soap_settings.REGISTERS_SOAP_URL = "http://127.0.0.1:9/ssbtek"
    client.force_login(User.objects.create(username="ekonom-18", role=Role.EKONOMISEKRETERARE))
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json()["registers"] == {"SSBTEK": "connection_error"}
