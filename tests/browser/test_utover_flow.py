"""Bistånd utöver in real Chromium (ADR 0310): a case worker decides a need as bistånd utöver
(SoL 2025:400 12 kap. 2 §); the citizen reads the letter on Min sida, which tells the part that
can be appealed from the part that can only be laglighetsprövad, and the appeal page says which
part is appealed. Every page passes axe and fits 320 px. With BISTAND_SHOTS_DIR set, screenshots
at 320 and 1 280 px are saved there."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.applications.models import Application
from bistand.decisions.models import Decision
from bistand.demo import accounts as accounts_demo
from bistand.demo import casework as demo
from tests import factories

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_casework import click, demo_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("BISTAND_SHOTS_DIR", "")


@pytest.fixture(autouse=True)
def _setup(settings, simulator) -> Iterator[None]:
    settings.DEMO_LOGIN = True
    factories.registers_at(settings, simulator, retries=0, **factories.PLAIN_HTTP)
    accounts_demo.create(random.Random(4))
    yield


@pytest.fixture
def routed() -> Application:
    return demo.routed_application(
        applicant=User.objects.get(username="demo-invanare-2"),
        month=timezone.localdate().replace(day=1),
        needs={"glasses": ("1 200", "Glasögonen gick sönder.")},
    )


def _look(page: Page, name: str) -> None:
    """axe and 320 px; the screenshots when asked for."""
    check_axe(page)
    page.set_viewport_size({"width": 320, "height": 900})
    assert_no_horizontal_scroll(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-320.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_case_worker_grants_bistand_utover_and_the_citizen_is_told_how_each_part_is_tried(
    live_server, page, routed
):
    base = live_server.url
    demo_login(page, base, "demo-ekonomisekreterare", "/handlaggning/")
    page.goto(base + reverse("casework:decide", args=[routed.pk]))
    expect(page.locator("h1")).to_contain_text("Bedöm och besluta")
    page.locator("#id_need_n1_decision_0").check()
    page.get_by_label("Bistånd utöver rätten (12 kap. 2 §)").check()
    page.fill("#id_need_n1_amount", "1 200")
    page.fill(
        "#id_need_n1_reason",
        "Glasögonen behövs för att du ska kunna ta det arbete du har erbjudits.",
    )
    page.fill("#id_motivering", "Du får bistånd för din försörjning och för glasögon.")
    _look(page, "1-case-worker-decide")
    click(page, "Fatta beslut")
    expect(page.locator("main")).to_contain_text("Beslutet är fattat")
    decision = Decision.objects.get(application_id=routed.pk)
    assert [p["post"] for p in decision.utover_posts] == ["utover_n1"]

    page.context.clear_cookies()
    demo_login(page, base, "demo-invanare-2", "/min-sida/")
    page.goto(base + reverse("decisions:letter", args=[decision.pk]))
    letter = page.locator(".letter-page")
    expect(letter).to_contain_text("Det här kan du överklaga: försörjningsstöd")
    expect(letter).to_contain_text("Det här kan du inte överklaga på det sättet: glasögon")
    expect(letter).to_contain_text("laglighetsprövning")
    expect(page.locator(".appeal-box")).to_contain_text(
        "Du kan överklaga beslutet om försörjningsstöd. Beslutet om glasögon gäller bistånd "
        "utöver det du har rätt till enligt lagen."
    )
    _look(page, "2-citizen-letter")

    page.goto(base + reverse("appeals:index"))
    expect(page.locator("main")).to_contain_text(
        "Du kan överklaga beslutet om försörjningsstöd. Beslutet om glasögon gäller bistånd "
        "utöver det du har rätt till enligt lagen och kan bara laglighetsprövas."
    )
    _look(page, "3-citizen-appeals")
    page.goto(base + reverse("appeals:new", args=[decision.pk]))
    expect(page.locator(".appeal-parts")).to_contain_text(
        "Du kan överklaga beslutet om försörjningsstöd. Ditt överklagande gäller bara den delen."
    )
    expect(page.locator("main")).to_contain_text(
        "Du kan bara överklaga beslutet om försörjningsstöd här."
    )
    _look(page, "4-citizen-appeal-page")


def test_an_appeal_of_only_bistand_utover_can_still_be_sent_and_reaches_the_nämnd(
    live_server, page
):
    """The page says the decision cannot be appealed the ordinary way and how to ask for
    laglighetsprövning; an appeal sent anyway is received, since only förvaltningsrätten decides
    whether it can be tried (förvaltningslagen 45–46 §§; ADR 0310, amendment)."""
    from decimal import Decimal

    from bistand.appeals.models import Appeal
    from bistand.decisions.legal import legal_basis
    from bistand.decisions.services import UTOVER, Post

    citizen = User.objects.get(username="demo-invanare-2")
    basis = legal_basis(factories.MONTH)
    decision = factories.decision(
        applicant=citizen,
        decided_by=User.objects.get(username="demo-ekonomisekreterare"),
        posts=[
            Post(
                post="utover_n1",
                label="Tandvård",
                applied=Decimal("3400.00"),
                granted=Decimal("0.00"),
                reason="Det finns inga särskilda skäl.",
                legal_source=basis.utover,
                basis=UTOVER,
            )
        ],
    )
    base = live_server.url
    demo_login(page, base, "demo-invanare-2", reverse("appeals:new", args=[decision.pk]))
    expect(page.locator("h1")).to_have_text("Beslutet kan inte överklagas till förvaltningsrätten")
    expect(page.locator("main")).to_contain_text("Domstolen avgör om det kan prövas.")
    _look(page, "5-only-utover-page")
    page.set_viewport_size({"width": 320, "height": 900})
    page.get_by_role("link", name="Skicka ett överklagande ändå").click()
    expect(page.locator("main")).to_contain_text(
        "Förvaltningsrätten avgör om ditt överklagande kan prövas."
    )
    _look(page, "6-only-utover-form")
    page.fill("#id_wanted_change", "Tandvården beviljas enligt min rätt till bistånd.")
    page.fill("#id_reasons", "Tandvården behövs för att jag ska kunna arbeta.")
    click(page, "Skicka överklagandet")
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.wanted_change.startswith("Tandvården beviljas")
