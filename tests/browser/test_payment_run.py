"""The payments desk in real Chromium (issue 14 item 4): an ekonomisekreterare prepares the
payment run, the same person is refused attest, an enhetschef attests and downloads the pain.001.
Every page passes axe (WCAG 2.1 AA), works without JavaScript and fits 320 px."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from bistand.accounts.models import Role, User
from bistand.demo import accounts as demo
from bistand.payments import services
from bistand.payments.models import (
    OrderStatus,
    PaymentFile,
    PaymentOrder,
    PaymentReturn,
    PaymentRun,
)
from tests import factories as test_factories
from tests.payments import factories
from tests.payments.test_camt054 import _entry, _notification
from tests.payments.test_status_report import _report

from .conftest import DEFAULT_LOCALE, assert_no_horizontal_scroll, check_axe
from .test_appeals_flow import click, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _demo(settings) -> None:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))


def payment_run(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    orders = [
        services.payment_order_create_for_decision(decision_id=factories.decision().pk)
        for _ in range(2)
    ]
    day = max(o.payment_date for o in orders if o is not None)
    login(page, base_url, "demo-ekonomisekreterare", "/utbetalningar/")
    page.get_by_role("link", name="Att betala", exact=False).click()
    expect(page.locator("h1")).to_have_text("Att betala")
    check(page)
    page.fill("#id_execution_date", "")
    click(page, "Förbered körningen")  # empty: error state
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.fill("#id_execution_date", f"{day:%Y-%m-%d}")
    click(page, "Förbered körningen")
    expect(page.locator(".messages")).to_contain_text("En annan person ska nu attestera")
    expect(page.locator("main")).to_contain_text("Väntar på attest av en annan person")
    check(page)
    assert not PaymentFile.objects.exists()

    login(page, base_url, "demo-enhetschef", "/utbetalningar/att-betala/")
    click(page, f"Attestera körningen för {day:%Y-%m-%d}")
    expect(page.locator(".messages")).to_contain_text("betalfilen är skapad")
    check(page)
    run = PaymentRun.objects.get()
    assert run.prepared_by == User.objects.get(username="demo-ekonomisekreterare")
    assert run.attested_by == User.objects.get(username="demo-enhetschef")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Hämta {run.file.msg_id}.xml").click()
    download = download_info.value
    assert download.suggested_filename == f"{run.file.msg_id}.xml"
    with open(download.path(), encoding="utf-8") as handle:
        assert handle.read() == run.file.content
    assert PaymentOrder.objects.filter(status=OrderStatus.IN_FILE).count() == 2

    # The bank's status report, read in the browser: each payment's state.
    page.get_by_role("link", name="Läs in bankens besked (pain.002 eller camt.054)").click()
    check(page)
    click(page, "Läs in filen")  # no file: error state
    expect(page.locator(".error-summary")).to_contain_text("Välj filen")
    check(page)
    report = _report(run.file.msg_id, [(o.end_to_end_id, "ACSC", "") for o in orders if o])
    page.set_input_files(
        "#id_report",
        files=[{"name": "pain002.xml", "mimeType": "application/xml", "buffer": report}],
    )
    click(page, "Läs in filen")
    expect(page.locator(".messages")).to_contain_text("2 betalningar")
    expect(page.locator("main table")).to_contain_text("Betald av banken")
    check(page)

    # The bank's camt.054: one payment booked, the other sent back (registered once).
    booked, back = [o for o in orders if o]
    notification = _notification(
        _entry(booked.end_to_end_id, booked.amount, debit=True),
        _entry(back.end_to_end_id, back.amount, debit=False, returned="AC04"),
    )
    page.set_input_files(
        "#id_report",
        files=[{"name": "camt054.xml", "mimeType": "application/xml", "buffer": notification}],
    )
    click(page, "Läs in filen")
    expect(page.locator("main table")).to_contain_text("Bokförd")
    expect(page.locator("main table")).to_contain_text("Kom tillbaka")
    check(page)
    assert PaymentReturn.objects.filter(order_id=back.pk).count() == 1

    # Stop a new order with a reason, then release it.
    order = services.payment_order_create_for_decision(decision_id=factories.decision().pk)
    assert order is not None
    page.goto(f"{base_url}/utbetalningar/order/{order.pk}/")
    check(page)
    click(page, "Stoppa utbetalningen")  # no reason: error state
    expect(page.locator(".error-summary")).to_contain_text("Skriv skälet")
    check(page)
    page.fill("#id_reason", "Hyran kontrolleras med hyresvärden.")
    click(page, "Stoppa utbetalningen")
    expect(page.locator(".messages")).to_contain_text("Utbetalningen är stoppad")
    expect(page.locator("main")).to_contain_text("Hyran kontrolleras med hyresvärden.")
    check(page)
    page.fill("#id_reason", "Hyresvärden har bekräftat hyran.")
    click(page, "Släpp utbetalningen")
    expect(page.locator(".messages")).to_contain_text("Utbetalningen är släppt")
    check(page)
    order.refresh_from_db()
    assert order.status == OrderStatus.READY


def exactly_once(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    """Double click, the back button and two people at once on the attest button: one file."""
    orders = [
        services.payment_order_create_for_decision(decision_id=factories.decision().pk)
        for _ in range(2)
    ]
    day = max(o.payment_date for o in orders if o is not None)
    preparer = test_factories.staff(Role.EKONOMISEKRETERARE, "ekonom-forbereder")
    services.payment_run_prepare(execution_date=day, by=preparer)
    # Two people open the desk at the same time; both see the attest button.
    login(page, base_url, "demo-enhetschef", "/utbetalningar/att-betala/")
    other = page.context.browser.new_context(  # type: ignore[union-attr]
        locale=DEFAULT_LOCALE, viewport=page.viewport_size
    )
    second = other.new_page()
    login(second, base_url, "demo-ekonomisekreterare", "/utbetalningar/att-betala/")
    button = f"Attestera körningen för {day:%Y-%m-%d}"
    expect(second.get_by_role("button", name=button)).to_be_visible()
    page.get_by_role("button", name=button).dblclick()  # double click
    expect(page.locator(".messages")).to_contain_text("betalfilen är skapad")
    check(page)
    page.go_back()  # the back button, and the form sent again
    if page.get_by_role("button", name=button).count():
        page.get_by_role("button", name=button).click()
    second.get_by_role("button", name=button).click()  # the other person, a moment later
    expect(second.locator(".messages")).to_contain_text("redan attesterad av någon annan")
    check(second)
    other.close()
    assert PaymentFile.objects.count() == 1 and PaymentRun.objects.count() == 1
    run = PaymentRun.objects.get()
    assert run.attested_by == User.objects.get(username="demo-enhetschef")
    assert run.file is not None and run.file.number_of_transactions == 2
    assert PaymentOrder.objects.filter(status=OrderStatus.IN_FILE).count() == 2


@pytest.mark.parametrize("walk", [payment_run, exactly_once], ids=lambda w: w.__name__)
def test_payment_run_passes_axe(live_server, page, walk):
    walk(page, live_server.url, check_axe)


@pytest.mark.parametrize("walk", [payment_run, exactly_once], ids=lambda w: w.__name__)
def test_payment_run_works_without_javascript(live_server, no_js_page, walk):
    walk(no_js_page, live_server.url, lambda page: None)


@pytest.mark.parametrize("walk", [payment_run, exactly_once], ids=lambda w: w.__name__)
def test_payment_run_fits_320px(live_server, narrow_page, walk):
    walk(narrow_page, live_server.url, assert_no_horizontal_scroll)
