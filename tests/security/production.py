"""A production configuration that passes every start-up refusal, for tests that load the
settings (or run `bistand`) in a subprocess as production (docs/adr/0080)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bistand.core.municipality import EXAMPLE_DIR

# Not a real organisation or account: a well-formed organisation number (2120009994) and
# bankgiro number (5050-1055) with correct check digits.
PRODUCTION_DEBTOR = {"orgnr": "212000-9994", "bankgiro": "5050-1055"}


def municipality_dir(**debtor: Any) -> Path:
    """A municipality's own directory (a copy of the example, not marked as one) whose debtor is
    PRODUCTION_DEBTOR changed by `debtor`: the debtor lives in municipality.yaml, not in the
    environment."""
    target = Path(tempfile.mkdtemp(prefix="bistand-municipality-")) / "kommun"
    shutil.copytree(EXAMPLE_DIR, target)
    path = target / "municipality.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["example"] = False
    document["debtor"].update({**PRODUCTION_DEBTOR, **debtor})
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return target


# Not a real key: and an https register address; the debtor comes from municipality_dir().
PRODUCTION_ENV = {
    "BISTAND_ENVIRONMENT": "production",
    "BISTAND_SECRET_KEY": "test-only-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
    "BISTAND_REGISTERS_BASE_URL": "https://ssbtek-proxy.example.org",
    # Paths only: settings check that they are configured; no certificate is read at start-up.
    "BISTAND_REGISTERS_TLS_CERT": "/etc/bistand/ssbtek/organisation.pem",
    "BISTAND_REGISTERS_TLS_KEY": "/etc/bistand/ssbtek/organisation.key",
    "BISTAND_REGISTERS_TLS_CA": "/etc/bistand/ssbtek/ca.pem",
    "BISTAND_MUNICIPALITY_DIR": str(municipality_dir()),
}

BISTAND = str(Path(sys.executable).parent / "bistand")


def clean_env(env: dict[str, str], data_dir: Path) -> dict[str, str]:
    """The current environment without any BISTAND_ setting, DATABASE_URL or the browser tests'
    DJANGO_ALLOW_ASYNC_UNSAFE (PYTHONPATH stays, so the subprocess imports this checkout), plus
    `env`."""
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("BISTAND_") and k not in dropped
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "bistand.settings", "BISTAND_DATA_DIR": str(data_dir)})
    clean.update(env)
    return clean


def run_bistand(
    args: list[str], env: dict[str, str], data_dir: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bistand.cli", *args],
        env=clean_env(env, data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def load_settings(
    env: dict[str, str], data_dir: Path, names: list[str]
) -> subprocess.CompletedProcess[str]:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(env, data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
