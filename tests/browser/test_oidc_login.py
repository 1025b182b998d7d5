"""Real logins in Chromium through a real OpenID Connect provider (tests/oidc/op.mjs).

Citizens and staff go through the whole flow: /logga-in/ → Bistånd's login view → the
provider's login form (its development form: any password) → authorization code + PKCE →
token exchange → RS256 ID token checked against the provider's JWKS → userinfo → a Bistånd
user with the personnummer or the staff role mapped from the claims → logged in.
"""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bistand.accounts.models import Role, User
from bistand.synthetic import personnummer
from tests.oidc import provider as test_provider
from tests.oidc.provider import OidcProvider

from .conftest import assert_no_horizontal_scroll, check_axe, use_language

pytestmark = pytest.mark.browser

PNR = personnummer.generate(random.Random(2026), date(1988, 6, 1), "F")  # synthetic: month + 20
# The session-scoped fixture that runs the provider (tests/oidc/provider.py).
oidc_provider = test_provider.oidc_provider
CITIZEN_LINK = "Logga in med e-legitimation"
STAFF_LINK = "Logga in som medarbetare (SITHS-kort eller e-legitimation)"


@pytest.fixture(scope="session")
def oidc_accounts() -> dict[str, dict[str, Any]]:
    """Login name in the provider's form (also the `sub`) → the claims the provider gives."""
    return {
        # The broker sends the 12-digit form without a hyphen; Bistånd stores YYYYMMDD-NNNN.
        "anna": {"personal_number": PNR.replace("-", ""), "given_name": "Anna"}
        | {"family_name": "Ekström"},
        "staff-eva": {
            "name": "Eva Ekonom",
            "groups": ["Alla-anstallda", "SOC-Bistand-Ekonomisekreterare"],
        },
        "staff-nils": {"name": "Nils Utan Roll", "groups": ["Alla-anstallda"]},
    }


def oidc_login(page: Page, base_url: str, link: str, login: str, provider: OidcProvider) -> None:
    """From /logga-in/ through the provider's login form and back to Bistånd."""
    page.goto(base_url + "/logga-in/")
    page.get_by_role("link", name=link).click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + r"/interaction/"))
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "vilket-som-helst")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base_url) + r"/"))


def test_a_citizen_logs_in_with_e_id_and_gets_the_personnummer_from_the_claim(
    live_server, page: Page, oidc_provider: OidcProvider
) -> None:
    oidc_login(page, live_server.url, CITIZEN_LINK, "anna", oidc_provider)
    assert page.url == live_server.url + "/"
    user = User.objects.get(personnummer=PNR)
    assert user.role == Role.CITIZEN
    assert user.display_name == "Anna Ekström"
    assert user.oidc_subject is None
    page.goto(live_server.url + "/logga-in/")
    expect(page.get_by_text("Du är inloggad som Anna Ekström (Invånare).")).to_be_visible()
    # Logging out of Bistånd and in again: the provider still knows Anna (single sign-on, no
    # form this time) and Bistånd finds the same person.
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/logga-in/")
    page.get_by_role("link", name=CITIZEN_LINK).click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/logga-in/")
    expect(page.get_by_text("Du är inloggad som Anna Ekström (Invånare).")).to_be_visible()
    assert User.objects.filter(personnummer=PNR).count() == 1


def test_a_staff_member_logs_in_through_the_staff_login_and_gets_the_mapped_role(
    live_server, page: Page, oidc_provider: OidcProvider
) -> None:
    oidc_login(page, live_server.url, STAFF_LINK, "staff-eva", oidc_provider)
    user = User.objects.get(oidc_subject="staff-eva")
    assert user.role == Role.EKONOMISEKRETERARE
    assert user.personnummer is None
    page.goto(live_server.url + "/logga-in/")
    expect(page.get_by_text("Du är inloggad som Eva Ekonom (Ekonomisekreterare).")).to_be_visible()


def test_staff_without_a_known_role_and_staff_at_the_citizen_login_are_refused(
    live_server, page: Page, oidc_provider: OidcProvider
) -> None:
    oidc_login(page, live_server.url, STAFF_LINK, "staff-nils", oidc_provider)
    assert page.url == live_server.url + "/logga-in/"
    expect(page.get_by_text("Du har ingen behörighet i Bistånd.", exact=False)).to_be_visible()
    check_axe(page)  # the login page with an error message
    # A staff account at the citizen login: no personnummer, so no login and no role.
    page.context.clear_cookies()
    oidc_login(page, live_server.url, CITIZEN_LINK, "staff-eva", oidc_provider)
    expect(page.get_by_text("Vi fick inget personnummer", exact=False)).to_be_visible()
    assert not User.objects.filter(display_name__in=["Nils Utan Roll", "Eva Ekonom"]).exists()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_login_page_passes_axe_works_without_javascript_and_at_320_px(
    live_server,
    page: Page,
    narrow_page: Page,
    no_js_page: Page,
    settings,
    language: str,
    oidc_provider: OidcProvider,
) -> None:
    settings.DEMO_LOGIN = True  # every link the page can show: citizens, staff, demo
    for each in (page, narrow_page, no_js_page):
        use_language(each.context, live_server.url, language)
        response = each.goto(live_server.url + "/logga-in/")
        assert response is not None and response.status == 200
    check_axe(page)
    expect(page.locator("h1")).to_have_text("Logga in" if language == "sv" else "Log in")
    assert_no_horizontal_scroll(narrow_page)
    # Without JavaScript the logins are plain links.
    name = CITIZEN_LINK if language == "sv" else "Log in with e-ID"
    link = no_js_page.get_by_role("link", name=name)
    expect(link).to_have_attribute("href", "/oidc/medborgare/logga-in/")
    expect(no_js_page.get_by_role("link", name=re.compile("demo", re.I))).to_be_visible()
