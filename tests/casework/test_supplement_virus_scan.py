"""Komplettering files are virus-scanned like stickprov documents (docs/adr/0214, 0246): with
clamd configured, every file goes to the scanner before anything is kept; an infected file is
refused at the field with a clear message, nothing else the citizen typed is lost, no file and no
komplettering is kept, and the log names the application and the signature, never the person or
the file. A configured scanner that does not answer refuses too (fail closed). clamd is the same
test double the stickprov scan tests use (UNIX socket and TCP)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bistand.applications.models import Supplement, SupplementDocument
from tests.payments.test_upload_virus_scan import EICAR, clamd  # noqa: F401  (fixture)

from .test_supplement_documents import PDF, as_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_dir(settings, tmp_path):
    settings.SUPPLEMENT_DOCUMENTS_DIR = tmp_path / "private" / "komplettering"


def _kept(settings) -> list[Path]:
    directory = Path(settings.SUPPLEMENT_DOCUMENTS_DIR)
    return list(directory.iterdir()) if directory.exists() else []


def _send(client, application, files):
    return client.post(
        reverse("applications:supplement", args=[application.pk]),
        {"text": "Här är kvittona för mars.", "documents": files},
    )


def test_clean_files_are_scanned_and_kept(routed, citizen, clamd, settings):  # noqa: F811
    response = _send(
        as_user(citizen),
        routed,
        [SimpleUploadedFile(f"kvitto{i}.pdf", PDF, "application/pdf") for i in range(2)],
    )
    assert response.status_code == 302
    assert clamd == [PDF, PDF]  # every file, whole, went to the scanner
    assert SupplementDocument.objects.count() == 2 and len(_kept(settings)) == 2


def test_an_infected_file_is_refused_at_the_field_and_nothing_typed_is_lost(
    routed,
    citizen,
    clamd,  # noqa: F811
    settings,
    caplog,
):
    with caplog.at_level(logging.WARNING, logger="bistand.applications.services"):
        response = _send(
            as_user(citizen),
            routed,
            [
                SimpleUploadedFile("kvitto.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("lon-mars.pdf", EICAR, "application/pdf"),
            ],
        )
    html = response.content.decode()
    assert response.status_code == 400
    # At the field (its error message, which the error summary links to).
    assert re.search(
        r'id="id_documents_error">.*lon-mars\.pdf: Filen innehåller skadlig kod och togs inte '
        r"emot\.",
        html,
    )
    assert "Här är kvittona för mars." in html  # the text is still there
    # Nothing kept: not the infected file, not the clean one sent with it, no komplettering.
    assert not Supplement.objects.exists() and not SupplementDocument.objects.exists()
    assert _kept(settings) == []
    # Logged without personal data: the application and the signature only.
    logged = [r.getMessage() for r in caplog.records if "malware" in r.getMessage()]
    assert logged == [
        f"upload refused: malware supplement application={routed.pk} signature=Eicar-Test-Signature"
    ]
    assert citizen.personnummer not in logged[0] and "lon-mars" not in logged[0]


def test_a_configured_scanner_that_does_not_answer_refuses_the_files(routed, citizen, settings):
    settings.VIRUS_SCAN_CLAMD = "unix:/nonexistent/clamd.ctl"
    response = _send(
        as_user(citizen), routed, [SimpleUploadedFile("kvitto.pdf", PDF, "application/pdf")]
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "kvitto.pdf: Filen kunde inte kontrolleras just nu" in html
    assert "Här är kvittona för mars." in html
    assert not Supplement.objects.exists() and _kept(settings) == []


def test_a_text_only_komplettering_needs_no_scanner(routed, citizen, settings):
    settings.VIRUS_SCAN_CLAMD = "unix:/nonexistent/clamd.ctl"
    response = as_user(citizen).post(
        reverse("applications:supplement", args=[routed.pk]), {"text": "Jag har fått jobb."}
    )
    assert response.status_code == 302
    assert Supplement.objects.get().text == "Jag har fått jobb."
