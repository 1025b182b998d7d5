"""The print batch (issue 12 items 3 and 7): letters for citizens who chose post or did not open
the letter in time are gathered into one PDF/UA file for the print-and-mail service, each with
an address sheet carrying the addressee's name and today's folkbokföring address; a protected
identity's letter goes through Skatteverket's mail forwarding and no address is ever printed.
Each letter is in exactly one batch and its post delivery is recorded."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.accounts.models import Role
from bistand.applications.models import Application
from bistand.audit.models import AccessLogEntry
from bistand.decisions import mailbox, print_batch
from bistand.decisions.models import Delivery, DeliveryChannel, LetterPreference, PrintBatch
from bistand.decisions.services import letters_send_second_channel
from bistand.registers import selectors as register_selectors
from tests import factories
from tests.decisions.test_letter import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _post_only(settings, registers_settings):
    settings.DIGITAL_MAILBOX_ADAPTER = ""  # no digital mailbox: unopened letters go to post
    settings.LETTER_SECOND_CHANNEL_DAYS = 5
    settings.REGISTERS_TLS_CERT = settings.REGISTERS_TLS_KEY = settings.REGISTERS_TLS_CA = ""
    mailbox.SIMULATOR.sent.clear()


@pytest.fixture
def clerk(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "clerk-print", display_name="Pia Post")


def _pnr(decision) -> str:
    return Application.objects.get(pk=decision.application_id).case.applicant.personnummer


def _chose_post():
    person = factories.citizen()
    LetterPreference.objects.create(user=person, by_post=True)
    return factories.decision(applicant=person, opened=False)


def _unopened():
    return factories.decision(
        applicant=factories.citizen(),
        decided_at=timezone.now() - timedelta(days=6),
        opened=False,
    )


def _protect(simulator, personnummer):
    simulator.state.add(
        simulator.state.parse_scenario(
            {"personnummer": personnummer, "scenario": "protected_identity"}
        )
    )


def _rows(client, batch) -> list[dict[str, str]]:
    response = client.get(reverse("decisions:print_batch_csv", args=[batch.pk]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_letters_by_post_are_printed_once_with_name_and_address(clerk, simulator):
    chosen, unopened, protected = _chose_post(), _unopened(), _unopened()
    opened_in_time = factories.decision(applicant=factories.citizen(), opened=True)
    _protect(simulator, _pnr(protected))
    assert letters_send_second_channel()["post"] == 2  # no digital mailbox: to post
    client = factories.client_for(clerk)

    page = client.get(reverse("decisions:print_batches")).content.decode()
    assert "3 brev kan skrivas ut nu." in page

    response = client.post(reverse("decisions:print_batches"))
    batch = PrintBatch.objects.get()
    assert response["Location"] == reverse("decisions:print_batch", args=[batch.pk])
    assert batch.letter_count == 3
    # One PDF/UA file: tagged, Swedish, for the print service.
    pdf = client.get(reverse("decisions:print_batch_pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    text = pdf_text(pdf.content)
    assert b"/StructTreeRoot" in text and b"pdfuaid:part" in text and b"/Lang (sv)" in text

    rows = {row["arende"]: row for row in _rows(client, batch)}
    for decision in (chosen, unopened):
        record = register_selectors.person_record(personnummer=_pnr(decision))
        row = rows[Application.objects.get(pk=decision.application_id).case.number]
        assert row["mottagare"] == record.data.name.display
        assert row["adress"] == " / ".join(record.data.address.lines())
        assert row["via_skatteverket"] == "nej"
    secret = rows[Application.objects.get(pk=protected.application_id).case.number]
    assert secret["via_skatteverket"] == "ja"
    assert secret["adress"] == "Skatteverket / Box 2820 / 403 20 Göteborg"
    # Pages: an address sheet then the letter, in order, with no gaps.
    pages = [(int(r["forsta_sida"]), int(r["antal_sidor"])) for r in _rows(client, batch)]
    assert pages[0][0] == 1 and all(count >= 2 for _, count in pages)
    assert all(a + n == b for (a, n), (b, _) in itertools.pairwise(pages))
    assert sum(n for _, n in pages) == batch.page_count

    # Each letter's post delivery is recorded as sent in this batch; the letter page says so.
    for decision in (chosen, unopened, protected):
        delivery = Delivery.objects.get(decision=decision, channel=DeliveryChannel.POST)
        assert delivery.reference == f"utskriftsbunt {batch.pk}"
        letter_page = client.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
        assert f"utskriftsbunt {batch.pk}" in letter_page
    assert not Delivery.objects.filter(decision=opened_in_time, channel=DeliveryChannel.POST)

    # Nothing is printed twice.
    again = client.post(reverse("decisions:print_batches"), follow=True).content.decode()
    assert "Det finns inga brev som väntar på utskrift." in again
    assert PrintBatch.objects.count() == 1
    # Reading and making batches is in the access log.
    assert AccessLogEntry.objects.filter(object_type="print_batch", user=clerk).count() >= 3


def test_a_protected_identity_never_has_an_address_printed(clerk, simulator):
    protected = _chose_post()
    personnummer = _pnr(protected)
    _protect(simulator, personnummer)
    waiting = print_batch.letters_waiting_for_print()
    from bistand.registers.services import folkbokforing_fetch

    folkbokforing_fetch(personnummer=personnummer, case_reference="x", requested_by="t")
    route = print_batch.route_for(waiting[0].addressee)
    assert route.via_skatteverket and route.lines == (personnummer,)
    html = print_batch.batch_html(1, [(waiting[0], route)])
    assert "Skatteverket" in html and "Box 2820" in html and personnummer in html
    assert "EXEMPELSTAD" not in html  # the simulator's town for everyone not protected
    assert "Skyddad folkbokföring" in html


def test_a_letter_without_a_known_address_waits_with_the_reason(clerk, simulator):
    waiting = _chose_post()
    simulator.state.add(
        simulator.state.parse_scenario(
            {
                "personnummer": _pnr(waiting),
                "source": "NAVET",
                "scenario": "error",
                "params": {"status": 503},
            }
        )
    )
    client = factories.client_for(clerk)
    response = client.post(reverse("decisions:print_batches"), follow=True).content.decode()
    assert "folkbokföringen svarade inte eller har ingen adress" in response
    assert not PrintBatch.objects.exists()
    assert Delivery.objects.get(
        decision=waiting, channel=DeliveryChannel.POST
    ).reference.startswith("väntar på utskrift")


def test_only_staff_who_send_letters_reach_the_print_batch(db):
    batchless = reverse("decisions:print_batches")
    for role, status in [
        (Role.SOCIALSEKRETERARE, 403),
        (Role.GRANSKARE, 403),
        (Role.ARBETSMARKNADSSEKRETERARE, 403),
        (Role.ENHETSCHEF, 200),
    ]:
        user = factories.staff(role, f"print-{role.value}")
        assert factories.client_for(user).get(batchless).status_code == status, role
    citizen = factories.citizen()
    assert factories.client_for(citizen).get(batchless).status_code in (403, 404)


@pytest.mark.django_db(transaction=True)
def test_two_people_making_a_batch_at_once_print_each_letter_once(simulator):
    """A double click or two staff at once: one batch with every letter, the other is told."""
    import threading

    from django.db import connection

    clerks = [factories.staff(Role.EKONOMISEKRETERARE, f"clerk-{n}", display_name=n) for n in "AB"]
    made = [_chose_post() for _ in range(3)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def make(clerk):
        try:
            barrier.wait(timeout=10)
            print_batch.print_batch_create(by=clerk)
            outcomes.append("made")
        except print_batch.PrintBatchError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=make, args=(c,)) for c in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes.count("made") >= 1
    printed = Delivery.objects.filter(channel=DeliveryChannel.POST, print_item__isnull=False)
    assert printed.count() == len(made)  # every letter, each in exactly one batch
    assert sum(b.letter_count for b in PrintBatch.objects.all()) == len(made)
