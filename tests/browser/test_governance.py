"""The nämnd's control pages in Chromium: axe, no JavaScript, 320 px."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from bistand import rules
from bistand.accounts.models import Role, User
from bistand.governance.models import RulesApproval

from .conftest import assert_no_horizontal_scroll, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
