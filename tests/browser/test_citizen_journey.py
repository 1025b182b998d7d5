"""The citizen's way in (issue 15), in real Chromium: axe, no JavaScript, 320 px.

A citizen who has never used the service lands on the start page, finds how to apply and how to
log in, what she needs, how long it takes, what happens next, and how to reach the unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from .conftest import NARROW_VIEWPORT, assert_no_horizontal_scroll, check_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def citizen_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """A citizen on a small phone with JavaScript switched off."""
    context = browser.new_context(
        **{**browser_context_args, "java_script_enabled": False, "viewport": NARROW_VIEWPORT}
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_start_page_leads_a_new_citizen_to_login(live_server, citizen_page: Page) -> None:
    page = citizen_page
    page.goto(live_server.url + "/")
    main = page.get_by_role("main")
    for heading in ("Det här behöver du", "Så lång tid tar det", "Vad händer sedan"):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    phone = settings.MUNICIPALITY.contact.phone
    expect(main.get_by_role("link", name=phone)).to_be_visible()
    expect(main).to_contain_text(settings.MUNICIPALITY.contact.visiting_address)
    assert_no_horizontal_scroll(page)

    main.get_by_role("link", name="Logga in").click()
    expect(page).to_have_url(live_server.url + "/logga-in/")


def test_apply_entry_asks_the_citizen_to_log_in_first(live_server, citizen_page: Page) -> None:
    page = citizen_page
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="Ansök om ekonomiskt bistånd").click()
    # Not logged in: the login page, which returns to the application afterwards.
    assert page.url.startswith(live_server.url + "/logga-in/")
    assert "ansokan" in page.url


def test_accessibility_statement_says_how_to_reach_the_unit(
    live_server, citizen_page: Page
) -> None:
    page = citizen_page
    page.goto(live_server.url + "/tillganglighet/")
    phone = settings.MUNICIPALITY.contact.phone
    expect(page.get_by_role("main").get_by_role("link", name=phone)).to_be_visible()
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("path", ["/", "/tillganglighet/"])
def test_way_in_pages_pass_axe(live_server, page: Page, path: str) -> None:
    # axe runs as a script, so with JavaScript on; the pages themselves use none.
    page.goto(live_server.url + path)
    check_axe(page)
