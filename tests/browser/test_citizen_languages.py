"""The citizen journey in English and in Arabic (right to left), in real Chromium (issue 15 item 9).

A citizen chooses her language with the button in the header (a form, no JavaScript), and it is
kept for the rest of the browser session. Then she goes the whole way: start page, login, every
step of a new application with its error states, the check page, the receipt, Min sida, a message
to the unit; and, as a returning applicant, a decision: Min sida and the letter page show what was
decided in her language beside the Swedish letter, which stays Swedish.

On every page: ``<html lang dir>`` is right, the page's main heading is the catalogue's
translation, and no citizen-facing Swedish sentence is left on the page outside the parts marked
``lang="sv"`` (the decision letter, the language button). The pages pass axe (WCAG 2.1 AA) and do
not scroll sideways at 320 px, and the same journey works with JavaScript switched off.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect

from bistand.applications.models import Application, ApplicationStatus
from bistand.core.format import citizen_kronor
from bistand.demo import accounts as account_demo
from bistand.demo import decisions as decision_demo
from bistand.messaging.models import Thread
from tests.core.test_translations_complete import parse_po
from tests.registers.conftest import (  # noqa: F401  (fixtures)
    _clean_simulator,
    registers_settings,
)

from .conftest import NARROW_VIEWPORT, assert_no_horizontal_scroll, check_axe
from .test_apply_flow import demo_login, submit
from .test_robot_decision import latest_decision, run_pending_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALE = Path(__file__).resolve().parents[2] / "src" / "bistand" / "locale"
SWITCH = {"en": "In English", "ar": "بالعربية"}
DIRECTION = {"en": "ltr", "ar": "rtl"}


@pytest.fixture(autouse=True)
def _demo(settings, registers_settings) -> Iterator[None]:  # noqa: F811
    settings.DEMO_LOGIN = True
    account_demo.create(random.Random(4))
    decision_demo.create(random.Random(5))
    yield


def t(language: str, swedish: str) -> str:
    """The catalogue's translation of a Swedish UI string."""
    with translation.override(language):
        return translation.gettext(swedish)


