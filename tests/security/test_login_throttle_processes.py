"""Login throttling counts across processes (issue 13 item 6, ADR 0082): failed attempts recorded
by two other server processes lock the address out in this one, through the shared database
cache."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from bistand.accounts import throttle

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

NOW = 1_800_000_030.0 - (1_800_000_000.0 % 60)  # one fixed moment inside one window
LIMIT = 4
ADDRESS = "192.0.2.123"


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache table is not emptied between transactional tests (it is no model's table).
    cache.clear()
    yield
    cache.clear()


def env_for_the_test_database() -> dict[str, str]:
    env = {
        **os.environ,
        "BISTAND_LOGIN_THROTTLE_ATTEMPTS": str(LIMIT),
        "BISTAND_LOGIN_THROTTLE_WINDOW": "60",
    }
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["BISTAND_SQLITE_PATH"] = str(db["NAME"])
    else:
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    return env


def fail_in_another_process(times: int) -> None:
    code = (
        "import django; django.setup();"
        "from bistand.accounts import throttle;"
        f"throttle._now = lambda: {NOW!r};"
        f"[throttle.login_failure_record(address={ADDRESS!r}) for _ in range({times})]"
    )
    subprocess.run(
        [sys.executable, "-c", code], env=env_for_the_test_database(), check=True, timeout=120
    )


def test_failures_in_two_other_processes_lock_the_address_out_here(settings, monkeypatch):
    settings.LOGIN_THROTTLE_ATTEMPTS = LIMIT
    settings.LOGIN_THROTTLE_WINDOW = 60
    settings.DEMO_LOGIN = True
    monkeypatch.setattr(throttle, "_now", lambda: NOW)
    url = reverse("accounts:demo_login")
    client = Client(REMOTE_ADDR=ADDRESS)

    fail_in_another_process(LIMIT - 1)
    assert client.get(url).status_code == 200  # looking is never an attempt
    assert throttle.login_allowed(address=ADDRESS)[0] is True
    fail_in_another_process(1)
    assert throttle.login_allowed(address=ADDRESS)[0] is False
    assert client.post(url, {"user": "x"}).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.124").post(url, {"user": "x"}).status_code == 400


def test_failures_recorded_at_the_same_moment_in_four_processes_all_count(settings):
    """Each failure claims its own slot with an INSERT: none is lost between processes (a
    read-then-write increment lost about half of them, bench/login_throttle_bench.py)."""
    settings.LOGIN_THROTTLE_ATTEMPTS = 1000
    env = {**env_for_the_test_database(), "BISTAND_LOGIN_THROTTLE_ATTEMPTS": "1000"}
    code = (
        "import django; django.setup();"
        "from bistand.accounts import throttle;"
        f"throttle._now = lambda: {NOW!r};"
        f"[throttle.login_failure_record(address={ADDRESS!r}) for _ in range(25)]"
    )
    workers = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(4)]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0, 0]
    assert throttle.login_failures(address=ADDRESS, now=NOW) == 100
