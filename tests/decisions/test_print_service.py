"""The print batch goes to the print-and-mail service (issue 12 item 3; docs/adr/0207): sent
exactly once through the configured adapter (the local simulator here), and the service's
receipt sets, per letter, the day it was printed, handed to the post or returned; a letter
posted counts as received the set number of working days later, and the appeal period (FL 44 §)
runs from that day. A returned letter is not received by post."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bistand.accounts.models import Role
from bistand.applications.models import Application
from bistand.audit.models import AccessLogEntry
from bistand.core.format import citizen_day
from bistand.core.workdays import decision_due_day
from bistand.decisions import print_batch, print_service, selectors
from bistand.decisions.models import (
    Delivery,
    LetterPreference,
    PrintBatch,
    PrintBatchSend,
    PrintSendState,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _simulated_print_service(settings, registers_settings, tmp_path):
    settings.DIGITAL_MAILBOX_ADAPTER = ""
    settings.REGISTERS_TLS_CERT = settings.REGISTERS_TLS_KEY = settings.REGISTERS_TLS_CA = ""
    settings.DATA_DIR = tmp_path
    settings.MUNICIPALITY = dataclasses.replace(
        settings.MUNICIPALITY,
        print_service=dataclasses.replace(
            settings.MUNICIPALITY.print_service, adapter="simulator", delivery_working_days=2
        ),
    )


@pytest.fixture
def clerk(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "clerk-send", display_name="Pia Post")


def _batch_of(count: int, clerk, simulator) -> PrintBatch:
    for _n in range(count):
        person = factories.citizen()
        LetterPreference.objects.create(user=person, by_post=True)
        factories.decision(applicant=person, opened=False)
    return print_batch.print_batch_create(by=clerk)


def test_a_batch_is_sent_once_and_its_receipt_dates_each_letter(clerk, simulator):
    batch = _batch_of(2, clerk, simulator)
    client = factories.client_for(clerk)
    page = client.get(reverse("decisions:print_batch", args=[batch.pk])).content.decode()
    assert "Skicka bunten till tryckeriet" in page

    client.post(reverse("decisions:print_batch_send", args=[batch.pk]))
    send = PrintBatchSend.objects.get(batch=batch)
    assert send.state == PrintSendState.SENT and send.attempts == 1
    sim = print_service.LocalPrintService()
    name = print_batch.print_batch_name(batch)
    assert sim.sent_names() == [name]
    assert (sim.root / name / "bunt.pdf").read_bytes() == bytes(batch.pdf)
    assert AccessLogEntry.objects.filter(object_type="print_batch", action="export").count() == 2

    # A second click, or the back button and send again: refused, nothing sent twice.
    response = client.post(reverse("decisions:print_batch_send", args=[batch.pk]), follow=True)
    assert "Bunten är redan skickad till tryckeriet." in response.content.decode()
    assert PrintBatchSend.objects.get(batch=batch).attempts == 1
    assert sim.sent_names() == [name]

    # The simulator printed and posted both today; one comes back as undeliverable.
    first, second = batch.items.order_by("position")
    today = timezone.localdate()
    sim.mark_returned(name=name, position=2, on=today, reason="Okänd adressat")
    client.post(reverse("decisions:print_batch_receipt", args=[batch.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.printed_on, first.posted_on, first.returned_on) == (today, today, None)
    assert second.returned_on == today and second.return_reason == "Okänd adressat"
    # Posted today: taken to arrive two working days later, which has not come yet.
    assert first.delivery.received_at is None
    page = client.get(reverse("decisions:print_batch", args=[batch.pk])).content.decode()
    assert "lämnat till posten" in page and "kom tillbaka" in page and "Okänd adressat" in page


def test_the_appeal_period_runs_from_the_presumed_delivery_day(clerk, simulator):
    batch = _batch_of(1, clerk, simulator)
    item = batch.items.get()
    posted = timezone.localdate() - timedelta(days=10)
    receipt = print_service.receipt_csv(
        [
            print_service.ReceiptRow(1, item.case_number, "utskriven", posted),
            print_service.ReceiptRow(1, item.case_number, "inlamnad", posted),
        ]
    )
    counts = print_batch.print_receipt_import(batch=batch, text=receipt)
    assert counts["posted"] == 1 and counts["received"] == 1
    delivery = Delivery.objects.get(pk=item.delivery_id)
    arrived = decision_due_day(posted, 2)
    assert timezone.localtime(delivery.received_at).date() == arrived
    assert "antas ha kommit fram" in delivery.reference
    decision = delivery.decision
    assert selectors.decision_received_on(decision=decision) == arrived
    last_day = selectors.appeal_last_day(received_on=arrived)
    assert last_day >= arrived + timedelta(weeks=3)
    # The citizen sees that exact last day beside the letter (opening it today is later).
    citizen = factories.client_for(
        Application.objects.get(pk=decision.application_id).case.applicant
    )
    page = citizen.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
    assert f"Sista dag att överklaga: {citizen_day(last_day)}" in page
    # Reading the same receipt again changes nothing.
    assert print_batch.print_receipt_import(batch=batch, text=receipt)["received"] == 0
    # The post returns it after all: it was not received by post.
    returned = receipt + f"1;{item.case_number};retur;{timezone.localdate():%Y-%m-%d};Avflyttad\r\n"
    assert print_batch.print_receipt_import(batch=batch, text=returned)["unreceived"] == 1
    delivery.refresh_from_db()
    assert delivery.received_at is None and "kom tillbaka" in delivery.reference


def test_a_receipt_for_another_batch_is_refused_whole(clerk, simulator):
    batch = _batch_of(1, clerk, simulator)
    text = "lopnummer;arende;status;datum;orsak\r\n1;EB-0000-000000;inlamnad;2026-01-05;\r\n"
    with pytest.raises(print_service.PrintServiceError, match="som inte finns i utskriftsbunt"):
        print_batch.print_receipt_import(batch=batch, text=text)
    with pytest.raises(print_service.PrintServiceError, match="rubrikraden"):
        print_batch.print_receipt_import(batch=batch, text="nr;status\r\n")
    assert batch.items.get().posted_on is None


def test_without_a_service_staff_upload_the_receipt_file(clerk, simulator, settings):
    settings.MUNICIPALITY = dataclasses.replace(
        settings.MUNICIPALITY,
        print_service=dataclasses.replace(settings.MUNICIPALITY.print_service, adapter="none"),
    )
    batch = _batch_of(1, clerk, simulator)
    item = batch.items.get()
    client = factories.client_for(clerk)
    page = client.get(reverse("decisions:print_batch", args=[batch.pk])).content.decode()
    assert "Ingen tryckeritjänst är inställd" in page and "Skicka bunten" not in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    posted = date(2026, 1, 5)
    upload = SimpleUploadedFile(
        "kvitto.csv",
        f"lopnummer;arende;status;datum;orsak\r\n1;{item.case_number};inlamnad;{posted}\r\n".replace(
            f"{posted}\r\n", f"{posted};\r\n"
        ).encode("utf-8-sig"),
        content_type="text/csv",
    )
    response = client.post(
        reverse("decisions:print_batch_receipt", args=[batch.pk]), {"receipt": upload}, follow=True
    )
    assert "Kvittot är inläst" in response.content.decode()
    item.refresh_from_db()
    assert item.posted_on == posted


def test_the_sweep_reads_the_receipts_of_sent_batches(clerk, simulator):
    batch = _batch_of(1, clerk, simulator)
    print_batch.print_batch_send(batch_id=batch.pk, by=clerk)
    assert print_batch.print_receipts_sweep()["batches"] == 1
    assert batch.items.get().posted_on == timezone.localdate()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_sending_at_once_send_it_once(simulator):
    clerk = factories.staff(Role.EKONOMISEKRETERARE, "clerk-a", display_name="A")
    other = factories.staff(Role.ENHETSCHEF, "clerk-b", display_name="B")
    batch = _batch_of(1, clerk, simulator)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def send(user) -> None:
        from django.db import connections

        barrier.wait()
        try:
            print_batch.print_batch_send(batch_id=batch.pk, by=user)
            outcomes.append("sent")
        except print_batch.PrintBatchError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(u,)) for u in (clerk, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "sent"]
    assert PrintBatchSend.objects.get(batch=batch).attempts == 1
    assert len(print_service.LocalPrintService().sent_names()) == 1
