"""A young adult (18–20) who has left school is his or her own household: the parent's check
page says so and how the young adult applies; the page passes axe, works without JavaScript and
does not scroll sideways at 320 px (issue 11 item 2)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.applications import services
from bistand.applications.models import Application, ApplicationKind
from bistand.cases import services as case_services
from bistand.demo import accounts as demo
from bistand.demo import scenarios

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_apply_flow import demo_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp/bistand-screenshots")


@pytest.fixture(autouse=True)
def _setup(settings) -> Iterator[None]:
    settings.DEMO_LOGIN = True
    demo.create(random.Random(4))
    yield


def draft_with_young_adult_out_of_school() -> Application:
    applicant = User.objects.get(username="demo-invanare-1")
    month = timezone.localdate().replace(day=1)
    answers = scenarios.routine_answers()
    answers["household"]["children_count"] = 1
    answers["children"] = {
        "items": [
            {
                "birth_date": f"{month.year - 19}-01-15",
                "lunch_at_school": True,
                "lives_here": "full",
                "in_school": False,
            }
        ]
    }
    case = case_services.case_get_or_open(applicant=applicant)
    return services.application_start(
        case=case, month=month, created_by=applicant, kind=ApplicationKind.NEW, answers=answers
    )


def walk(page: Page, base_url: str, check: Callable[[Page], None], shot: str) -> None:
    application = draft_with_young_adult_out_of_school()
    demo_login(page, base_url, "demo-invanare-1", "/min-sida/")
    page.goto(base_url + reverse("applications:check", args=[application.pk]))
    expect(page.locator("#own-households-title")).to_have_text(
        "Unga vuxna som har slutat skolan söker själva"
    )
    expect(page.locator("main")).to_contain_text(
        "Barn 1 är 18–20 år och går inte i skolan. Hen är därför ett eget hushåll och "
        "räknas inte i din ansökan."
    )
    check(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"young-adult-check-{shot}.png"), full_page=True)
    page.get_by_role("link", name="Så börjar en egen ansökan").click()
    expect(page.locator("main")).to_contain_text("Är du 18–20 år och har slutat skolan?")
    check(page)


def test_the_parent_is_told_the_young_adult_applies_on_their_own(live_server, page):
    walk(page, live_server.url, check_axe, "1280")


def test_it_fits_320px(live_server, narrow_page):
    walk(narrow_page, live_server.url, assert_no_horizontal_scroll, "320")


def test_it_works_without_javascript(live_server, no_js_page):
    walk(no_js_page, live_server.url, lambda page: None, "nojs")
