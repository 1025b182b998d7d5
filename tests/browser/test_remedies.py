"""Remedies around a decision (issue 12) in real Chromium, as the citizen and as staff: the
appeal period counted from the day the citizen opened the letter (FL 44 §) and a late appeal
taken up under FL 45 §. Every page and error state passes axe (WCAG 2.1 AA), works without
JavaScript and does not scroll sideways at 320 px."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.appeals import services as appeal_services
from bistand.appeals.models import Appeal, AppealStatus, CourtOutcome
from bistand.core.format import citizen_day
from bistand.demo import accounts as demo
from bistand.demo import casework as casework_demo
from tests import factories

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_appeals_flow import click, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _demo(settings) -> None:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))


def appeal_period(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    decision = factories.decision(
        applicant=citizen, decided_at=timezone.now() - timedelta(days=30), opened=False
    )
    login(page, base_url, "demo-invanare-1", "/min-sida/")
    expect(page.locator(".decision-list")).to_contain_text("inte öppnat än")
    check(page)
    page.get_by_label("Skicka också mina beslut med post", exact=False).check()
    click(page, "Spara hur jag vill få beslut")
    expect(page.locator(".messages")).to_contain_text("Du får dina beslut med post också")
    check(page)
    page.locator(f".decision-list a[href='/beslut/{decision.pk}/']").click()
    last_day = appeal_services.appeal_deadline(received_on=timezone.localdate())
    expect(page.locator(".appeal-box")).to_contain_text(
        f"Sista dag att överklaga: {citizen_day(last_day)}."
    )
    check(page)
    page.get_by_role("link", name="Överklaga beslutet på Min sida").click()
    expect(page.locator(".deadline")).to_contain_text("Sista dag att överklaga")
    check(page)
    page.fill("#id_wanted_change", "Mer till hyran.")
    page.fill("#id_reasons", "Hyran är skälig.")
    click(page, "Skicka överklagandet")
    assert Appeal.objects.get(decision=decision).late is False


def late_appeal(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    old = factories.decision(applicant=citizen, decided_at=timezone.now() - timedelta(days=40))
    appeal = appeal_services.appeal_submit(
        decision=old, by=citizen, wanted_change="x", reasons="Jag fick fel besked om tiden."
    )
    login(page, base_url, "demo-ekonomisekreterare", f"/handlaggning/overklaganden/{appeal.pk}/")
    expect(page.locator(".flag-late")).to_have_text("för sent")
    check(page)
    page.get_by_label("underrättelsen om hur man överklagar saknades", exact=False).check()
    click(page, "Spara rättidsprövningen")
    expect(page.locator(".messages")).to_contain_text("Rättidsprövningen är sparad")
    expect(page.locator("main")).to_contain_text("Kom in för sent, men tas upp")
    check(page)
    page.fill("#id_forwarded_on", f"{timezone.localdate():%Y-%m-%d}")
    click(page, "Spara överlämnandet")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FORWARDED and appeal.late_exception == "notice"


def change_outside_appeal(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    decision = factories.decision(applicant=citizen)
    login(page, base_url, "demo-ekonomisekreterare", f"/beslut/{decision.pk}/")
    page.get_by_role("link", name="Rätta eller ändra beslutet").click()
    expect(page.locator("h1")).to_have_text("Rätta eller ändra ett beslut")
    check(page)
    page.locator("#id_kind_1").check()  # ändring
    page.locator("#id_initiative_0").check()  # own initiative
    page.fill("#id_granted_0", "4 000")
    page.fill("#id_motivering", "Inkomsten räknades inte.")
    click(page, "Fatta det nya beslutet")  # lowered without a 37 § ground: refused
    expect(page.locator(".error-summary")).to_contain_text("37 § andra stycket")
    check(page)
    page.locator("#id_initiative_1").check()  # the citizen's request
    page.fill("#id_granted_0", "5 800")
    page.fill("#id_motivering", "Hyran var högre än vi räknade med.")
    click(page, "Fatta det nya beslutet")
    expect(page.locator(".messages")).to_contain_text("Det nya beslutet är fattat")
    expect(page.locator(".letter")).to_contain_text("Hyran var högre än vi räknade med.")
    check(page)
    login(page, base_url, "demo-invanare-1", "/min-sida/")
    expect(page.locator(".decision-list")).to_contain_text("Ersatt av ett senare beslut.")
    check(page)


def human_review(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    robot = factories.decision(applicant=citizen, applied="5220.00", granted="5220.00")
    login(page, base_url, "demo-invanare-1", f"/beslut/{robot.pk}/")
    expect(page.locator(".review-box")).to_be_visible()
    check(page)
    page.fill("#id_reason", "Min hyra höjdes i oktober.")
    click(page, "Jag vill att en handläggare prövar mitt ärende")
    expect(page.locator(".messages")).to_contain_text("En handläggare prövar beslutet")
    check(page)

    login(page, base_url, "demo-ekonomisekreterare", "/handlaggning/")
    review = robot.review_requests.get()
    page.locator(f"table a[href='/handlaggning/provningar/{review.pk}/']").first.click()
    expect(page.locator("main")).to_contain_text("Min hyra höjdes i oktober.")
    check(page)
    click(page, "Spara prövningen")  # nothing chosen: error state
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.locator("#id_outcome_1").check()  # changed
    page.fill("#id_note", "Den nya hyran godtas.")
    page.fill("#id_granted_0", "5 600")
    click(page, "Spara prövningen")
    expect(page.locator(".messages")).to_contain_text("Prövningen är sparad")
    check(page)

    login(page, base_url, "demo-invanare-1", "/min-sida/")
    page.get_by_role("link", name="Din begäran om prövning", exact=False).first.click()
    expect(page.locator("#review-outcome-title")).to_have_text("Beslutet ändrades")
    check(page)
    page.get_by_role("link", name="Läs det nya beslutet").click()
    expect(page.locator(".letter")).to_contain_text("5\u00a0600\u00a0kr")
    check(page)


def after_the_court(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    eko = User.objects.get(username="demo-ekonomisekreterare")
    decision = factories.decision(applicant=citizen)
    appeal = appeal_services.appeal_submit(
        decision=decision, by=citizen, wanted_change="x", reasons="y"
    )
    appeal = appeal_services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    appeal = appeal_services.appeal_forward(
        appeal=appeal, version=appeal.version, by=eko, forwarded_on=timezone.localdate()
    )
    appeal_services.appeal_record_court_outcome(
        appeal=appeal,
        version=appeal.version,
        by=eko,
        outcome=CourtOutcome.REJECTED,
        decided_on=timezone.localdate(),
    )
    login(page, base_url, "demo-invanare-1", "/min-sida/")
    page.get_by_role(
        "link", name="Förvaltningsrätten har avgjort ditt överklagande.", exact=False
    ).click()
    expect(page.locator(".next-step")).to_contain_text("kammarrätten")
    expect(page.locator(".next-step")).to_contain_text("prövningstillstånd")
    check(page)


def complete_letter(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    eko = User.objects.get(username="demo-ekonomisekreterare")
    decision = factories.decision(
        applicant=citizen, applied="6000.00", granted="5220.00", decided_by=eko
    )
    login(page, base_url, "demo-invanare-1", f"/beslut/{decision.pk}/")
    letter = page.locator(".letter")
    expect(letter).to_contain_text("Ansökan avslås delvis: 780\u00a0kr avslås.")
    expect(letter).to_contain_text("Försörjningsstöd: avslås delvis")
    expect(letter).to_contain_text("Skicka eller lämna överklagandet till socialnämnden")
    expect(letter).to_contain_text(f"Din handläggare är {eko.display_name}")
    expect(letter).to_contain_text(citizen.display_name)
    check(page)


def kommunicering(page: Page, base_url: str, check: Callable[[Page], None]) -> None:
    citizen = User.objects.get(username="demo-invanare-1")
    month = (timezone.localdate().replace(day=1) + timedelta(days=130)).replace(day=1)
    routed = casework_demo.routed_application(
        applicant=citizen,
        month=month,
        declared_salary="1 500",
        registered_salary="2750.00",
        needs={"glasses": ("1 200", "Glasögonen gick sönder.")},
    )
    login(page, base_url, "demo-ekonomisekreterare", f"/handlaggning/ansokan/{routed.pk}/")
    page.get_by_role("link", name="Kommunicera uppgifter").click()
    expect(page.locator("h1")).to_have_text("Kommunicera uppgifter")
    check(page)
    click(page, "Skicka till den sökande")  # nothing written: error state
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.fill("#id_material", "Försäkringskassan uppger att din lön i oktober var 2 750 kr.")
    click(page, "Skicka till den sökande")
    expect(page.locator(".messages")).to_contain_text("Uppgifterna syns nu")
    check(page)

    login(page, base_url, "demo-invanare-1", "/min-sida/")
    page.get_by_role("link", name="Uppgifter inför beslut", exact=False).first.click()
    expect(page.locator(".kommunicering-material")).to_contain_text("2 750 kr")
    check(page)
    click(page, "Skicka svaret")  # empty: error state
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.fill("#id_text", "Lönen kom i november.")
    click(page, "Skicka svaret")
    expect(page.locator(".messages")).to_contain_text("Ditt svar har kommit in")
    check(page)


WALKS = [
    kommunicering,
    complete_letter,
    appeal_period,
    late_appeal,
    change_outside_appeal,
    human_review,
    after_the_court,
]


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__)
def test_remedy_passes_axe(live_server, page, walk):
    walk(page, live_server.url, check_axe)


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__)
def test_remedy_works_without_javascript(live_server, no_js_page, walk):
    walk(no_js_page, live_server.url, lambda page: None)


@pytest.mark.parametrize("walk", WALKS, ids=lambda w: w.__name__)
def test_remedy_fits_320px(live_server, narrow_page, walk):
    walk(narrow_page, live_server.url, assert_no_horizontal_scroll)
