"""pytest fixture: a real OpenID Connect provider (panva's oidc-provider on Node) for the tests.

Import the fixture into a test module and give it the accounts as a session-scoped fixture::

    from tests.oidc import provider as test_provider

    oidc_provider = test_provider.oidc_provider

    @pytest.fixture(scope="session")
    def oidc_accounts() -> dict[str, dict]:
        return {"anna": {"personal_number": "19902101-…", "name": "Anna Ek"}}

``oidc_provider`` runs ``npm ci`` in tests/oidc if node_modules is missing, starts ``op.mjs`` on
a free port with both Bistånd clients (redirect URIs on the live server), waits until it answers,
points ``settings.OIDC_PROVIDERS`` at it for the session, and stops it afterwards. If node or npm
is missing or the provider does not start, the test FAILS: it is never skipped.

The accounts map: login name (typed in the provider's login form) → claims. Only synthetic
personnummer (month + 20); op.mjs refuses to start with anything else.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings

OIDC_DIR = Path(__file__).resolve().parent
CITIZEN_CLIENT = ("bistand-medborgare", "citizen-secret")
STAFF_CLIENT = ("bistand-personal", "staff-secret")
PERSONNUMMER_CLAIM = "personal_number"
ROLE_CLAIM = "groups"
STAFF_ROLE_MAP = {
    "SOC-Bistand-Ekonomisekreterare": "ekonomisekreterare",
    "SOC-Bistand-Enhetschef": "enhetschef",
    "SOC-Bistand-Granskare": "granskare",
}
START_TIMEOUT = 120.0  # a loaded 2-core machine can take long to start node


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    accounts: dict[str, dict[str, Any]]


def _fail(message: str, output: str = "") -> None:
    pytest.fail(
        f"{message}\nThe OIDC login tests need Node and npm (tests/oidc); they are never "
        f"skipped.\n{output}",
        pytrace=False,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _npm_ci(npm: str) -> None:
    if (OIDC_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=OIDC_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        _fail(f"`npm ci` in {OIDC_DIR} failed.", result.stdout + result.stderr)


def provider_settings(issuer: str) -> dict[str, dict[str, Any]]:
    """settings.OIDC_PROVIDERS for the two clients of the test provider."""

    def client(client_id: str, secret: str, callback: str) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks",
            "OIDC_RP_SCOPES": "openid profile",
            "OIDC_AUTHENTICATION_CALLBACK_URL": callback,
        }

    return {
        "citizen": {
            **client(*CITIZEN_CLIENT, "accounts:oidc_citizen_callback"),
            "PERSONNUMMER_CLAIM": PERSONNUMMER_CLAIM,
        },
        "staff": {
            **client(*STAFF_CLIENT, "accounts:oidc_staff_callback"),
            "ROLE_CLAIM": ROLE_CLAIM,
            "ROLE_MAP": dict(STAFF_ROLE_MAP),
        },
    }


@pytest.fixture(scope="session")
def oidc_provider(
    live_server: Any,
    oidc_accounts: dict[str, dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[OidcProvider]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _fail("node or npm is not on PATH.")
        raise AssertionError  # unreachable: pytest.fail raises
    _npm_ci(npm)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "OP_PORT": str(port),
        "OP_ISSUER": issuer,
        "OP_CITIZEN_CLIENT_ID": CITIZEN_CLIENT[0],
        "OP_CITIZEN_CLIENT_SECRET": CITIZEN_CLIENT[1],
        "OP_CITIZEN_REDIRECT_URIS": f"{live_server.url}/oidc/medborgare/callback/",
        "OP_STAFF_CLIENT_ID": STAFF_CLIENT[0],
        "OP_STAFF_CLIENT_SECRET": STAFF_CLIENT[1],
        "OP_STAFF_REDIRECT_URIS": f"{live_server.url}/oidc/personal/callback/",
        "OP_PERSONNUMMER_CLAIM": PERSONNUMMER_CLAIM,
        "OP_ROLE_CLAIM": ROLE_CLAIM,
        "OP_ACCOUNTS": json.dumps(oidc_accounts),
    }
    log_path = tmp_path_factory.mktemp("oidc-provider") / "op.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [node, "op.mjs"], cwd=OIDC_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                _fail(
                    f"The OIDC test provider exited with {process.returncode}.",
                    log_path.read_text(),
                )
            try:
                answer = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                if answer.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                _fail(
                    f"The OIDC test provider did not answer within {START_TIMEOUT:.0f} s.",
                    log_path.read_text(),
                )
            time.sleep(0.1)
        original = copy.deepcopy(settings.OIDC_PROVIDERS)
        settings.OIDC_PROVIDERS = provider_settings(issuer)
        try:
            yield OidcProvider(issuer=issuer, accounts=oidc_accounts)
        finally:
            settings.OIDC_PROVIDERS = original
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
