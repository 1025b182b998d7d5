"""Issue 15 item 3 / docs/adr/0216: a komplettering can carry documents. The citizen attaches
PDF, JPEG or PNG files (type read from the content, size and number limited), they are stored in
the private data directory (0600, random names, outside the web root), the case worker sees and
opens them from the case, and every read is in the access log."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bistand.applications.models import Supplement, SupplementDocument
from bistand.audit.models import AccessLogEntry
from bistand.casework import selectors

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _private_dir(settings, tmp_path):
    settings.SUPPLEMENT_DOCUMENTS_DIR = tmp_path / "private" / "komplettering"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_komplettering_with_files_reaches_the_case_worker_who_opens_them(
    routed, citizen, eva, settings
):
    client = as_user(citizen)
    url = reverse("applications:supplement", args=[routed.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page
    response = client.post(
        url,
        {
            "text": "Här är kvittot på tandläkaren.",
            # A PNG named .pdf is a PNG: the content decides.
            "documents": [
                SimpleUploadedFile("kvitto.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("foto.pdf", PNG, "application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    supplement = Supplement.objects.get()
    documents = list(supplement.documents.order_by("pk"))
    assert [(d.original_name, d.content_type) for d in documents] == [
        ("kvitto.pdf", "application/pdf"),
        ("foto.pdf", "image/png"),
    ]
    directory = Path(settings.SUPPLEMENT_DOCUMENTS_DIR)
    for document in documents:
        path = directory / document.stored_name
        assert path.read_bytes() in (PDF, PNG)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "kvitto" not in document.stored_name and "foto" not in document.stored_name
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    # The citizen sees what was sent.
    again = client.get(url).content.decode()
    assert "2 filer:" in again and "kvitto.pdf" in again
    # It is in the queue, and the case page links each file.
    assert routed.pk in [r.application_id for r in selectors.application_rows()]
    staff = as_user(eva)
    case_page = staff.get(reverse("casework:case", args=[routed.pk])).content.decode()
    file_url = reverse(
        "casework:supplement_document", args=[routed.pk, supplement.pk, documents[0].pk]
    )
    assert file_url in case_page and "Bilaga: kvitto.pdf" in case_page
    before = AccessLogEntry.objects.filter(object_type="supplement_document").count()
    opened = staff.get(file_url)
    assert opened.status_code == 200
    assert opened["Content-Type"] == "application/pdf"
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert opened.content == PDF
    entry = AccessLogEntry.objects.filter(object_type="supplement_document").latest("pk")
    assert AccessLogEntry.objects.filter(object_type="supplement_document").count() == before + 1
    assert entry.user_id == eva.pk and entry.object_id == str(documents[0].pk)
    assert entry.case_number == routed.case.number
    # Not through another komplettering's or application's address.
    wrong = reverse("casework:supplement_document", args=[routed.pk, supplement.pk + 1, 1])
    assert staff.get(wrong).status_code == 404
    # The citizen never opens the staff address.
    assert client.get(file_url).status_code == 403


def test_files_only_are_a_komplettering_too_and_nothing_at_all_is_an_error(routed, citizen):
    client = as_user(citizen)
    url = reverse("applications:supplement", args=[routed.pk])
    refused = client.post(url, {"text": ""})
    assert refused.status_code == 400
    assert "Skriv vad du vill lägga till, eller bifoga en fil." in refused.content.decode()
    response = client.post(
        url, {"text": "", "documents": [SimpleUploadedFile("a.pdf", PDF, "application/pdf")]}
    )
    assert response.status_code == 302
    assert Supplement.objects.get().text == ""
    assert SupplementDocument.objects.count() == 1


def test_a_wrong_type_or_too_large_file_gets_a_message_and_the_text_is_kept(
    routed, citizen, settings
):
    settings.POST_CHECK_UPLOAD_MAX_MB = 1
    client = as_user(citizen)
    url = reverse("applications:supplement", args=[routed.pk])
    response = client.post(
        url,
        {
            "text": "Min hyra har höjts från mars.",
            "documents": [
                SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10, "application/pdf"),
                SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1)),
            ],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "virus.exe: Filen är inte en PDF, JPEG- eller PNG-bild." in html
    assert "stor.pdf: Filen är för stor. Den får vara högst 1 MB." in html
    assert "Min hyra har höjts från mars." in html  # nothing typed is lost
    assert not Supplement.objects.exists()
    assert not list(Path(settings.SUPPLEMENT_DOCUMENTS_DIR).glob("*"))


def test_at_most_the_configured_number_of_files(routed, citizen, settings):
    settings.SUPPLEMENT_UPLOAD_MAX_FILES = 2
    client = as_user(citizen)
    response = client.post(
        reverse("applications:supplement", args=[routed.pk]),
        {
            "text": "Tre kvitton.",
            "documents": [
                SimpleUploadedFile(f"k{i}.pdf", PDF, "application/pdf") for i in range(3)
            ],
        },
    )
    assert response.status_code == 400
    assert "Du kan skicka högst 2 filer med en komplettering." in response.content.decode()
    assert not Supplement.objects.exists()
