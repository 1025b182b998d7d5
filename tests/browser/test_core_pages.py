"""The public shell in real Chromium: start page, about, accessibility statement and 404.

Each page, in Swedish and in English: axe finds no WCAG A/AA violations, it works without
JavaScript, it does not scroll sideways at 320 px, and the skip link is the first thing the
keyboard reaches and moves focus to the main content.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import (
    assert_no_horizontal_scroll,
    check_axe,
    focusable_elements,
    use_language,
)

pytestmark = pytest.mark.browser

# path, status, <h1> in Swedish, <h1> in English
PAGES = [
    ("/", 200, "Ansök om ekonomiskt bistånd", "Apply for financial assistance"),
    ("/om-tjansten/", 200, "Om tjänsten", "About the service"),
    ("/tillganglighet/", 200, "Tillgänglighet för tjänsten", "Accessibility of the service"),
    ("/den-har-sidan-finns-inte/", 404, "Sidan finns inte", "Page not found"),
    ("/utloggad/", 200, "Du är utloggad", "You are logged out"),
    # Logging out is POST only: a GET gets the 405 page (issue 13 item 9).
    ("/logga-ut/", 405, "Sidan kan inte användas så", "The page cannot be used like this"),
]
PAGE_IDS = ["start", "about", "accessibility", "404", "session-ended", "405"]
LANGUAGES = ["sv", "en"]
SKIP_LINK = {"sv": "Hoppa till innehållet", "en": "Skip to main content"}


def open_page(page: Page, base_url: str, path: str, language: str, status: int) -> None:
    if language != "sv":
        use_language(page.context, base_url, language)
    response = page.goto(base_url + path)
    assert response is not None
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"


def expected_h1(sv: str, en: str, language: str) -> str:
    return en if language == "en" else sv


def test_chromium_is_the_real_browser(browser: Browser) -> None:
    """Guards against a silently missing browser: these tests need Debian's Chromium."""
    assert browser.browser_type.name == "chromium"
    assert re.match(r"^\d+\.", browser.version), browser.version


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "status", "sv", "en"), PAGES, ids=PAGE_IDS)
def test_page_passes_axe(
    live_server, page: Page, path: str, status: int, sv: str, en: str, language: str
) -> None:
    open_page(page, live_server.url, path, language, status)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(expected_h1(sv, en, language))
    check_axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "status", "sv", "en"), PAGES, ids=PAGE_IDS)
def test_page_works_without_javascript(
    live_server, no_js_page: Page, path: str, status: int, sv: str, en: str, language: str
) -> None:
    page = no_js_page
    assert page.evaluate("1 + 1") == 2  # Playwright itself still runs; the page's scripts do not
    open_page(page, live_server.url, path, language, status)
    expect(page.get_by_role("heading", level=1)).to_have_text(expected_h1(sv, en, language))
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    # No content may depend on a script: nothing hidden waiting for JavaScript to reveal it.
    assert page.locator("noscript").count() == 0
    # Navigation works: follow the footer link to the accessibility statement.
    footer_link = "Tillgänglighet" if language == "sv" else "Accessibility"
    page.get_by_role("contentinfo").get_by_role("link", name=footer_link).click()
    expect(page).to_have_url(live_server.url + "/tillganglighet/")
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "status", "sv", "en"), PAGES, ids=PAGE_IDS)
def test_page_fits_320_px_without_horizontal_scroll(
    live_server, narrow_page: Page, path: str, status: int, sv: str, en: str, language: str
) -> None:
    page = narrow_page
    open_page(page, live_server.url, path, language, status)
    assert page.evaluate("window.innerWidth") == 320
    assert_no_horizontal_scroll(page)
    # The skip link, once focused, is on screen too.
    page.keyboard.press("Tab")
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 320
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "status", "sv", "en"), PAGES, ids=PAGE_IDS)
def test_skip_link_is_first_and_moves_focus_to_main(
    live_server, page: Page, path: str, status: int, sv: str, en: str, language: str
) -> None:
    open_page(page, live_server.url, path, language, status)
    first = focusable_elements(page)[0]
    assert first["cls"] == "skip-link", f"first focusable element is {first}"
    assert first["text"] == SKIP_LINK[language]

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=SKIP_LINK[language])
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "innehall"

    # The next Tab continues inside the main content, not back at the top of the page.
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "document.querySelector('main').contains(document.activeElement)"
        " || document.querySelector('footer').contains(document.activeElement)"
    )
    assert inside_main, "Tab after the skip link went back to the header"


@pytest.mark.parametrize("path", ["/", "/om-tjansten/", "/tillganglighet/"])
def test_language_switch_to_english_and_back(live_server, page: Page, path: str) -> None:
    page.goto(live_server.url + path)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")

    to_english = page.get_by_role("button", name="In English")
    expect(to_english).to_have_attribute("lang", "en")
    to_english.click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + path)
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)
    expect(page.get_by_role("button", name="In English")).to_have_count(0)

    # The choice is remembered on the next page.
    page.goto(live_server.url + "/om-tjansten/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("About the service")

    to_swedish = page.get_by_role("button", name="På svenska")
    expect(to_swedish).to_have_attribute("lang", "sv")
    to_swedish.click()
    expect(html).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Om tjänsten")
    expect(page.get_by_role("button", name="In English")).to_be_visible()


def test_language_switch_works_without_javascript(live_server, no_js_page: Page) -> None:
    page = no_js_page
    page.goto(live_server.url + "/tillganglighet/")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/tillganglighet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility of the service")
    page.get_by_role("button", name="På svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighet för tjänsten")


def test_language_switch_is_keyboard_operable(live_server, page: Page) -> None:
    page.goto(live_server.url + "/")
    button = page.get_by_role("button", name="In English")
    button.focus()
    expect(button).to_be_focused()
    # A visible focus indicator (WCAG 2.4.7): the outline is drawn when focused by keyboard.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("none", ""), "the language button has no visible focus outline"
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_swedish_is_the_default(live_server, page: Page) -> None:
    """A Swedish browser (and one with no usable language preference) gets Swedish."""
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_browser_language_english_is_respected(live_server, browser: Browser) -> None:
    """Django's LocaleMiddleware honours Accept-Language until the reader makes a choice."""
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Apply for financial assistance")
    finally:
        context.close()
