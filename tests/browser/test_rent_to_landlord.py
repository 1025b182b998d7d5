"""Rent straight to the landlord on the decision form in real Chromium (issue 14 item 4): a
wrong bankgiro number gets a Swedish message at the field with nothing lost, then the decision
pays the rent as its own line and the letter names the landlord. axe, no JavaScript, 320 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from bistand.applications.models import Application
from bistand.decisions.models import Decision
from bistand.payments.models import OrderKind, PaymentOrder

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_casework import _setup, click, demo_login, routed

__all__ = ["_setup", "routed"]  # the fixtures, used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rent_flow(page: Page, base_url: str, routed: Application, check: Callable[[Page], None]):
    demo_login(page, base_url, "demo-ekonomisekreterare", "/handlaggning/")
    click(page, "Nästa ärende")
    page.get_by_role("link", name="Bedöm och besluta").click()
    expect(page.locator("h1")).to_contain_text("Bedöm och besluta")
    page.locator("#id_need_n1_decision_0").check()
    page.fill("#id_need_n1_amount", "1 000")
    page.fill("#id_need_n1_reason", "Glasögon behövs; skäligt belopp 1 000 kr.")
    page.fill("#id_motivering", "Du får bistånd. Hyran betalas direkt till hyresvärden.")
    page.get_by_label("Betala hyran direkt till hyresvärden").check()
    page.fill("#id_hyra-amount", "2 000")
    page.fill("#id_hyra-landlord", "Exempelbostäder AB")
    page.fill("#id_hyra-account", "5050-1056")  # wrong check digit
    click(page, "Fatta beslut")
    expect(page.locator(".error-summary")).to_contain_text("kontrollsiffran är fel")
    expect(page.locator("#id_hyra-account_error")).to_be_visible()
    expect(page.locator("#id_hyra-message_error")).to_contain_text("OCR-numret eller")
    expect(page.locator("#id_hyra-account")).to_have_value("5050-1056")
    check(page)
    page.fill("#id_hyra-account", "5050-1055")
    page.fill("#id_hyra-ocr", "4711 2026 126")
    click(page, "Fatta beslut")
    expect(page.locator("main")).to_contain_text("Beslutet är fattat")
    check(page)
    decision = Decision.objects.get(application_id=routed.pk)
    rent = PaymentOrder.objects.get(decision_id=decision.pk, kind=OrderKind.RENT)
    assert (rent.account, rent.creditor_reference) == ("50501055", "47112026126")
    assert "direkt till din hyresvärd Exempelbostäder AB" in decision.letter_html


def test_rent_to_landlord_passes_axe(live_server, page, routed):
    rent_flow(page, live_server.url, routed, check_axe)


def test_rent_to_landlord_without_javascript(live_server, no_js_page, routed):
    rent_flow(no_js_page, live_server.url, routed, lambda page: None)


def test_rent_to_landlord_at_320px(live_server, narrow_page, routed):
    rent_flow(narrow_page, live_server.url, routed, assert_no_horizontal_scroll)