@cache
def swedish_sentences(language: str) -> tuple[str, ...]:
    """Swedish UI sentences that have a different translation in the language's catalogue: if one
    of them is on a page in that language, something was left untranslated (or not wrapped)."""
    entries = parse_po((LOCALE / language / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    return tuple(
        entry.msgid
        for entry in entries
        if len(entry.msgid) >= 20
        and not re.search(r"[%{<\n]", entry.msgid)
        and entry.msgstr.get(0)
        and entry.msgstr[0] != entry.msgid
    )


def assert_in_language(page: Page, language: str, heading: str | None = None) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", DIRECTION[language])
    if heading is not None:
        expect(page.locator("h1")).to_have_text(t(language, heading))
        assert t(language, heading) != heading, f"{heading!r} is not translated"
    text = page.evaluate(
        """() => { const body = document.body.cloneNode(true);
                   body.querySelectorAll('[lang=sv], script, style').forEach(e => e.remove());
                   return body.textContent.replace(/\\s+/g, ' '); }"""
    )
    left = [sentence for sentence in swedish_sentences(language) if sentence in text]
    assert not left, f"Swedish left on {page.url} in {language!r}: {left}"


def choose_language(page: Page, base_url: str, language: str) -> None:
    """On the start page, with the header's button, the way a citizen does it."""
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    button = page.get_by_role("button", name=SWITCH[language])
    expect(button).to_have_attribute("lang", language)
    button.click()
    page.wait_for_load_state()


def new_application(page: Page, base_url: str, language: str, check: Callable[[Page], None]):
    """Start page, login, every step with error states, check page, receipt, Min sida, a message."""
    checked = check

    def step(heading: str | None) -> None:
        assert_in_language(page, language, heading)
        checked(page)

    choose_language(page, base_url, language)
    step(None)
    page.get_by_role("main").get_by_role("link", name=t(language, "Logga in"), exact=True).click()
    expect(page).to_have_url(base_url + "/logga-in/")
    step(None)

    demo_login(page, base_url, "demo-invanare-1", "/ansokan/")
    step("Ansök om ekonomiskt bistånd")
    submit(page)  # no month chosen
    expect(page.locator(".error-summary")).to_contain_text(
        t(language, "Välj vilken månad du söker för.")
    )
    step("Ansök om ekonomiskt bistånd")
    page.locator("#month_0").check()
    submit(page)

    step("Vilka bor i ditt hushåll?")
    submit(page)  # nothing answered
    expect(page.locator(".error-summary")).to_contain_text(
        t(language, "Svara om du bor med en sambo, make eller maka.")
    )
    step("Vilka bor i ditt hushåll?")
    page.locator("#id_has_partner_1").check()
    page.fill("#id_children_count", "1")
    page.fill("#id_other_adults_count", "0")
    submit(page)

    step("Barnen i ditt hushåll")
    page.fill("#id_c1_birth_date", f"{timezone.localdate().year - 4}-03-01")
    page.locator("#id_c1_lunch_0").check()
    page.locator("#id_c1_lives_0").check()
    page.locator("input[name=c1_incomes][value=none]").check()
    submit(page)

    step("Ditt boende och dina kostnader")
    page.locator("#id_housing_type_0").check()
    page.fill("#id_rent", "-4 123,50")
    submit(page)  # negative: error at the field, the value kept
    expect(page.locator("#id_rent")).to_have_value("-4 123,50")
    step("Ditt boende och dina kostnader")
    page.fill("#id_rent", "4 200")
    submit(page)

    step("Inkomster den här månaden")
    page.locator("input[name=a1_sources][value=child_allowance]").check()
    submit(page)
    step("Hur stora är inkomsterna den här månaden?")
    page.fill("#id_a1_child_allowance", "1 250")
    submit(page)

    step("Pengar och andra tillgångar")
    page.fill("#id_bank_balance", "0")
    page.locator("#id_has_vehicle_1").check()
    submit(page)

    step("Arbete, studier och hälsa")
    page.locator("#id_a1_situation_0").check()
    submit(page)

    step("Andra kostnader du behöver hjälp med")
    submit(page)  # nothing chosen: an error, in the language
    expect(page.locator(".error-summary")).to_contain_text(
        t(
            language,
            "Välj det du behöver hjälp med, eller Nej, jag behöver inte hjälp med något av "
            "det här.",
        )
    )
    step("Andra kostnader du behöver hjälp med")
    page.locator("input[name=needs][value=glasses]").check()
    submit(page)
    step("Glasögon")  # only the chosen cost gets a page of its own
    page.fill("#id_glasses_amount", "900")
    page.fill("#id_glasses_reason", "Mina glasögon gick sönder.")
    submit(page)

    step("Bankkonto för utbetalning")
    page.fill("#id_clearing", "6000")
    page.fill("#id_account", "123456789")
    submit(page)

    step("Samtycke och intygande")
    page.locator("#id_registers_0").check()
    submit(page)  # no declaration
    expect(page.locator(".error-summary")).to_contain_text(
        t(language, "Du måste intyga att uppgifterna stämmer för att kunna skicka ansökan.")
    )
    step("Samtycke och intygande")
    page.locator("#id_truthful").check()
    submit(page)

    step("Kontrollera dina svar innan du skickar ansökan")
    # The amount in the page's language (ADR 0245): "4,200 kr" in English, "4,200 كرونة" in Arabic.
    with translation.override(language):
        rent = citizen_kronor(Decimal("4200"))
    assert "4,200" in rent and "4\u00a0200" not in rent
    expect(page.locator("#section-boende")).to_contain_text(rent)
    submit(page)

    step("Ansökan är skickad")
    number = page.locator(".case-number").inner_text()
    application = Application.objects.get(case__number=number)
    assert application.status == ApplicationStatus.SUBMITTED

    page.goto(f"{base_url}/ansokan/{application.pk}/kvitto/")
    expect(page.locator("main")).to_contain_text(f"{number}-{application.pk}")
    step(None)

    page.goto(f"{base_url}/min-sida/")
    step("Min sida")
    expect(page.locator("main")).to_contain_text(number)

    # A message to the unit: an empty one is an error, then it is sent.
    page.goto(f"{base_url}/meddelanden/nytt/")
    step("Skriv ett meddelande")
    page.locator("main form button.button").click()
    expect(page.locator(".error-summary")).to_contain_text(t(language, "Skriv ditt meddelande."))
    step("Skriv ett meddelande")
    page.fill("#id_subject", "Hyran")
    page.fill("#id_body", "Hyran höjs i april.")
    page.locator("main form button.button").click()
    page.wait_for_load_state()
    assert Thread.objects.filter(subject="Hyran").exists()
    step(None)
    page.goto(f"{base_url}/meddelanden/")
    step("Meddelanden")


def a_decision(page: Page, base_url: str, language: str, check: Callable[[Page], None]) -> None:
    """A returning applicant applies, is decided, and reads what was decided in her language."""
    choose_language(page, base_url, language)
    page.goto(f"{base_url}/logga-in/demo/?next=/ansokan/")
    page.locator("li", has_text="fortsatt ansökan").locator("button").click()
    # This month's help was decided, so only next month is offered (it was offered as well, and
    # choosing it bounced to Min sida).
    expect(page.locator("input[name=month]")).to_have_count(1)
    page.locator("#month_0").check()
    submit(page)
    assert_in_language(page, language, "Har något ändrats?")
    check(page)
    page.locator("main input[type=radio]").first.check()  # Nej, inget har ändrats
    submit(page)
    page.locator("#id_registers_0").check()
    page.locator("#id_truthful").check()
    submit(page)
    submit(page)
    assert_in_language(page, language, "Ansökan är skickad")

    run_pending_jobs()
    decision = latest_decision()
    page.goto(f"{base_url}/min-sida/")
    assert_in_language(page, language, "Min sida")
    part = page.locator("section.case-part[id^=beslut-]").first
    summary = part.locator(".decision-summary").first
    expect(summary).to_contain_text(t(language, "Sammanfattning av beslutet"))
    expect(summary).to_contain_text(
        t(
            language,
            "Beslutet är skrivet på svenska och det är det svenska beslutet som gäller. "
            "Det här är en sammanfattning.",
        )
    )
    check(page)

    page.goto(f"{base_url}/beslut/{decision.pk}/")
    assert_in_language(page, language)
    expect(page.locator("#decision-summary-title")).to_have_text(
        t(language, "Sammanfattning av beslutet")
    )
    # The last day to appeal, now that the letter has been opened.
    expect(page.locator(".decision-summary")).to_contain_text(selectors_last_day(decision))
    letter = page.locator(".letter-page")
    expect(letter).to_have_attribute("lang", "sv")
    expect(letter).to_contain_text("förvaltningsrätten")
    check(page)


def selectors_last_day(decision: Any) -> str:
    from bistand.decisions import selectors

    received = selectors.decision_received_on(decision=decision)
    assert received is not None
    return f"{selectors.appeal_last_day(received_on=received):%Y-%m-%d}"


def _context(browser: Browser, args: dict[str, Any], **extra: Any) -> Iterator[Page]:
    context = browser.new_context(**{**args, **extra})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """JavaScript on (axe runs as a script), 320 px wide."""
    yield from _context(browser, browser_context_args, viewport=NARROW_VIEWPORT)


@pytest.fixture
def no_js_phone_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    yield from _context(
        browser, browser_context_args, viewport=NARROW_VIEWPORT, java_script_enabled=False
    )


def axe_and_reflow(page: Page) -> None:
    check_axe(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_new_application_in_language_passes_axe_at_320px(live_server, phone_page, language):
    new_application(phone_page, live_server.url, language, axe_and_reflow)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_decision_is_summarised_in_language_beside_the_swedish_letter(
    live_server, phone_page, language
):
    a_decision(phone_page, live_server.url, language, axe_and_reflow)


def test_arabic_journey_without_javascript(live_server, no_js_phone_page):
    """The switch is a plain form and every page a server page: nothing needs JavaScript. (The
    Swedish-text check reads the page with a script, so it runs in the tests above.)"""
    page = no_js_phone_page
    choose_language(page, live_server.url, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    demo_login(page, live_server.url, "demo-invanare-1", "/ansokan/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")  # kept across the login
    expect(page.locator("h1")).to_have_text(t("ar", "Ansök om ekonomiskt bistånd"))
    page.locator("#month_0").check()
    submit(page)
    expect(page.locator("h1")).to_have_text(t("ar", "Vilka bor i ditt hushåll?"))
    page.goto(f"{live_server.url}/min-sida/")
    expect(page.locator("h1")).to_have_text(t("ar", "Min sida"))
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("My page")
