"""The nämnd's control pages in Chromium: axe, no JavaScript, 320 px."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from bistand import rules
from bistand.accounts.models import Role, User
from bistand.demo import scenarios
from bistand.governance.models import RulesApproval

from .conftest import assert_no_horizontal_scroll, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def _login(context, live_server, role: str) -> None:
    user, _ = User.objects.get_or_create(
        username=f"b-{role}", defaults={"role": role, "display_name": "Elin Chef"}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies([{"name": "sessionid", "value": session.session_key,
                          "url": live_server.url}])  # fmt: skip


@pytest.mark.parametrize("url", ["/", "/styrning/", "/styrning/regelversioner/"])
def test_pages_pass_axe_without_js_and_at_320px(live_server, page, no_js_page, narrow_page, url):
    RulesApproval.objects.all().delete()
    for p in (page, no_js_page, narrow_page):
        _login(p.context, live_server, Role.ENHETSCHEF)
        response = p.goto(live_server.url + url)
        assert response is not None and response.status == 200
        assert p.locator("h1").count() == 1
    check_axe(page)
    assert "inga beslut" in no_js_page.locator("main").inner_text()
    assert_no_horizontal_scroll(narrow_page)


def test_the_manager_sees_the_notice_and_registers_the_approval_without_javascript(
    live_server, no_js_page
):
    RulesApproval.objects.all().delete()
    page = no_js_page
    _login(page.context, live_server, Role.ENHETSCHEF)
    page.goto(live_server.url + "/")
    notice = page.locator(".staff-notice")
    assert "Den automatiska beslutsfunktionen fattar inga beslut" in notice.inner_text()
    notice.get_by_role("link", name="Registrera nämndens godkännande").click()

    page.get_by_label("Datum för nämndens sammanträde").fill("2026-11-31")
    page.get_by_label("Paragraf i protokollet").fill("Socialnämnden § 143")
    page.get_by_role("button", name="Registrera godkännandet").click()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in page.locator("main").inner_text()
    assert page.get_by_label("Paragraf i protokollet").input_value() == "Socialnämnden § 143"

    page.get_by_label("Datum för nämndens sammanträde").fill("2026-11-18")
    page.get_by_role("button", name="Registrera godkännandet").click()
    main = page.locator("main").inner_text()
    assert "Nämndens godkännande är registrerat" in main
    assert "Godkänd av nämnden 2026-11-18 (Socialnämnden § 143)" in main
    assert RulesApproval.objects.get(rules_version=rules.RULES_VERSION).reference == (
        "Socialnämnden § 143"
    )
    page.goto(live_server.url + "/")
    assert page.locator(".staff-notice").count() == 0


def test_delegation_report_pages_pass_axe_without_js_and_at_320px(
    live_server, page, no_js_page, narrow_page
):
    worker = User.objects.create(
        username="eva", role=Role.EKONOMISEKRETERARE, display_name="Eva Ekonom"
    )
    citizen = User.objects.create(
        username="c1",
        role=Role.CITIZEN,
        personnummer=scenarios.routine_personnummer_for(random.Random(1), this_month()),
    )
    scenarios.decided_month(
        applicant=citizen,
        month=this_month(),
        answers=scenarios.routine_answers(),
        decided_by=worker,
    )
    month = f"{this_month():%Y-%m}"
    urls = [
        f"/styrning/delegationsbeslut/?month={month}",
        f"/styrning/delegationsbeslut/{month}/user-{worker.pk}/anmald/",
    ]
    for url in urls:
        for p in (page, no_js_page, narrow_page):
            _login(p.context, live_server, Role.ENHETSCHEF)
            response = p.goto(live_server.url + url)
            assert response is not None and response.status == 200
            assert p.locator("h1").count() == 1
        check_axe(page)
        assert "Eva Ekonom" in no_js_page.locator("main").inner_text()
        assert_no_horizontal_scroll(narrow_page)

    # Without JavaScript: open the list of decisions, then mark the report as presented.
    p = no_js_page
    p.goto(live_server.url + urls[0])
    p.get_by_text("Visa 1 beslut").click()
    assert p.locator("details table tbody tr").count() == 1
    p.get_by_role("link", name=re.compile("Markera som anmäld till nämnden.*Eva Ekonom")).click()
    p.get_by_label("Datum för nämndens sammanträde").fill(f"{timezone.localdate():%Y-%m-%d}")
    p.get_by_label("Paragraf i protokollet").fill("Socialnämnden § 150")
    p.get_by_role("button", name="Markera som anmäld").click()
    main = p.locator("main").inner_text()
    assert "markerad som anmäld till nämnden" in main
    assert f"{timezone.localdate():%Y-%m-%d}, Socialnämnden § 150" in main
