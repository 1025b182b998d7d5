"""Staff pages for payments and stickprov, and the Min sida panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.payments import services
from bistand.payments.models import OrderStatus, PostCheck, RecoveryClaim

from .factories import decision

PAGES = ["/utbetalningar/", "/utbetalningar/retur/", "/utbetalningar/aterkrav/",
         "/utbetalningar/stickprov/"]  # fmt: skip
SEE = {Role.EKONOMISEKRETERARE, Role.ENHETSCHEF, Role.GRANSKARE}


def _client(role: str, name: str = "staff") -> tuple[Client, User]:
    user = User.objects.create(username=f"{name}-{role}", role=role, display_name="Eva Ek")
    client = Client()
    client.force_login(user)
    return client, user


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("url", PAGES)
def test_who_sees_the_payment_pages(db, role, url):
    client, _ = _client(role)
    assert client.get(url).status_code == (200 if role in SEE else 403)


def test_granskare_reads_but_cannot_change(db):
    client, _ = _client(Role.GRANSKARE)
    assert client.post("/utbetalningar/retur/", {}).status_code == 403


def _sent_order():
    order = services.payment_order_create_for_decision(decision_id=decision().pk)
    payment_file = services.payment_file_generate(execution_date=order.payment_date)
    services.payment_file_mark_sent(file_id=payment_file.pk)
    order.refresh_from_db()
    return order


def test_held_order_listed_and_case_read_logged(db):
    order = services.payment_order_create_for_decision(decision_id=decision(payment=None).pk)
    assert order.status == OrderStatus.HELD
    client, user = _client(Role.EKONOMISEKRETERARE)
    page = client.get("/utbetalningar/").content.decode()
    assert order.end_to_end_id in page and "Kontonummer saknas" in page
    assert AccessLogEntry.objects.filter(user=user, object_id=str(order.case_id)).exists()


def test_register_a_return_through_the_form(db):
    order = _sent_order()
    client, _ = _client(Role.EKONOMISEKRETERARE)
    bad = client.post(
        "/utbetalningar/retur/",
        {"reference": order.end_to_end_id, "returned_on": "1 dec", "reason": "Avslutat"},
    )
    text = bad.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in text and 'value="Avslutat"' in text
    ok = client.post(
        "/utbetalningar/retur/",
        {
            "reference": order.end_to_end_id.lower(),
            "returned_on": "2026-12-10",
            "reason": "Avslutat",
        },
    )
    assert ok.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURNED
    unknown = client.post(
        "/utbetalningar/retur/",
        {"reference": "BIS-D999999", "returned_on": "2026-12-10", "reason": "x"},
    )
    assert "Vi hittar ingen utbetalning" in unknown.content.decode()


def test_record_a_claim_never_more_than_granted(db):
    order = _sent_order()
    client, _ = _client(Role.ENHETSCHEF)
    too_much = client.post(
        "/utbetalningar/aterkrav/",
        {"reference": order.end_to_end_id, "amount": "99 999", "reason": "Fel"},
    )
    assert "kan inte vara större" in too_much.content.decode()
    ok = client.post(
        "/utbetalningar/aterkrav/",
        {"reference": order.end_to_end_id, "amount": "1 000,50", "reason": "Fel lön"},
    )
    assert ok.status_code == 302
    assert RecoveryClaim.objects.get().amount == Decimal("1000.50")


@pytest.fixture
def post_check(db, settings):
    settings.POST_CHECK_SHARE = "1"
    settings.POST_CHECK_SHARE_BY = {}
    services.payment_order_create_for_decision(decision_id=decision().pk)
    return PostCheck.objects.get()


def test_case_worker_records_stickprov_outcome_with_claim(post_check):
    client, user = _client(Role.EKONOMISEKRETERARE)
    assert "Ej granskat" in client.get("/utbetalningar/stickprov/").content.decode()
    url = f"/utbetalningar/stickprov/{post_check.pk}/"
    missing = client.post(url, {"outcome": "amount_difference", "note": "Lön saknades"})
    text = missing.content.decode()
    assert "Skriv skillnaden i kronor." in text and "Lön saknades" in text
    ok = client.post(
        url,
        {
            "outcome": "amount_difference",
            "amount_difference": "500",
            "recovery_amount": "500",
            "recovery_reason": "Lön",
        },
    )
    assert ok.status_code == 302
    post_check.refresh_from_db()
    assert post_check.outcome == "amount_difference" and post_check.checked_by == user
    assert RecoveryClaim.objects.get().post_check == post_check


def test_min_sida_shows_payments_returns_and_stickprov(post_check):
    order = services.payment_order_create_for_decision(decision_id=post_check.decision_id)
    payment_file = services.payment_file_generate(execution_date=order.payment_date)
    services.payment_file_mark_sent(file_id=payment_file.pk)
    services.payment_return_register(
        end_to_end_id=order.end_to_end_id,
        returned_on=order.payment_date,
        reason="Kontot är avslutat",
    )
    client = Client()
    client.force_login(User.objects.get(cases_as_applicant__id=order.case_id))
    page = client.get("/min-sida/").content.decode()
    assert "Stickprov: visa dina underlag" in page and "senast" in page
    assert "kom tillbaka från banken" in page and "Kontot är avslutat" in page
    assert "Dina utbetalningar" in page and "5\u00a0220" in page
    # The citizen's words for the payment's state, not the desk's (issue 15 item 8).
    assert "Kom tillbaka" in page


def test_min_sida_names_a_planned_payment_in_the_citizens_words(post_check):
    order = services.payment_order_create_for_decision(decision_id=post_check.decision_id)
    assert order.status == "ready"
    client = Client()
    client.force_login(User.objects.get(cases_as_applicant__id=order.case_id))
    page = client.get("/min-sida/").content.decode()
    assert "Planerad" in page
    assert "Väntar på betalfil" not in page


def test_amounts_in_the_staff_tables_are_written_the_swedish_way(db):
    """Found walking the demo: the payments overview showed "9970,00" in the amount column
    (the Min sida panel and the day sums say "9 970"); the same on the desk's order list."""
    held = services.payment_order_create_for_decision(decision_id=decision(payment=None).pk)
    client, _ = _client(Role.EKONOMISEKRETERARE)
    page = client.get("/utbetalningar/").content.decode()
    row = page.split(held.end_to_end_id, 1)[1].split("</tr>", 1)[0]
    assert "5\u00a0220" in row and "5220" not in row
    ready = services.payment_order_create_for_decision(decision_id=decision().pk)
    desk = client.get("/utbetalningar/att-betala/").content.decode()
    assert ready.end_to_end_id in desk
    row = desk.split(ready.end_to_end_id, 1)[1].split("</tr>", 1)[0]
    assert "5220" not in row and "5\u00a0220" in row
