"""A routine recurring application, submitted in Chromium, is decided by the automated decision
function and the letter is on Min sida; the letter pages pass axe, work without JavaScript and at
320 px."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from bistand.decisions.models import Decision
from bistand.demo import accounts as account_demo
from bistand.demo import decisions as decision_demo
from bistand.jobs.models import Job, JobStatus
from bistand.jobs.runner import run_job
from tests.registers.conftest import (  # noqa: F401  (fixtures)
    _clean_simulator,
    registers_settings,
)

from .conftest import assert_no_horizontal_scroll, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _demo(settings, registers_settings) -> Iterator[None]:  # noqa: F811
    settings.DEMO_LOGIN = True
    account_demo.create(random.Random(4))
    decision_demo.create(random.Random(5))
    yield


def run_pending_jobs() -> None:
    """What the background worker does: run every due job (the pipeline, then its follow-ups)."""
    for _ in range(3):
        for job in Job.objects.filter(status=JobStatus.PENDING).order_by("created_at"):
            run_job(str(job.pk))


def latest_decision() -> Decision:
    """Last month's was a case worker's; the newest is this application's."""
    return Decision.objects.order_by("-pk").first()  # type: ignore[return-value]


def submit(page: Page) -> None:
    page.locator("main form button.button:not([name=spara])").click()
    page.wait_for_load_state()


def apply_and_read_the_decision(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    page.goto(f"{base_url}/logga-in/demo/?next=/ansokan/")
    page.locator("li", has_text="fortsatt ansökan").locator("button").click()
    expect(page.locator("h1")).to_have_text("Ansök om ekonomiskt bistånd")
    # This month's help was decided, so only next month is offered (it was offered as well, and
    # choosing it bounced to Min sida).
    expect(page.locator("input[name=month]")).to_have_count(1)
    page.locator("#month_0").check()
    submit(page)

    expect(page.locator("h1")).to_have_text("Har något ändrats?")
    check(page)
    page.get_by_label("Nej, inget har ändrats").check()
    submit(page)

    expect(page.locator("h1")).to_have_text("Samtycke och intygande")
    page.locator("#id_registers_0").check()
    page.locator("#id_truthful").check()
    submit(page)

    expect(page.locator("h1")).to_have_text("Kontrollera dina svar innan du skickar ansökan")
    submit(page)
    expect(page.locator("h1")).to_have_text("Ansökan är skickad")

    run_pending_jobs()
    decision = latest_decision()
    assert decision.automated

    page.goto(f"{base_url}/min-sida/")
    beslut = page.locator("section.case-part[id^=beslut-]")
    expect(beslut).to_contain_text("Beviljas")
    check(page)
    beslut.locator("a", has_text="Läs beslutet").first.click()
    expect(page.locator("h1")).to_contain_text("Beslut om ekonomiskt bistånd")
    expect(page.locator("main")).to_contain_text("Automatiserad beslutsfunktion")
    expect(page.locator("main")).to_contain_text("förvaltningsrätten")
    # The robot asked folkbokföring itself: the letter has the name and the address as on the
    # decision day (docs/adr/0205), field by field.
    details = decision.letter_details
    addressee = page.locator(".letter .addressee")
    assert details["addressee"] and details["addressee_address"]
    for line in [*details["addressee"], *details["addressee_address"]]:
        expect(addressee).to_contain_text(line)
    expect(page.locator(".letter header")).to_contain_text(
        f"{details['municipality_name']}, socialnämnden"
    )
    check(page)


def test_routine_application_is_decided_and_the_letter_passes_axe(live_server, page):
    apply_and_read_the_decision(page, live_server.url, check_axe)
    pdf = page.request.get(f"{live_server.url}/beslut/{latest_decision().pk}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")


def test_without_javascript(live_server, no_js_page):
    apply_and_read_the_decision(no_js_page, live_server.url, lambda page: None)


def test_at_320px(live_server, narrow_page):
    apply_and_read_the_decision(narrow_page, live_server.url, assert_no_horizontal_scroll)
