"""The payments desk in the browser: what is due, prepare, attest by another person, download;
stop and release; POST–redirect–GET so a double click or the back button pays nothing twice."""

from __future__ import annotations

import pytest
from django.test import Client

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.core import format as sv_format
from bistand.payments import services
from bistand.payments.models import OrderStatus, PaymentFile, PaymentRun

from .factories import decision

pytestmark = pytest.mark.django_db


def _client(username: str, role: str = Role.EKONOMISEKRETERARE) -> tuple[Client, User]:
    user = User.objects.create(username=username, role=role, display_name=username.title())
    client = Client()
    client.force_login(user)
    return client, user


def _due_day() -> tuple[str, list]:
    orders = [services.payment_order_create_for_decision(decision_id=decision().pk) for _ in "ab"]
    return f"{max(o.payment_date for o in orders):%Y-%m-%d}", orders


def test_prepare_attest_download_through_the_pages():
    day, orders = _due_day()
    anna, _ = _client("anna")
    bo, _ = _client("bo", Role.ENHETSCHEF)
    page = anna.get("/utbetalningar/att-betala/").content.decode()
    assert orders[0].end_to_end_id in page and "Förbered körningen" in page
    response = anna.post("/utbetalningar/att-betala/", {"execution_date": day})
    assert response.status_code == 302  # POST–redirect–GET
    anna.post("/utbetalningar/att-betala/", {"execution_date": day})  # double click
    run = PaymentRun.objects.get()
    page = anna.get("/utbetalningar/att-betala/").content.decode()
    assert "Väntar på attest av en annan person" in page and "Attestera körningen" not in page
    refused = anna.post(f"/utbetalningar/korning/{run.pk}/attestera/", follow=True)
    assert "En annan person måste attestera" in refused.content.decode()
    assert not PaymentFile.objects.exists()
    assert "Attestera körningen" in bo.get("/utbetalningar/att-betala/").content.decode()
    assert bo.post(f"/utbetalningar/korning/{run.pk}/attestera/").status_code == 302
    bo.post(f"/utbetalningar/korning/{run.pk}/attestera/")  # double click / back and resend
    assert PaymentFile.objects.count() == 1
    download = bo.get(f"/utbetalningar/korning/{run.pk}/fil/")
    assert download.status_code == 200
    assert (
        download["Content-Disposition"]
        == f'attachment; filename="BISTAND-{day.replace("-", "")}.xml"'
    )
    assert b"pain.001.001.03" in download.content or b"pain.001" in download.content
    assert AccessLogEntry.objects.filter(object_type="payment_file", action="export").exists()


def test_granskare_sees_the_desk_but_cannot_prepare_attest_or_download():
    day, _ = _due_day()
    anna, _ = _client("anna")
    anna.post("/utbetalningar/att-betala/", {"execution_date": day})
    run = PaymentRun.objects.get()
    granskare, _ = _client("gun", Role.GRANSKARE)
    page = granskare.get("/utbetalningar/att-betala/").content.decode()
    assert "Förbered körningen" not in page and "Attestera körningen" not in page
    assert granskare.post(f"/utbetalningar/korning/{run.pk}/attestera/").status_code == 403
    assert granskare.get(f"/utbetalningar/korning/{run.pk}/fil/").status_code == 403


def test_stop_and_release_an_order_with_a_reason_through_the_page():
    _, orders = _due_day()
    client, _ = _client("anna")
    url = f"/utbetalningar/order/{orders[0].pk}/"
    assert "Skriv skälet" in client.post(url, {"action": "stoppa", "reason": ""}).content.decode()
    response = client.post(url, {"action": "stoppa", "reason": "Hyran kontrolleras"})
    assert response.status_code == 302 and response["Location"] == url
    orders[0].refresh_from_db()
    assert orders[0].status == OrderStatus.HELD and orders[0].hold_reason == "Hyran kontrolleras"
    assert "Hyran kontrolleras" in client.get(url).content.decode()
    client.post(url, {"action": "slapp", "reason": "Hyran stämmer"})
    orders[0].refresh_from_db()
    assert orders[0].status == OrderStatus.READY


def test_the_desk_shows_sums_in_the_one_swedish_amount_format():
    """The sum due per day and per run reads "10 440", not "10440.00" (core.format)."""
    day, orders = _due_day()
    anna, _ = _client("anna")
    total = sum(o.amount for o in orders)
    expected = sv_format.amount(total)
    assert "\u00a0" in expected  # the amounts here are in the thousands: grouped
    page = anna.get("/utbetalningar/att-betala/").content.decode()
    assert f'<td class="amount">{expected}</td>' in page
    assert f"{total:.0f}<" not in page and f"{total}<" not in page
    anna.post("/utbetalningar/att-betala/", {"execution_date": day})
    page = anna.get("/utbetalningar/att-betala/").content.decode()
    assert page.count(f'<td class="amount">{expected}</td>') >= 1


def test_the_file_is_marked_sent_to_the_bank_in_the_browser_once():
    """Issue 14 item 4: nothing on the command line is needed after attesting; marking the file
    sent pays each order once, a double click changes nothing, the granskare cannot."""
    from bistand.payments.models import FileStatus, PaymentOrder

    day, _orders = _due_day()
    anna, anna_user = _client("anna")
    _bo, bo_user = _client("bo", Role.ENHETSCHEF)
    run = services.payment_run_prepare(execution_date=sv_date(day), by=anna_user)
    run = services.payment_run_attest(run_id=run.pk, by=bo_user)
    page = anna.get("/utbetalningar/att-betala/").content.decode()
    assert f"Filen för {day} är skickad till banken" in page
    granskare, _ = _client("gustav", Role.GRANSKARE)
    assert granskare.post(f"/utbetalningar/korning/{run.pk}/skickad/").status_code == 403
    done = anna.post(f"/utbetalningar/korning/{run.pk}/skickad/", follow=True)
    assert "är markerad som skickad till banken" in done.content.decode()
    again = anna.post(f"/utbetalningar/korning/{run.pk}/skickad/", follow=True)
    assert "redan markerad som skickad" in again.content.decode()
    assert PaymentFile.objects.get().status == FileStatus.SENT
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert "Skickad till banken" in again.content.decode()
    assert AccessLogEntry.objects.filter(
        object_type="payment_file", user=anna_user, reason__contains="skickad till banken"
    ).exists()


def sv_date(text: str):
    from datetime import date

    return date.fromisoformat(text)
