"""Stickprov in real Chromium (issue 14 item 7): the citizen reads the request on Min sida and
uploads a document; the ekonomisekreterare sees the amounts checked, the case link, what was
asked and the document, and gets a clear message for a note that is too long. Every page passes
axe (WCAG 2.1 AA), works without JavaScript and fits 320 px."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.demo import accounts as demo
from bistand.payments import services
from bistand.payments.models import PostCheck, PostCheckDocument
from tests.payments import factories

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_appeals_flow import click, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _demo(settings, tmp_path) -> None:
    settings.DEMO_LOGIN = True
    settings.POST_CHECK_SHARE = "1"
    settings.POST_CHECK_SHARE_BY = {}
    settings.POST_CHECK_DOCUMENTS_DIR = tmp_path / "private" / "stickprov"
    demo.create(random.Random(4))


def stickprov(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    made = factories.decision(applicant=citizen)
    services.payment_order_create_for_decision(decision_id=made.pk)
    post_check = PostCheck.objects.get(decision_id=made.pk)

    login(page, base_url, "demo-invanare-1", "/min-sida/")
    page.get_by_role("link", name="Ladda upp underlag", exact=False).click()
    expect(page.locator("h1")).to_have_text("Stickprov: visa dina underlag")
    expect(page.locator("main")).to_contain_text("kontoutdrag")
    check(page)
    click(page, "Skicka filen")  # no file: the message at the field
    expect(page.locator(".error-summary")).to_contain_text("Välj filen du vill skicka.")
    check(page)
    page.set_input_files(
        "#id_document",
        files=[{"name": "kvitton-december.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    click(page, "Skicka filen")
    expect(page.locator(".messages")).to_contain_text("har kommit in")
    expect(page.locator("main")).to_contain_text("kvitton-december.pdf")
    check(page)
    document = PostCheckDocument.objects.get()

    login(page, base_url, "demo-ekonomisekreterare", f"/utbetalningar/stickprov/{post_check.pk}/")
    expect(page.locator("main")).to_contain_text("Belopp som kontrolleras")
    expect(page.locator("main")).to_contain_text("Det här ombads den sökande visa")
    expect(page.get_by_role("link", name="Öppna ärende", exact=False)).to_be_visible()
    link = page.get_by_role("link", name="kvitton-december.pdf")
    expect(link).to_be_visible()
    check(page)
    response = page.request.get(
        f"{base_url}/utbetalningar/stickprov/{post_check.pk}/underlag/{document.pk}/"
    )
    assert response.status == 200 and response.body() == PDF
    page.get_by_label("Uppgifterna stämde").check()
    page.fill("#id_note", "Kvittona stämmer. " * 120)
    click(page, "Spara resultatet")
    expect(page.locator(".error-summary")).to_contain_text("högst 2000 tecken")
    check(page)
    page.fill("#id_note", "Kvittona stämmer med beslutet.")
    click(page, "Spara resultatet")
    expect(page.locator(".messages")).to_contain_text("sparat")
    check(page)


@pytest.mark.parametrize("walk", [stickprov], ids=lambda w: w.__name__)
def test_stickprov_passes_axe(live_server, page, walk):
    walk(page, live_server.url, check_axe)


@pytest.mark.parametrize("walk", [stickprov], ids=lambda w: w.__name__)
def test_stickprov_works_without_javascript(live_server, no_js_page, walk):
    walk(no_js_page, live_server.url, lambda page: None)


@pytest.mark.parametrize("walk", [stickprov], ids=lambda w: w.__name__)
def test_stickprov_fits_320px(live_server, narrow_page, walk):
    walk(narrow_page, live_server.url, assert_no_horizontal_scroll)
