"""Stickprov on both sides (issue 14 item 7, docs/adr/0176): the staff page shows the amounts
checked, the case link and what the citizen was asked for; the citizen uploads the requested
documents on Min sida (type read from the content, size limited by a setting), they are stored
in the private data directory outside the web root, staff can open them, every read is in the
access log, and the note has a length limit with a clear message."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessLogEntry
from bistand.cases.models import CaseEvent
from bistand.payments import services
from bistand.payments.models import PostCheck, PostCheckDocument

from .factories import decision

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def post_check(db, settings, tmp_path):
    settings.POST_CHECK_SHARE = "1"
    settings.POST_CHECK_SHARE_BY = {}
    settings.POST_CHECK_DOCUMENTS_DIR = tmp_path / "private" / "stickprov"
    services.payment_order_create_for_decision(decision_id=decision(amount="5220.00").pk)
    return PostCheck.objects.get()


def _citizen(check: PostCheck) -> tuple[Client, User]:
    user = User.objects.get(cases_as_applicant__id=check.case_id)
    client = Client()
    client.force_login(user)
    return client, user


def _staff(role: str = Role.EKONOMISEKRETERARE) -> tuple[Client, User]:
    user = User.objects.create(username=f"stickprov-{role}", role=role, display_name="Eva Ek")
    client = Client()
    client.force_login(user)
    return client, user


def _upload(client: Client, check: PostCheck, name: str, content: bytes, kind: str):
    return client.post(
        f"/min-sida/stickprov/{check.pk}/",
        {"document": SimpleUploadedFile(name, content, kind)},
    )


def test_the_citizen_is_asked_on_min_sida_and_uploads_pdf_jpeg_and_png(post_check, settings):
    client, user = _citizen(post_check)
    min_sida = client.get("/min-sida/").content.decode()
    assert f'href="/min-sida/stickprov/{post_check.pk}/"' in min_sida
    page = client.get(f"/min-sida/stickprov/{post_check.pk}/").content.decode()
    assert post_check.request_text and post_check.request_text in page
    assert "kontoutdrag" in post_check.request_text
    for name, content, kind in [
        ("kvitton.pdf", PDF, "application/pdf"),
        ("lonebesked.jpg", JPEG, "image/jpeg"),
        # A PNG named .pdf and declared as PDF is a PNG: the content decides.
        ("kontoutdrag.pdf", PNG, "application/pdf"),
    ]:
        response = _upload(client, post_check, name, content, kind)
        assert response.status_code == 302
    stored = list(PostCheckDocument.objects.order_by("pk"))
    assert [d.content_type for d in stored] == ["application/pdf", "image/jpeg", "image/png"]
    assert all(d.uploaded_by == user for d in stored)
    directory = Path(settings.POST_CHECK_DOCUMENTS_DIR)
    for document in stored:
        path = directory / document.stored_name
        assert path.read_bytes() in (PDF, JPEG, PNG)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # private from the start
        assert document.original_name not in document.stored_name  # never the citizen's name
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    # Outside the web root: the data directory is not under the static files or any URL.
    assert client.get(f"/static/{stored[0].stored_name}").status_code == 404
    assert CaseEvent.objects.filter(kind="post_check_documents").count() == 3
    assert "3 filer" in client.get("/min-sida/").content.decode()


def test_wrong_type_too_large_or_empty_is_refused_at_the_field_in_swedish(post_check, settings):
    settings.POST_CHECK_UPLOAD_MAX_MB = 1
    client, _ = _citizen(post_check)
    html = b"<html><script>alert(1)</script></html>"
    response = _upload(client, post_check, "kvitto.pdf", html, "application/pdf")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Filen är inte en PDF, JPEG- eller PNG-bild" in page
    assert 'id="id_document_error"' in page and 'href="#id_document"' in page
    big = PDF + b"0" * (1024 * 1024)
    response = _upload(client, post_check, "stor.pdf", big, "application/pdf")
    assert response.status_code == 400
    assert "Filen är för stor. Den får vara högst 1 MB." in response.content.decode()
    response = _upload(client, post_check, "tom.pdf", b"", "application/pdf")
    assert response.status_code == 400
    assert not PostCheckDocument.objects.exists()
    directory = Path(settings.POST_CHECK_DOCUMENTS_DIR)
    assert not directory.exists() or not any(directory.iterdir())  # nothing left on disk


def test_only_the_household_uploads_and_not_after_the_check(post_check):
    stranger = User.objects.create(username="annan", role=Role.CITIZEN)
    other = Client()
    other.force_login(stranger)
    assert other.get(f"/min-sida/stickprov/{post_check.pk}/").status_code == 404
    assert _upload(other, post_check, "a.pdf", PDF, "application/pdf").status_code == 404
    with pytest.raises(services.PaymentError, match="hör inte till ditt ärende"):
        services.post_check_document_upload(
            post_check_id=post_check.pk, by=stranger, chunks=[PDF], original_name="a.pdf"
        )
    staff, _ = _staff()
    assert staff.get(f"/min-sida/stickprov/{post_check.pk}/").status_code == 404
    _, checker = _staff(Role.ENHETSCHEF)
    services.post_check_record_outcome(
        post_check_id=post_check.pk, outcome="correct", checked_by=checker
    )
    client, user = _citizen(post_check)
    page = client.get(f"/min-sida/stickprov/{post_check.pk}/").content.decode()
    assert "Stickprovet är granskat" in page and "Skicka filen" not in page
    with pytest.raises(services.PaymentError, match="redan granskat"):
        services.post_check_document_upload(
            post_check_id=post_check.pk, by=user, chunks=[PDF], original_name="a.pdf"
        )


def test_staff_see_amounts_case_link_request_and_documents_and_each_read_is_logged(post_check):
    citizen, _user = _citizen(post_check)
    _upload(citizen, post_check, "kvitton.pdf", PDF, "application/pdf")
    document = PostCheckDocument.objects.get()
    client, staff = _staff()
    page = client.get(f"/utbetalningar/stickprov/{post_check.pk}/").content.decode()
    assert f'href="/handlaggning/ansokan/{post_check.draw.application_id}/"' in page
    assert "Belopp som kontrolleras" in page and "5\u00a0220" in page
    assert post_check.request_text in page
    assert "kvitton.pdf" in page
    for _ in range(2):
        response = client.get(f"/utbetalningar/stickprov/{post_check.pk}/underlag/{document.pk}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.content == PDF
    reads = AccessLogEntry.objects.filter(object_type="post_check_document", user=staff)
    assert reads.count() == 2 and reads.first().case_number
    # Other roles and the citizen herself cannot open it through the staff address.
    for role in (Role.SOCIALSEKRETERARE, Role.ARBETSMARKNADSSEKRETERARE):
        other, _ = _staff(role)
        url = f"/utbetalningar/stickprov/{post_check.pk}/underlag/{document.pk}/"
        assert other.get(url).status_code == 403
    assert citizen.get(
        f"/utbetalningar/stickprov/{post_check.pk}/underlag/{document.pk}/"
    ).status_code in (403, 404)


def test_the_note_has_a_length_limit_with_a_clear_message_and_nothing_is_lost(post_check):
    client, staff = _staff()
    note = "Kvitton saknas för mat. " * 100  # 2 399 characters without the last space
    response = client.post(
        f"/utbetalningar/stickprov/{post_check.pk}/", {"outcome": "correct", "note": note}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Anteckningen får vara högst 2000 tecken. Du har skrivit {len(note.strip())}." in page
    assert note.strip() in page  # what was typed is kept
    post_check.refresh_from_db()
    assert post_check.outcome == ""
    with pytest.raises(services.PaymentError, match="högst 2000 tecken"):
        services.post_check_record_outcome(
            post_check_id=post_check.pk, outcome="correct", checked_by=staff, note=note
        )
