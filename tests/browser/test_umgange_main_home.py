"""A child who lives here and has umgänge with the other parent (issue 11 item 8), in real
Chromium at 1 280 px and 320 px: the follow-up question, its error state (axe, nothing typed
lost, no sideways scroll) and the check page."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.demo import accounts as demo
from bistand.jobs import registry

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_apply_flow import demo_login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOB = "decisions.process_application"
SHOTS = Path("/tmp/umgange-shots")


@pytest.fixture(autouse=True)
def _setup(settings) -> Iterator[None]:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))
    added = JOB not in registry._REGISTRY
    if added:
        registry._REGISTRY[JOB] = registry.RegisteredJob(name=JOB, apply=lambda **kw: None)
    yield
    if added:
        registry._REGISTRY.pop(JOB, None)


def _walk(page: Page, base_url: str, tag: str, narrow: bool) -> None:
    SHOTS.mkdir(exist_ok=True)
    demo_login(page, base_url, "demo-invanare-1", "/ansokan/")
    page.locator("#month_0").check()
    submit(page)
    page.locator("#id_has_partner_1").check()
    page.fill("#id_children_count", "1")
    page.fill("#id_other_adults_count", "0")
    submit(page)
    expect(page.locator("h1")).to_have_text("Barnen i ditt hushåll")
    page.fill("#id_c1_birth_date", f"{timezone.localdate().year - 8}-03-01")
    page.locator("#id_c1_lunch_0").check()
    page.locator("#id_c1_lives_2").check()
    page.locator("input[name=c1_incomes][value=none]").check()
    page.screenshot(path=str(SHOTS / f"{tag}-barn.png"), full_page=True)
    submit(page)
    field = page.locator("#id_c1_other_parent_days")
    expect(field).to_be_visible()
    page.fill("#id_c1_other_parent_days", "40")
    submit(page)
    expect(page.locator("#id_c1_other_parent_days_error")).to_contain_text("högst 31")
    expect(field).to_have_value("40")
    check_axe(page)
    if narrow:
        assert_no_horizontal_scroll(page)
    page.screenshot(path=str(SHOTS / f"{tag}-barn-mer-fel.png"), full_page=True)
    page.fill("#id_c1_other_parent_days", "8")
    submit(page)
    page.goto(page.url.rsplit("/", 2)[0] + "/kontrollera/")
    page.screenshot(path=str(SHOTS / f"{tag}-kontrollera.png"), full_page=True)


def test_days_with_the_other_parent_at_1280px(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    _walk(page, live_server.url, "wide", narrow=False)


def test_days_with_the_other_parent_at_320px(live_server, narrow_page):
    _walk(narrow_page, live_server.url, "narrow", narrow=True)
