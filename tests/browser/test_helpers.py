"""The browser-test helpers themselves: they must catch what they claim to catch.

A check that silently passes everything is worse than none, and CI must never turn green
because Chromium could not be started.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import _pytest.outcomes
import pytest
from playwright.sync_api import Page

from .conftest import assert_no_horizontal_scroll, check_axe, run_axe

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "src" / "bistand" / "core" / "templates"

BAD_PAGE = """<!DOCTYPE html><html><head><title>x</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button></button>
<p style="color:#aaa;background:#fff">grey on white</p>
</body></html>"""


def test_axe_check_reports_violations_readably(page: Page) -> None:
    page.set_content(BAD_PAGE)
    found = {violation["id"] for violation in run_axe(page)}
    assert {"html-has-lang", "image-alt", "button-name", "color-contrast"} <= found
    with pytest.raises(_pytest.outcomes.Failed) as failure:
        check_axe(page)
    report = str(failure.value)
    assert "image-alt (critical)" in report
    assert "https://dequeuniversity.com/rules/axe/" in report
    assert "button" in report


def test_axe_check_passes_a_good_page(page: Page) -> None:
    page.set_content(
        '<!DOCTYPE html><html lang="sv"><head><title>Bra</title></head>'
        "<body><main><h1>Bra sida</h1><p>Text.</p></main></body></html>"
    )
    check_axe(page)


def test_horizontal_scroll_check_catches_a_wide_element(narrow_page: Page) -> None:
    narrow_page.set_content(
        '<!DOCTYPE html><html lang="sv"><head><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>Bred</title></head>'
        '<body><table id="wide" style="width:600px"><tr><td>x</td></tr></table></body></html>'
    )
    with pytest.raises(_pytest.outcomes.Failed, match=r"scrollWidth is \d+[\s\S]*table#wide"):
        assert_no_horizontal_scroll(narrow_page)


def test_no_js_page_really_has_javascript_off(no_js_page: Page) -> None:
    no_js_page.set_content(
        '<!DOCTYPE html><html lang="sv"><head><title>JS</title></head><body>'
        '<p id="out">av</p><script>document.getElementById("out").textContent = "på"</script>'
        "</body></html>"
    )
    assert no_js_page.locator("#out").inner_text() == "av"


def test_server_error_page_passes_axe(page: Page) -> None:
    """500.html is plain HTML (it is rendered without context), in Swedish and English."""
    page.set_content((TEMPLATES / "500.html").read_text(encoding="utf-8"))
    check_axe(page)


def test_missing_chromium_fails_instead_of_skipping(tmp_path: Path) -> None:
    node = f"{Path(__file__).with_name('test_core_pages.py')}::test_chromium_is_the_real_browser"
    env = {**os.environ, "CHROMIUM": str(tmp_path / "no-such-chromium")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", node, "-q", "-p", "no:cacheprovider", "-rA"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Chromium not found" in output, output
    assert re.search(r"^1 error in ", result.stdout, re.MULTILINE), output
    assert not re.search(r"\d+ (skipped|passed|deselected)", output), output
