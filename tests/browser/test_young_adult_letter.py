"""The young adult's decision letter read as a jurist would, at 1 280 and 320 px (issue 11,
ADR 0200/0235): the parent and the sister belong to another household in the home; the letter
says so without calling the sister an adult, without stating a norm of theirs and without a
"0 kr" figure; it passes axe and does not scroll sideways at 320 px."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.cases import selectors as case_selectors
from bistand.decisions.models import Decision
from bistand.demo import accounts as demo
from bistand.demo import young_adult as demo_young_adult

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_apply_flow import demo_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/bistand-screenshots")


@pytest.fixture(autouse=True)
def _setup(settings) -> Iterator[None]:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))
    demo_young_adult.create(random.Random(5))  # a decided month: one parent, one sister (12)
    yield


def read_letter(page: Page, base_url: str, check: Callable[[Page], None], tag: str) -> None:
    young = User.objects.get(username=demo_young_adult.YOUNG_ADULT)
    (case,) = case_selectors.cases_for_citizen(user=young)
    decision = Decision.objects.filter(case_id=case.pk).order_by("pk").first()
    assert decision is not None
    demo_login(page, base_url, demo_young_adult.YOUNG_ADULT, f"/beslut/{decision.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("bor i hemmet men hör till ett annat hushåll där")
    expect(main).to_contain_text("Hens behov och inkomster ingår inte i din beräkning")
    text = main.inner_text()
    assert "Vuxen i hemmet som inte är sambo" not in text
    assert "Hens norm" not in text
    assert text.count("bor i hemmet men hör till ett annat hushåll där") == 2
    rows = page.locator("main table tbody tr", has_text="hör till ett annat hushåll").all()
    assert len(rows) == 2
    for row in rows:
        cells = row.locator("td").all_inner_texts()
        assert cells[1].strip() == "", cells  # no figure, never "0 kr"
    check(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"young-adult-letter-{tag}.png"), full_page=True)


def test_the_young_adults_letter_reads_right_and_passes_axe(live_server, page):
    read_letter(page, live_server.url, check_axe, "1280")


def test_the_young_adults_letter_fits_320px(live_server, narrow_page):
    read_letter(narrow_page, live_server.url, assert_no_horizontal_scroll, "320")
