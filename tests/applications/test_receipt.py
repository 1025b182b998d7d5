"""Issue 15 item 4: a receipt worth keeping: reference number, when it came in, and a readable
copy of every answer, as a page and as a tagged PDF (PDF/UA-1)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.decisions.test_letter import pdf_text

from .helpers import fill_alone, post_step, start_application

pytestmark = pytest.mark.django_db


def submitted(client, alice):
    client.force_login(alice)
    application = start_application(client, f"{timezone.localdate():%Y-%m}")
    fill_alone(client, application)
    post_step(client, application, "behov", {"needs": ["glasses"]})
    post_step(
        client,
        application,
        "behov-glasogon",
        {"glasses_amount": "1 200", "glasses_reason": "Glasögonen gick sönder."},
    )
    application.refresh_from_db()
    client.post(
        reverse("applications:check", args=[application.pk]), {"version": application.version}
    )
    application.refresh_from_db()
    return application


def test_the_receipt_has_reference_time_and_every_answer(client, alice):
    application = submitted(client, alice)
    html = client.get(reverse("applications:receipt", args=[application.pk])).content.decode()
    assert f"{application.case.number}-{application.pk}" in html
    local = timezone.localtime(application.submitted_at)
    assert f"kl. {local:%H.%M}" in html
    assert "T" + f"{local:%H:%M}" not in html  # no ISO timestamp
    # Every section, labelled, amounts in the one format.
    for text in [
        "Dina svar i ansökan",
        "Boende och kostnader",
        "6\u00a0500\u00a0kr",
        "Lön (efter skatt)",
        "2\u00a0000\u00a0kr",
        "Glasögonen gick sönder.",
        "Bankkonto",
    ]:
        assert text in html, text
    assert "Ändra" not in html  # a copy, not the check page


def test_the_receipt_as_a_tagged_pdf(client, alice):
    application = submitted(client, alice)
    response = client.get(reverse("applications:receipt_pdf", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert b"/StructTreeRoot" in text  # tagged
    assert b"/MarkInfo" in text
    assert b"pdfuaid:part" in text  # PDF/UA-1 identification in the XMP metadata
    assert b"/Lang (sv)" in text


def test_a_draft_has_no_receipt_pdf(client, alice):
    client.force_login(alice)
    application = start_application(client, f"{timezone.localdate():%Y-%m}")
    assert client.get(reverse("applications:receipt_pdf", args=[application.pk])).status_code == 404
