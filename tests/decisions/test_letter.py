"""The decision letter on Min sida (HTML and tagged PDF), who may read it, and the notice."""

from __future__ import annotations

import re
import zlib

import pytest
from django.core import mail
from django.urls import reverse

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.decisions.models import Decision
from bistand.jobs.models import Job
from bistand.jobs.runner import run_job

from .conftest import process, recurring_application, routine_citizen

pytestmark = pytest.mark.usefixtures("registers_settings")


@pytest.fixture
def decided(citizen, worker) -> Decision:
    User.objects.filter(pk=citizen.pk).update(email="person@example.org")
    citizen.refresh_from_db()
    application = recurring_application(citizen, worker)
    process(application)
    return Decision.objects.get(application_id=application.pk)


def test_the_citizen_finds_the_letter_on_min_sida(client, citizen, decided):
    client.force_login(citizen)
    page = client.get(reverse("applications:min_sida")).content.decode()
    url = reverse("decisions:letter", args=[decided.pk])
    assert url in page and reverse("decisions:letter_pdf", args=[decided.pk]) in page
    letter = client.get(url).content.decode()
    assert "Försörjningsstöd beviljas" in letter
    assert "Om du inte är nöjd med beslutet" in letter
    assert "Automatiserad beslutsfunktion" in letter


def test_the_pdf_is_tagged_pdf_ua(client, citizen, decided):
    client.force_login(citizen)
    response = client.get(reverse("decisions:letter_pdf", args=[decided.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert b"/StructTreeRoot" in text  # tagged
    assert b"/MarkInfo" in text
    assert b"pdfuaid:part" in text  # PDF/UA-1 identification in the XMP metadata
    assert b"/Lang (sv)" in text


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated (object streams hide the catalog)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_another_citizen_cannot_read_the_letter(client, decided):
    stranger = routine_citizen(99)
    client.force_login(stranger)
    for name in ("decisions:letter", "decisions:letter_pdf"):
        assert client.get(reverse(name, args=[decided.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, decided):
    response = client.get(reverse("decisions:letter", args=[decided.pk]))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_a_staff_read_is_access_logged(client, worker, decided):
    auditor = User.objects.create(username="gus", role=Role.GRANSKARE, display_name="Gus")
    client.force_login(auditor)
    assert client.get(reverse("decisions:letter", args=[decided.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(user=auditor, object_type="decision")
    assert entry.object_id == str(decided.pk) and entry.reason


def test_the_household_is_notified_without_amounts(settings, citizen, decided):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    job = Job.objects.get(key=f"decision-{decided.pk}-notify")
    assert run_job(str(job.pk)) == "done"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["person@example.org"]
    assert "Min sida" in message.body
    assert str(decided.amount).split(".")[0] not in message.body
    assert citizen.personnummer not in message.body


def test_no_notice_job_without_an_address(citizen, worker):
    application = recurring_application(citizen, worker)
    process(application)
    decision = Decision.objects.get(application_id=application.pk)
    assert not Job.objects.filter(key=f"decision-{decision.pk}-notify").exists()
