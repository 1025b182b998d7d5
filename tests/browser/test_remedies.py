"""Remedies around a decision (issue 12) in real Chromium, as the citizen and as staff: the
appeal period counted from the day the citizen opened the letter (FL 44 §) and a late appeal
taken up under FL 45 §. Every page and error state passes axe (WCAG 2.1 AA), works without
JavaScript and does not scroll sideways at 320 px."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.accounts import demo
from bistand.accounts.models import User
from bistand.appeals import services as appeal_services
from bistand.appeals.models import Appeal, AppealStatus
from tests.appeals import factories

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_appeals_flow import click, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _demo(settings) -> None:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))


def appeal_period(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    decision = factories.decision(
        applicant=citizen, decided_at=timezone.now() - timedelta(days=30), opened=False
    )
    login(page, base_url, "demo-invanare-1", "/min-sida/")
    expect(page.locator(".decision-list")).to_contain_text("inte öppnat än")
    check(page)
    page.locator(f".decision-list a[href='/beslut/{decision.pk}/']").click()
    last_day = appeal_services.appeal_deadline(received_on=timezone.localdate())
    expect(page.locator(".appeal-box")).to_contain_text(
        f"Sista dag att överklaga: {last_day:%Y-%m-%d}."
    )
    check(page)
    page.get_by_role("link", name="Överklaga beslutet på Min sida").click()
    expect(page.locator(".deadline")).to_contain_text("Sista dag att överklaga")
    check(page)
    page.fill("#id_wanted_change", "Mer till hyran.")
    page.fill("#id_reasons", "Hyran är skälig.")
    click(page, "Skicka överklagandet")
    assert Appeal.objects.get(decision=decision).late is False


def late_appeal(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    old = factories.decision(applicant=citizen, decided_at=timezone.now() - timedelta(days=40))
    appeal = appeal_services.appeal_submit(
        decision=old, by=citizen, wanted_change="x", reasons="Jag fick fel besked om tiden."
    )
    login(page, base_url, "demo-ekonomisekreterare", f"/handlaggning/overklaganden/{appeal.pk}/")
    expect(page.locator(".flag-late")).to_have_text("för sent")
    check(page)
    page.get_by_label("underrättelsen om hur man överklagar saknades", exact=False).check()
    click(page, "Spara rättidsprövningen")
    expect(page.locator(".messages")).to_contain_text("Rättidsprövningen är sparad")
    expect(page.locator("main")).to_contain_text("Kom in för sent, men tas upp")
    check(page)
    page.fill("#id_forwarded_on", f"{timezone.localdate():%Y-%m-%d}")
    click(page, "Spara överlämnandet")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED and appeal.late_exception == "notice"


WALKS = [appeal_period, late_appeal]


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__)
def test_remedy_passes_axe(live_server, page, walk):
    walk(page, live_server.url, check_axe)


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__)
def test_remedy_works_without_javascript(live_server, no_js_page, walk):
    walk(no_js_page, live_server.url, lambda page: None)


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__)
def test_remedy_fits_320px(live_server, narrow_page, walk):
    walk(narrow_page, live_server.url, assert_no_horizontal_scroll)
