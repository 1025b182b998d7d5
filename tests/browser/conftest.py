"""Browser tests: real Chromium (Debian package) driven by Playwright, checked with axe-core.

Recipe: /work/shared/reference/stack-recipes.md section 4. Debian's chromium is used, never
`playwright install`. If Chromium cannot be started the tests FAIL: CI must never go green
without having run the browser tests.

Reusable helpers for new pages (every page must pass all of these):

- ``axe_check(page)``: axe-core with the WCAG 2.0/2.1 A and AA rules, zero violations allowed.
- ``no_js_page``: a page in its own browser context with JavaScript switched off.
- ``narrow_page`` + ``assert_no_horizontal_scroll(page)``: a 320 px wide viewport
  (WCAG 1.4.10 Reflow) and the check that nothing makes the page scroll sideways.
- ``focusable_elements(page)``: the page's keyboard-focusable elements in tab order (DOM order).
- ``use_language(context, live_server, "en")``: sets Django's language cookie.

Every test under tests/browser gets the ``browser`` marker automatically; mark it explicitly as
well (``pytestmark = pytest.mark.browser``) so the intent is visible in the test module.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

# The Playwright sync API runs an event loop in the test thread; without this Django refuses
# ORM calls from it (SynchronousOnlyOperation). Only for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_DIR = Path(__file__).resolve().parent


def _default_chromium() -> str:
    # /usr/bin/chromium is a shell wrapper around this binary (and prints a harmless warning).
    real = Path("/usr/lib/chromium/chromium")
    return str(real) if real.exists() else "/usr/bin/chromium"


CHROMIUM = os.environ.get("CHROMIUM") or _default_chromium()
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW_WIDTH = 320
NARROW_VIEWPORT = {"width": NARROW_WIDTH, "height": 640}
# Swedish is the service's language; Chromium would otherwise send Accept-Language: en-US.
DEFAULT_LOCALE = "sv-SE"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser is a browser test, whether or not its author marked it."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- Database --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A private SQLite test database per run (pytest-django hook fixture).

    ``live_server`` always sets up the test database. The project's SQLite test database is one
    fixed file under the data folder (the job tests' worker processes must find it), so two
    runs at the same time delete each other's database ("disk I/O error"). The browser tests
    need no other process to see their data, so they use a file of their own. When the whole
    suite runs, the first test that needs a database decides, and this has no effect.
    """
    for db_settings in settings.DATABASES.values():
        if db_settings["ENGINE"] == "django.db.backends.sqlite3":
            db_file = tmp_path_factory.mktemp("browser-db") / "test_bistand.sqlite3"
            db_settings.setdefault("TEST", {})["NAME"] = str(db_file)


# --- Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The Chromium binary; a missing one is a failure, never a skip."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM!r}. Install it with `apt-get install -y chromium` "
            "or point the CHROMIUM environment variable at a Chromium binary. "
            "Browser tests must run; they are never skipped.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], chromium_executable: str
) -> dict[str, Any]:
    """pytest-playwright hook fixture: launch Debian's Chromium, headless unless --headed."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright hook fixture: every context starts as a Swedish-speaking user."""
    return {**browser_context_args, "locale": DEFAULT_LOCALE}


def _new_page(browser: Browser, base_args: dict[str, Any], **overrides: Any) -> Iterator[Page]:
    context = browser.new_context(**{**base_args, **overrides})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def no_js_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """A page in a separate context with JavaScript disabled: every page must work like this."""
    yield from _new_page(browser, browser_context_args, java_script_enabled=False)


@pytest.fixture
def narrow_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """A page in a separate context with a 320 CSS px wide viewport (WCAG 1.4.10 Reflow)."""
    yield from _new_page(browser, browser_context_args, viewport=NARROW_VIEWPORT)


# --- Checks ----------------------------------------------------------------------------------


def assert_no_horizontal_scroll(page: Page, width: int = NARROW_WIDTH) -> None:
    """The page fits the viewport: nothing forces the reader to scroll sideways."""
    # After a form post without JavaScript the next document may still be replacing the last
    # one (documentElement null on a loaded machine): measure the page once it has loaded.
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                 .filter(el => el.getBoundingClientRect().right > width + 0.5)
                 .slice(0, 10)
                 .map(el => {
                   const id = el.id ? '#' + el.id : '';
                   const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
                   const right = Math.round(el.getBoundingClientRect().right);
                   return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${right} px)`;
                 })""",
            width,
        )
        pytest.fail(
            f"{page.url} scrolls horizontally at {width} px: scrollWidth is {scroll_width}.\n"
            "Elements sticking out:\n  " + "\n  ".join(wide),
            pytrace=False,
        )


def _format_axe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} WCAG violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation.get('impact')}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; returns the violations of the WCAG A/AA rules."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    # As in assert_no_horizontal_scroll: after a form post without JavaScript the next document
    # may still be replacing the last one (axe read `document` as null on a loaded machine, in
    # the PostgreSQL part of a full run): check the page once it has loaded.
    # A click that navigates may return before the old document goes, so the swap can still
    # come after the wait: then axe is run again on the new page (at most twice more).
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return Axe().run(page, options=options).response["violations"]
        except PlaywrightError as error:
            if attempt == 2 or "null" not in str(error):
                raise
    raise AssertionError("unreachable")


def check_axe(page: Page) -> None:
    """Assert that axe-core finds zero WCAG 2.0/2.1 A and AA violations, with a readable report."""
    violations = run_axe(page)
    if violations:
        pytest.fail(_format_axe_violations(page.url, violations), pytrace=False)


@pytest.fixture
def axe_check() -> Callable[[Page], None]:
    """``axe_check(page)``: zero axe violations (WCAG 2.0/2.1 A and AA) on the current page."""
    return check_axe


def focusable_elements(page: Page) -> list[dict[str, str]]:
    """Keyboard-focusable elements in DOM order (no positive tabindex is used in Bistånd)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, textarea, summary, '
                + '[tabindex]:not([tabindex="-1"])')]
             .filter(el => !el.disabled && !el.closest('[inert]')
                           && getComputedStyle(el).visibility !== 'hidden'
                           && el.getClientRects().length > 0)
             .map(el => ({tag: el.tagName.toLowerCase(), id: el.id,
                          cls: String(el.className), text: el.textContent.trim(),
                          href: el.getAttribute('href') || ''}))"""
    )


def use_language(context: BrowserContext, base_url: str, language: str) -> None:
    """Choose the interface language the way the language button does: Django's cookie."""
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )
