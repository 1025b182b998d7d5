"""No personnummer and no name in any log of a real server (issue 13 item 3).

Starts gunicorn exactly as `scripts/run` does (`--config python:bistand.gunicorn_conf`) against
the test database, walks the staff journeys in Chromium (the granskare's access-log search for a
person, the ekonomisekreterare's queue, case and paper intake with a personnummer, the
socialsekreterare's planning, the enhetschef's follow-up and payments, the citizen's Min sida),
also opens an old bookmark with a personnummer in its query string (and the page's assets, whose
Referer repeats it), and then scans everything the server wrote: gunicorn's access and error log
and the application's JSON log lines. Nothing shaped like a personnummer, and no name of anyone
in the database, may be in it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page

from bistand.accounts.models import User
from bistand.core.logging import PERSONNUMMER_SHAPE
from tests.security.matrix.world import World, build

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def server_env() -> dict[str, str]:
    env = {**os.environ, "BISTAND_LOG_FORMAT": "json", "BISTAND_LOG_LEVEL": "DEBUG"}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["BISTAND_SQLITE_PATH"] = str(db["NAME"])
    else:
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gunicorn(tmp_path: Path) -> Any:
    port = free_port()
    log = tmp_path / "web.log"
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn_bin), "bistand.wsgi:application", "--config",
         "python:bistand.gunicorn_conf", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=server_env(), stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/health/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.2)
        yield base, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def as_user(browser: Browser, base: str, user: User) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="sv-SE")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return context.new_page()


def staff_journeys(browser: Browser, base: str, world: World) -> int:
    pages = 0
    person = world.users["citizen_a"].personnummer or ""
    today = timezone.localdate().isoformat()

    def visit(page: Page, path: str) -> None:
        nonlocal pages
        response = page.goto(base + path)
        assert response is not None and response.status < 500, (path, response and response.status)
        pages += 1

    granskare = as_user(browser, base, world.users["granskare"])  # type: ignore[arg-type]
    visit(granskare, reverse("audit:access_log_search"))
    granskare.fill("#id_subject", person)
    granskare.fill("#id_period_start", today)
    granskare.fill("#id_period_end", today)
    granskare.get_by_role("button", name="Sök").click()
    granskare.wait_for_load_state()
    assert world.case.number in granskare.content()
    # An old bookmark with the personnummer in the query string: the page and its assets (whose
    # Referer repeats the address) are logged without it.
    visit(granskare, reverse("audit:access_log_search") + f"?subject={person}&start={today}")

    eko = as_user(browser, base, world.users["ekonomisekreterare"])  # type: ignore[arg-type]
    visit(eko, reverse("casework:queue"))
    visit(eko, reverse("casework:case", args=[world.routed.pk]))
    visit(eko, reverse("decisions:letter", args=[world.decision.pk]))
    visit(eko, reverse("payments:overview"))
    visit(eko, reverse("casework:paper_start"))
    eko.locator("#id_personnummer").fill(world.users["citizen_b"].personnummer or "")
    eko.locator("input[name=month]").first.check()
    eko.locator("main form button.button").first.click()
    eko.wait_for_load_state()
    assert "pappersansokan" in eko.url, eko.url
    pages += 1

    social = as_user(browser, base, world.users["socialsekreterare"])  # type: ignore[arg-type]
    visit(social, reverse("planning:overview"))
    visit(social, reverse("planning:overview") + f"?number={world.case.number}")
    visit(social, reverse("planning:plan_edit", args=[world.case.pk]))
    visit(social, reverse("planning:meeting", args=[world.meeting.pk]))

    chef = as_user(browser, base, world.users["enhetschef"])  # type: ignore[arg-type]
    visit(chef, reverse("followup:dashboard") + "?start=2026-01&end=2026-06")
    visit(chef, reverse("followup:dashboard") + "?start=9999-12")

    citizen = as_user(browser, base, world.users["citizen_a"])  # type: ignore[arg-type]
    visit(citizen, reverse("applications:min_sida"))
    visit(citizen, reverse("privacy:my_data"))
    visit(citizen, reverse("applications:check", args=[world.draft.pk]))
    return pages


def test_no_personnummer_or_name_in_any_server_log(settings, browser: Browser, gunicorn: Any):
    base, log = gunicorn
    world = build(settings)
    pages = staff_journeys(browser, base, world)
    time.sleep(0.5)  # gunicorn writes the last access lines
    text = log.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    access_lines = [line for line in lines if '"GET /' in line or '"POST /' in line]
    app_lines = [line for line in lines if line.startswith("{")]
    assert len(access_lines) >= pages and app_lines, text[-3000:]
    names = {u.display_name for u in User.objects.all() if u.display_name}
    numbers = {u.personnummer for u in User.objects.all() if u.personnummer}
    print(
        f"\n{pages} pages; {len(lines)} log lines ({len(access_lines)} access, {len(app_lines)} "
        f"application); searched for {len(numbers)} personnummer and {len(names)} names"
    )
    shaped = [line for line in lines if PERSONNUMMER_SHAPE.search(line)]
    assert not shaped, shaped[:5]
    found = [name for name in names if name in text]
    assert not found, found
    assert "?" not in " ".join(access_lines), [line for line in access_lines if "?" in line][:3]
