"""The person and the case, and letters by post, in real Chromium as an ekonomisekreterare
(issue 14 item 1, issue 12 items 3 and 7): the person page with the folkbokföring address and
the case history, reached from the case view; the print batch made and listed. Every page passes
axe (WCAG 2.1 AA), works without JavaScript and does not scroll sideways at 320 px."""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.applications.models import Application
from bistand.decisions.models import LetterPreference, PrintBatch
from bistand.demo import accounts as accounts_demo
from bistand.registers import selectors as register_selectors
from tests import factories

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_casework import click, demo_login

SCREENSHOTS = Path(os.environ.get("BISTAND_SCREENSHOTS", tempfile.gettempdir()))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _setup(settings, simulator, tmp_path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path  # the print service simulator's folder
    settings.DEMO_LOGIN = True
    settings.DIGITAL_MAILBOX_ADAPTER = ""
    factories.registers_at(settings, simulator, retries=0, **factories.PLAIN_HTTP)
    accounts_demo.create(random.Random(4))
    yield


@pytest.fixture
def letters(simulator):
    """Two decisions whose households chose post; one applicant has a protected identity."""
    eko = User.objects.get(username="demo-ekonomisekreterare")
    made = []
    for i in range(2):
        person = factories.citizen(f"Post Person {i}")
        LetterPreference.objects.create(user=person, by_post=True)
        made.append(
            factories.decision(
                applicant=person,
                decided_by=eko,
                decided_at=timezone.now() - timedelta(days=1),
                opened=False,
            )
        )
    protected = Application.objects.get(pk=made[1].application_id).case.applicant
    simulator.state.add(
        simulator.state.parse_scenario(
            {"personnummer": protected.personnummer, "scenario": "protected_identity"}
        )
    )
    return made


def person_flow(page: Page, base_url: str, decision, check: Callable[[Page], None]) -> None:
    application = Application.objects.get(pk=decision.application_id)
    demo_login(
        page, base_url, "demo-ekonomisekreterare", f"/handlaggning/ansokan/{application.pk}/"
    )
    page.get_by_role("link", name="Personen och ärendets historik").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Inte hämtad från folkbokföringen.")
    click(page, "Hämta på nytt från folkbokföringen")
    expect(page.locator("main")).to_contain_text("Uppgifterna från folkbokföringen är hämtade.")
    record = register_selectors.person_record(personnummer=application.case.applicant.personnummer)
    assert record is not None and record.data.address is not None
    main = page.locator("main")
    expect(main).to_contain_text(record.data.address.lines()[-1])
    expect(main).to_contain_text(application.case.applicant.personnummer)
    history = page.locator("table")
    expect(history.get_by_role("link", name="Beslut och beslutsbrev")).to_be_visible()
    expect(history.get_by_role("link", name="Ansökan")).to_be_visible()
    check(page)
    history.get_by_role("link", name="Beslut och beslutsbrev").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Beslut om ekonomiskt bistånd")


def post_flow(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    demo_login(page, base_url, "demo-ekonomisekreterare", "/handlaggning/utskrift/")
    expect(page.locator("h1")).to_have_text("Brev med post")
    expect(page.locator("main")).to_contain_text("2 brev kan skrivas ut nu.")
    check(page)
    click(page, "Skapa utskriftsbunt")
    batch = PrintBatch.objects.get()
    expect(page.locator("h1")).to_have_text(f"Utskriftsbunt {batch.pk}")
    main = page.locator("main")
    expect(main).to_contain_text("Skyddad folkbokföring: via Skatteverkets postförmedling")
    expect(main).to_contain_text("EXEMPELSTAD")
    check(page)
    # To the print service (the simulator), once; then its receipt dates each letter.
    click(page, "Skicka bunten till tryckeriet")
    expect(page.locator(".messages")).to_contain_text("Bunten är skickad till tryckeriet.")
    expect(main).to_contain_text("En bunt skickas bara en gång.")
    expect(page.get_by_role("button", name="Skicka bunten till tryckeriet")).to_have_count(0)
    check(page)
    click(page, "Hämta kvittot från tryckeriet")
    expect(page.locator(".messages")).to_contain_text("Kvittot är inläst: 2 brev lämnade")
    expect(main).to_contain_text("räknas som framme")
    expect(main).to_contain_text(f"lämnat till posten {timezone.localdate():%Y-%m-%d}")
    check(page)
    page.get_by_role("link", name="Tillbaka till Brev med post").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Inga brev väntar på utskrift.")
    expect(page.get_by_role("link", name=f"PDF för bunt {batch.pk}")).to_be_visible()
    check(page)


def test_person_page_and_print_batch_pass_axe(live_server, page, letters):
    person_flow(page, live_server.url, letters[0], check_axe)
    post_flow(page, live_server.url, check_axe)


def test_person_page_and_print_batch_without_javascript(live_server, no_js_page, letters):
    person_flow(no_js_page, live_server.url, letters[0], lambda _: None)
    post_flow(no_js_page, live_server.url, lambda _: None)


_TABLE_CELLS = """() => [
    ...document.querySelectorAll('main table caption, main table tbody tr > *')
  ].map(cell => {
    const broken = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return {
      tag: cell.tagName.toLowerCase(),
      text: cell.textContent.trim(),
      label: cell.getAttribute('data-label'),
      before: getComputedStyle(cell, '::before').content,
      display: getComputedStyle(cell).display,
      broken,
    };
  })"""


def assert_tables_reflow_with_labels(page: Page) -> None:
    """At 320 px each row of a staff table is a block and each cell says what it is
    ("Adress: Storgatan 1, …"; a row heading that names itself, "Utskriftsbunt 1", needs no
    label); no word in a cell is broken over two lines."""
    assert_no_horizontal_scroll(page)
    cells = page.evaluate(_TABLE_CELLS)
    assert cells, "no table on the page"
    for cell in cells:
        assert not cell["broken"], f"words broken mid-word at 320 px: {cell['broken']}"
        if cell["tag"] == "caption":
            continue
        assert cell["display"] == "block", cell
        if cell["tag"] == "td" or cell["text"].isdigit():
            assert cell["label"], f"cell without a label: {cell['text']!r}"
        if cell["label"]:
            assert cell["before"] == f'"{cell["label"]}: "', cell


def test_person_page_and_print_batch_at_320px(live_server, narrow_page, letters):
    person_flow(narrow_page, live_server.url, letters[0], assert_no_horizontal_scroll)
    post_flow(narrow_page, live_server.url, assert_tables_reflow_with_labels)
    narrow_page.screenshot(path=str(SCREENSHOTS / "print-batches-320.png"), full_page=True)
    narrow_page.goto(f"{live_server.url}/handlaggning/utskrift/{PrintBatch.objects.get().pk}/")
    assert_tables_reflow_with_labels(narrow_page)
    narrow_page.screenshot(path=str(SCREENSHOTS / "print-batch-320.png"), full_page=True)


def test_print_batch_is_a_table_at_1280px(live_server, page, letters):
    """On a wide screen the same rows stay an ordinary table with its column headings."""
    post_flow(page, live_server.url, lambda _: None)
    page.goto(f"{live_server.url}/handlaggning/utskrift/{PrintBatch.objects.get().pk}/")
    heading = page.locator("main table thead th").first
    expect(heading).to_have_text("Nr")
    expect(heading).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('main tbody td')).display") == (
        "table-cell"
    )
    page.screenshot(path=str(SCREENSHOTS / "print-batch-1280.png"), full_page=True)
