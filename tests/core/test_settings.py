"""Configuration from the environment, with safe defaults (docs/configuration.md)."""

import json
import os
import subprocess
import sys

import pytest


def settings_in_subprocess(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "db = settings.DATABASES['default'];"
        "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']),"
        " 'debug': settings.DEBUG, 'demo': settings.DEMO_LOGIN}))"
    )
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("BISTAND_") and k != "DATABASE_URL"
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "bistand.settings", "BISTAND_DATA_DIR": str(tmp_path)})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_without_database_url_sqlite_in_the_data_folder_and_debug_off(tmp_path):
    result = settings_in_subprocess({}, tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "bistand.sqlite3")
    assert values["debug"] is False
    assert values["demo"] is False
    # The secret key is generated into the data folder, never taken from git.
    assert (tmp_path / "secret_key").exists()


def test_database_url_selects_postgresql(tmp_path):
    result = settings_in_subprocess(
        {"DATABASE_URL": "postgres://someone@db.example:5432/bistand"}, tmp_path
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "bistand"


@pytest.mark.parametrize("flag", ["BISTAND_DEMO_LOGIN", "BISTAND_DEBUG"])
def test_production_refuses_demo_login_and_debug(tmp_path, flag):
    result = settings_in_subprocess({"BISTAND_ENVIRONMENT": "production", flag: "1"}, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
