"""After sending (issue 15 items 4, 5 and 7), in real Chromium: the receipt with every answer,
komplettering and withdrawal from Min sida, and "Dina uppgifter hos oss". Every page and error
state passes axe (WCAG 2.1 AA), works without JavaScript and does not scroll sideways at 320 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from bistand.applications.models import Application, ApplicationStatus, Supplement

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_apply_flow import _setup, submit, walk_new_application  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _private_dir(settings, tmp_path) -> None:
    settings.SUPPLEMENT_DOCUMENTS_DIR = tmp_path / "private" / "komplettering"


def after_sending(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    number = walk_new_application(page, base_url, check)
    application = Application.objects.get(case__number=number)

    # The receipt: reference, time, a copy of every answer, and the PDF link.
    page.goto(f"{base_url}/ansokan/{application.pk}/kvitto/")
    main = page.locator("main")
    expect(main).to_contain_text(f"{number}-{application.pk}")
    expect(main).to_contain_text(" kl. ")
    expect(main.get_by_role("heading", name="Dina svar i ansökan")).to_be_visible()
    expect(main).to_contain_text("Mina glasögon gick sönder.")
    expect(main.get_by_role("link", name="Spara kvittot som PDF")).to_be_visible()
    check(page)

    # Komplettera from Min sida: an empty text is an error, then it is sent.
    page.goto(f"{base_url}/min-sida/")
    page.locator("main a", has_text="Komplettera ansökan").first.click()
    expect(page.locator("h1")).to_have_text("Komplettera ansökan")
    check(page)
    submit(page)
    expect(page.locator(".error-summary")).to_contain_text(
        "Skriv vad du vill lägga till, eller bifoga en fil."
    )
    check(page)
    page.fill("#id_text", "Hyran höjs till 4 400 kr från nästa månad.")
    # A file that is not a PDF, JPEG or PNG: a message at the field, the text kept.
    page.set_input_files(
        "#id_documents",
        files=[{"name": "hyra.docx", "mimeType": "application/pdf", "buffer": b"PK\x03\x04x"}],
    )
    submit(page)
    expect(page.locator("#id_documents_error")).to_contain_text("hyra.docx: Filen är inte en PDF")
    expect(page.locator("#id_text")).to_have_value("Hyran höjs till 4 400 kr från nästa månad.")
    check(page)
    page.set_input_files(
        "#id_documents",
        files=[
            {"name": "hyresavi.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "foto.png", "mimeType": "image/png", "buffer": PNG},
        ],
    )
    submit(page)
    expect(page.locator("h1")).to_have_text("Min sida")
    expect(page.locator("main")).to_contain_text("Din komplettering")
    check(page)
    supplement = Supplement.objects.get(application=application)
    assert sorted(d.original_name for d in supplement.documents.all()) == [
        "foto.png",
        "hyresavi.pdf",
    ]
    page.locator("main a", has_text="Komplettera ansökan").first.click()
    expect(page.locator("main .supplement-list")).to_contain_text("2 filer: hyresavi.pdf")
    check(page)
    page.goto(f"{base_url}/min-sida/")

    # Återkalla: a page of its own; not ticked is an error; ticked, withdrawn.
    page.locator("main a", has_text="Återkalla ansökan").first.click()
    expect(page.locator("h1")).to_have_text("Vill du återkalla ansökan?")
    check(page)
    submit(page)
    expect(page.locator(".error-summary")).to_contain_text("Kryssa i rutan")
    check(page)
    page.locator("#id_confirm").check()
    submit(page)
    expect(page.locator("main")).to_contain_text("Du har återkallat ansökan")
    check(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN

    # Dina uppgifter hos oss: labelled answers, Swedish dates and amounts.
    page.goto(f"{base_url}/min-sida/mina-uppgifter/")
    main = page.locator("main")
    expect(main).to_contain_text("Hyran höjs till 4 400 kr")
    expect(main).not_to_contain_text("kronor")
    page.locator("main details summary").first.click()
    expect(main).to_contain_text("4\u00a0200\u00a0kr")
    check(page)


def test_after_sending_passes_axe(live_server, page):
    after_sending(page, live_server.url, check_axe)


def test_after_sending_without_javascript(live_server, no_js_page):
    after_sending(no_js_page, live_server.url, lambda page: None)


def test_after_sending_at_320px(live_server, narrow_page):
    after_sending(narrow_page, live_server.url, assert_no_horizontal_scroll)
