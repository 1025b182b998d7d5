"""Faults found walking the demo in Chromium (session 5), checked where the user sees them: the
start page offers only months that can be applied for, the children's error summary names the
child and its links land on the field, and the page header counts parts that do not jump. Each
page passes axe, works without JavaScript and does not scroll sideways at 320 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bistand.accounts.models import User
from bistand.applications import services
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.cases import services as case_services
from bistand.core.format import month_label

from .conftest import assert_no_horizontal_scroll, check_axe
from .test_apply_flow import _setup, demo_login, submit  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _months() -> tuple:
    this = timezone.localdate().replace(day=1)
    return this, (this + timedelta(days=32)).replace(day=1)


def _decided_this_month() -> Application:
    applicant = User.objects.get(username="demo-invanare-1")
    case = case_services.case_get_or_open(applicant=applicant)
    application = services.application_start(
        case=case,
        month=_months()[0],
        created_by=applicant,
        kind=ApplicationKind.NEW,
        answers={},
    )
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.DECIDED)
    return application


def _start_page_offers_only_the_open_month(page: Page, base_url: str) -> None:
    this, following = _months()
    demo_login(page, base_url, "demo-invanare-1", "/ansokan/")
    expect(page.locator("h1")).to_have_text("Ansök om ekonomiskt bistånd")
    radios = page.locator("input[name=month]")
    expect(radios).to_have_count(1)
    expect(page.locator("label[for=month_0]")).to_have_text(month_label(following))
    said = page.locator("#sent_months")
    expect(said).to_contain_text(f"Du har redan skickat en ansökan för {month_label(this)}.")
    expect(said.get_by_role("link", name="Min sida")).to_have_attribute("href", "/min-sida/")


@pytest.mark.parametrize("kind", ["page", "no_js_page", "narrow_page"])
def test_start_page_offers_only_months_that_can_be_applied_for(live_server, request, kind):
    _decided_this_month()
    page = request.getfixturevalue(kind)
    _start_page_offers_only_the_open_month(page, live_server.url)
    if kind == "page":
        check_axe(page)
    if kind == "narrow_page":
        assert_no_horizontal_scroll(page)
    # Choosing the month offered starts an application for it (no bounce to Min sida): a
    # fortsatt ansökan, since the month before was applied for.
    page.locator("#month_0").check()
    submit(page)
    expect(page.locator("h1")).to_have_text("Har något ändrats?")
    expect(page.locator("p.caption")).to_contain_text("Del 1 av 2: Ändringar")


@pytest.mark.parametrize("kind", ["page", "no_js_page", "narrow_page"])
def test_childrens_errors_name_the_child_and_link_to_the_field(live_server, request, kind):
    page = request.getfixturevalue(kind)
    base = live_server.url
    demo_login(page, base, "demo-invanare-1", "/ansokan/")
    page.locator("#month_0").check()
    submit(page)
    page.locator("#id_has_partner_1").check()
    page.fill("#id_children_count", "2")
    page.fill("#id_other_adults_count", "0")
    submit(page)
    expect(page.locator("h1")).to_have_text("Barnen i ditt hushåll")
    # Two pages opened with the children: the header still counts part 1 of 8.
    expect(page.locator("p.caption")).to_contain_text("Del 1 av 8: Hushållet")
    year = timezone.localdate().year - 5
    page.fill("#id_c1_birth_date", f"{year}-03-01")
    page.locator("#id_c1_lunch_0").check()
    page.locator("#id_c1_lives_0").check()
    page.locator("input[name=c1_incomes][value=none]").check()
    page.fill("#id_c2_birth_date", f"{year}-02-30")
    page.locator("#id_c2_lives_0").check()
    page.locator("input[name=c2_incomes][value=none]").check()
    submit(page)
    links = page.locator(".error-summary a")
    expect(links).to_have_text(
        [
            "Barn 2: Datumet finns inte. Skriv födelsedatumet som ÅÅÅÅ-MM-DD.",
            "Barn 2: Svara om barnet äter lunch i förskolan eller skolan.",
        ]
    )
    if kind == "page":
        check_axe(page)
    if kind == "narrow_page":
        assert_no_horizontal_scroll(page)
    links.first.click()
    assert page.url.endswith("#id_c2_birth_date")
    expect(page.locator("#id_c2_birth_date")).to_be_in_viewport()
