"""Appeals, messages and the satisfaction question in real Chromium: the citizen appeals a
decision and writes to the unit from Min sida; a case worker answers the message and handles
the appeal by omprövning; the citizen sees the new decision. Every page and error state passes
axe (WCAG 2.1 AA) with no Content-Security-Policy violation, works without JavaScript and does
not scroll sideways at 320 px."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.appeals.models import Appeal, AppealStatus
from bistand.demo import accounts as demo
from bistand.messaging.models import SatisfactionAnswer
from tests import factories

from .conftest import assert_no_horizontal_scroll, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _demo(settings) -> None:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))


def login(page: Page, base_url: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/logga-in/demo/?next={next_path}")
    user = User.objects.get(username=username)
    page.locator(f"form:has(input[name=user][value='{user.pk}']) button").click()
    page.wait_for_load_state()


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def walk(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    decision = factories.decision(applicant=citizen)

    # The citizen appeals from Min sida.
    login(page, base_url, "demo-invanare-1", "/min-sida/")
    expect(page.locator("h1")).to_have_text("Min sida")
    check(page)
    page.locator(f"a[href='/overklaga/beslut/{decision.pk}/']").first.click()
    expect(page.locator("h1")).to_have_text("Överklaga beslutet")
    expect(page.locator(".deadline")).to_contain_text("Sista dag att överklaga")
    check(page)
    page.fill("#id_wanted_change", "Jag vill få hela hyran, 6 000 kronor.")
    click(page, "Skicka överklagandet")  # the reason is missing: error state
    expect(page.locator("#id_reasons_error")).to_contain_text("Skriv varför")
    expect(page.locator("#id_wanted_change")).to_have_value("Jag vill få hela hyran, 6 000 kronor.")
    check(page)
    page.fill("#id_reasons", "Hyran är skälig för orten.")
    click(page, "Skicka överklagandet")
    expect(page.locator("h1")).to_have_text("Ditt överklagande")
    check(page)

    # … writes to the unit …
    page.goto(f"{base_url}/min-sida/")
    page.get_by_role("link", name="Skriv ett meddelande till oss").click()
    expect(page.locator("h1")).to_have_text("Skriv ett meddelande")
    check(page)
    click(page, "Skicka meddelandet")  # nothing written: error state
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.fill("#id_subject", "Fråga om hyran")
    page.fill("#id_body", "När får jag besked om mitt överklagande?")
    click(page, "Skicka meddelandet")
    expect(page.locator("h1")).to_have_text("Fråga om hyran")
    check(page)

    # … and answers the question about the decision.
    page.goto(f"{base_url}/min-sida/")
    click(page, "Skicka svaret")  # no score chosen: error state on its own page
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.locator(f"#id_nojd{decision.pk}-score_1").check()
    click(page, "Skicka svaret")
    expect(page.locator(".messages")).to_contain_text("Tack för ditt svar!")
    assert SatisfactionAnswer.objects.get().score == 4

    # A case worker answers the message …
    login(page, base_url, "demo-ekonomisekreterare", "/handlaggning/meddelanden/")
    expect(page.locator("h1")).to_have_text("Meddelanden")
    check(page)
    page.get_by_role("link", name="Fråga om hyran").click()
    check(page)
    page.fill("#id_body", "Nämnden prövar ditt överklagande i veckan.")
    click(page, "Skicka svaret")
    expect(page.locator(".messages")).to_contain_text("Svaret är skickat")
    check(page)

    # … and handles the appeal: in time, then omprövning.
    page.goto(f"{base_url}/handlaggning/overklaganden/")
    check(page)
    page.get_by_role("link", name=decision_case_number(decision)).click()
    check(page)
    page.locator("#id_in_time_0").check()
    click(page, "Spara rättidsprövningen")
    expect(page.locator(".messages")).to_contain_text("Rättidsprövningen är sparad")
    check(page)
    page.fill("#id_granted_0", "5 000")
    page.fill("#id_motivering", "Hyran är skälig för orten.")
    click(page, "Fatta ändrat beslut")  # lower than before: error state (FL 38–39 §§)
    expect(page.locator("#id_granted_0_error")).to_contain_text("inte ändras till nackdel")
    check(page)
    page.fill("#id_granted_0", "6 000")
    click(page, "Fatta ändrat beslut")
    expect(page.locator(".messages")).to_contain_text("Beslutet är ändrat")
    check(page)
    assert Appeal.objects.get().status == AppealStatus.CHANGED

    # The citizen sees the answer and the new decision.
    login(page, base_url, "demo-invanare-1", "/min-sida/")
    expect(page.locator("main")).to_contain_text("Du har 1 nytt svar.")
    check(page)
    page.get_by_role("link", name="Ditt överklagande av beslutet", exact=False).first.click()
    expect(page.locator("#new-decision-title")).to_have_text("Nämnden har ändrat beslutet")
    expect(page.locator(".new-decision")).to_contain_text("6\u00a0000\u00a0kr")
    check(page)


def decision_case_number(decision) -> str:
    return Appeal.objects.get(decision=decision).case.number


def test_appeal_message_and_omprovning_pass_axe_without_csp_violations(live_server, page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    walk(page, live_server.url, check_axe)
    assert not [text for text in console if "Content Security Policy" in text]


def test_appeal_message_and_omprovning_work_without_javascript(live_server, no_js_page):
    walk(no_js_page, live_server.url, lambda page: None)


def test_appeal_message_and_omprovning_fit_320px(live_server, narrow_page):
    walk(narrow_page, live_server.url, assert_no_horizontal_scroll)
