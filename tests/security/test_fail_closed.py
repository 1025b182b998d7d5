"""Production fails closed (issue 13 item 1, docs/adr/0080): an unknown environment name never
falls back to development, production refuses to start without a secret key, with an http
register address or the placeholder debtor, and `bistand check --deploy` names every problem in
plain words and exits non-zero."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core import checks
from django.core.exceptions import PermissionDenied

from bistand.accounts.models import Role, User
from bistand.accounts.oidc import CitizenOIDCBackend
from bistand.accounts.services import user_get_or_create_demo
from bistand.core.checks import check_production, check_virus_scan
from bistand.payments.models import PaymentFile
from bistand.payments.services import PaymentError, payment_file_generate

from .production import (
    PRODUCTION_DEBTOR,
    PRODUCTION_ENV,
    load_settings,
    municipality_dir,
    run_bistand,
)

UNSAFE = {"BISTAND_DEMO_LOGIN": "1", "BISTAND_DEBUG": "1"}


@pytest.mark.parametrize(
    "name", ["Production", "PRODUCTION", "prod", "production ", " production", "staging", ""]
)
def test_an_unknown_environment_name_refuses_to_start_instead_of_falling_back(tmp_path, name):
    result = load_settings({**UNSAFE, "BISTAND_ENVIRONMENT": name}, tmp_path, ["DEBUG"])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "BISTAND_ENVIRONMENT" in result.stderr
    # Nothing was prepared for a development start: no generated secret key.
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("name", ["development", "test", "demo"])
def test_the_known_non_production_names_load(tmp_path, name):
    result = load_settings({"BISTAND_ENVIRONMENT": name}, tmp_path, ["ENVIRONMENT", "PRODUCTION"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"ENVIRONMENT": name, "PRODUCTION": False}


def test_a_complete_production_configuration_loads_without_the_password_backend(tmp_path):
    names = ["PRODUCTION", "DEBUG", "DEMO_LOGIN", "AUTHENTICATION_BACKENDS", "BACKGROUND_SERVICES"]
    result = load_settings(PRODUCTION_ENV, tmp_path, names)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["PRODUCTION"] is True
    assert values["DEBUG"] is False and values["DEMO_LOGIN"] is False
    assert not any("ModelBackend" in b for b in values["AUTHENTICATION_BACKENDS"])
    assert "register-simulator" not in values["BACKGROUND_SERVICES"]


def test_production_without_a_secret_key_refuses_and_creates_none(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "BISTAND_SECRET_KEY"}
    result = load_settings(env, tmp_path, ["SECRET_KEY"])
    assert result.returncode != 0
    assert "BISTAND_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("BISTAND_REGISTERS_BASE_URL", "http://ssbtek-proxy.example.org", "REGISTERS_BASE_URL"),
        ("BISTAND_REGISTERS_BASE_URL", "http://127.0.0.1:8765", "REGISTERS_BASE_URL"),
        ("BISTAND_REGISTERS_SOAP_URL", "http://ssbtek.example.org/v11", "REGISTERS_SOAP_URL"),
        ("BISTAND_REGISTERS_TLS_CERT", "", "BISTAND_REGISTERS_TLS_CERT"),
        ("BISTAND_REGISTERS_TLS_KEY", "", "BISTAND_REGISTERS_TLS_KEY"),
        ("BISTAND_REGISTERS_TLS_CA", "", "BISTAND_REGISTERS_TLS_CA"),
        ("BISTAND_DEBUG", "1", "BISTAND_DEBUG"),
        ("BISTAND_DEMO_LOGIN", "1", "BISTAND_DEMO_LOGIN"),
    ],
)
def test_production_refuses_each_unsafe_value(tmp_path, setting, value, named):
    result = load_settings({**PRODUCTION_ENV, setting: value}, tmp_path, ["DEBUG"])
    assert result.returncode != 0
    assert named in result.stderr


@pytest.mark.parametrize(
    ("debtor", "named"),
    [
        ({"orgnr": "0000000000"}, "debtor.orgnr"),
        ({"orgnr": "212000-9995"}, "debtor.orgnr"),  # wrong check digit
        ({"bankgiro": "00000000"}, "debtor.bankgiro"),
    ],
)
def test_production_refuses_the_placeholder_or_a_wrong_debtor_in_municipality_yaml(
    tmp_path, debtor, named
):
    env = {**PRODUCTION_ENV, "BISTAND_MUNICIPALITY_DIR": str(municipality_dir(**debtor))}
    result = load_settings(env, tmp_path, ["DEBUG"])
    assert result.returncode != 0
    assert named in result.stderr


def test_an_iban_replaces_the_bankgiro_number(tmp_path):
    directory = municipality_dir(bankgiro="00000000", iban="SE45 5000 0000 0583 9825 7466")
    env = {**PRODUCTION_ENV, "BISTAND_MUNICIPALITY_DIR": str(directory)}
    assert load_settings(env, tmp_path, ["DEBUG"]).returncode == 0


@pytest.mark.parametrize(
    "variable",
    ["BISTAND_PAYMENT_DEBTOR_ORGNR", "BISTAND_PAYMENT_FIXED_DAYS", "BISTAND_PAYMENT_REMITTANCE"],
)
def test_a_removed_payment_variable_refuses_to_start_and_points_to_municipality_yaml(
    tmp_path, variable
):
    result = load_settings({variable: "25"}, tmp_path, ["DEBUG"])
    assert result.returncode != 0
    assert variable in result.stderr and "municipality.yaml" in result.stderr


def test_check_deploy_names_every_problem_in_plain_words_and_exits_non_zero(tmp_path):
    result = run_bistand(
        ["check", "--deploy"], {"BISTAND_ENVIRONMENT": "production", **UNSAFE}, tmp_path
    )
    assert result.returncode != 0
    for name in (
        "BISTAND_SECRET_KEY",
        "BISTAND_DEBUG",
        "BISTAND_DEMO_LOGIN",
        "BISTAND_REGISTERS_BASE_URL",
        "debtor.orgnr",
        "debtor.bankgiro",
    ):
        assert name in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_outside_production_says_so_and_exits_non_zero(tmp_path):
    result = run_bistand(["check", "--deploy"], {"BISTAND_ENVIRONMENT": "demo"}, tmp_path)
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "not 'production'" in result.stderr


@pytest.mark.parametrize("command", [["demo_data"], ["register_simulator", "--port", "0"]])
def test_demo_data_and_the_register_simulator_refuse_production(tmp_path, command):
    result = run_bistand(command, PRODUCTION_ENV, tmp_path)
    assert result.returncode != 0
    assert "production" in result.stderr
    assert "Demo data ready" not in result.stdout


@pytest.mark.django_db
def test_check_deploy_refuses_demo_accounts_and_a_weak_key_in_production(settings):
    settings.PRODUCTION = True
    settings.ENVIRONMENT = "production"
    settings.DEBUG = False
    settings.DEMO_LOGIN = False
    settings.SECRET_KEY = "x" * 50
    settings.REGISTERS_BASE_URL = PRODUCTION_ENV["BISTAND_REGISTERS_BASE_URL"]
    settings.PAYMENT_DEBTOR_ORGNR = PRODUCTION_DEBTOR["orgnr"]
    settings.PAYMENT_DEBTOR_BANKGIRO = PRODUCTION_DEBTOR["bankgiro"]
    settings.REGISTERS_TLS_CERT = PRODUCTION_ENV["BISTAND_REGISTERS_TLS_CERT"]
    settings.REGISTERS_TLS_KEY = PRODUCTION_ENV["BISTAND_REGISTERS_TLS_KEY"]
    settings.REGISTERS_TLS_CA = PRODUCTION_ENV["BISTAND_REGISTERS_TLS_CA"]
    assert [m.id for m in check_production()] == ["core.E003"]
    User.objects.create(username="demo-handlaggare", role=Role.EKONOMISEKRETERARE)
    settings.SECRET_KEY = PRODUCTION_ENV["BISTAND_SECRET_KEY"]
    assert [m.id for m in check_production()] == ["core.E004"]


@pytest.mark.django_db
def test_no_demo_account_is_created_or_given_a_session_in_production(settings):
    demo = user_get_or_create_demo(
        username="demo-ekonom", role=Role.EKONOMISEKRETERARE, display_name="Demo"
    )
    assert CitizenOIDCBackend().get_user(demo.pk) == demo
    settings.PRODUCTION = True
    assert CitizenOIDCBackend().get_user(demo.pk) is None
    with pytest.raises(PermissionDenied, match="production"):
        user_get_or_create_demo(
            username="demo-ny", role=Role.EKONOMISEKRETERARE, display_name="Demo"
        )
    assert not User.objects.filter(username="demo-ny").exists()


@pytest.mark.django_db
def test_no_payment_file_with_the_placeholder_debtor_in_production(settings):
    settings.PRODUCTION = True
    settings.PAYMENT_DEBTOR_ORGNR = "0000000000"
    settings.PAYMENT_DEBTOR_BANKGIRO = "00000000"
    settings.PAYMENT_DEBTOR_IBAN = ""
    with pytest.raises(PaymentError, match=r"debtor\.orgnr"):
        payment_file_generate(execution_date=date(2026, 12, 23))
    assert not PaymentFile.objects.exists()
    settings.PAYMENT_DEBTOR_ORGNR = PRODUCTION_DEBTOR["orgnr"]
    settings.PAYMENT_DEBTOR_BANKGIRO = PRODUCTION_DEBTOR["bankgiro"]
    assert payment_file_generate(execution_date=date(2026, 12, 23)) is None  # nothing due


def test_the_removed_fakeable_client_ip_header_setting_refuses_to_start(tmp_path):
    env = {"BISTAND_LOGIN_THROTTLE_CLIENT_IP_HEADER": "HTTP_X_REAL_IP"}
    result = load_settings(env, tmp_path, ["TRUSTED_PROXIES"])
    assert result.returncode != 0
    assert "BISTAND_TRUSTED_PROXIES" in result.stderr


@pytest.mark.slow
def test_check_deploy_passes_a_correct_production_installation(tmp_path):
    """The other side of naming every problem: a complete production configuration on a migrated
    database without demo accounts passes `bistand check --deploy` (exit 0)."""
    migrated = run_bistand(["migrate", "-v0"], PRODUCTION_ENV, tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    result = run_bistand(["check", "--deploy"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ERRORS" not in result.stderr


def test_check_deploy_warns_when_production_takes_uploads_without_a_virus_scanner(settings):
    """docs/adr/0246: a warning (exit 0 on `check --deploy`, non-zero with --fail-level
    WARNING), gone once clamd is configured or no file is accepted."""
    settings.PRODUCTION = True
    settings.VIRUS_SCAN_CLAMD = ""
    settings.POST_CHECK_UPLOAD_MAX_FILES = 20
    settings.SUPPLEMENT_UPLOAD_MAX_FILES = 10
    [warning] = check_virus_scan()
    assert warning.id == "core.W005" and warning.level == checks.WARNING
    assert "BISTAND_CLAMD" in warning.msg
    settings.VIRUS_SCAN_CLAMD = "unix:/run/clamav/clamd.ctl"
    assert check_virus_scan() == []
    settings.VIRUS_SCAN_CLAMD = ""
    settings.POST_CHECK_UPLOAD_MAX_FILES = 0
    settings.SUPPLEMENT_UPLOAD_MAX_FILES = 0
    assert check_virus_scan() == []
    settings.PRODUCTION = False
    settings.SUPPLEMENT_UPLOAD_MAX_FILES = 10
    assert check_virus_scan() == []  # outside production core.E001 says it all
