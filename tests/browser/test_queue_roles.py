"""The queue table in real Chromium as each staff role: axe (WCAG 2.1 AA), no sideways scroll at
320 px. (Handing out work is tested through the test client in tests/casework.)"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from bistand.accounts.models import User
from bistand.demo import accounts as accounts_demo
from bistand.demo import casework as demo

from .conftest import NARROW_VIEWPORT, assert_no_horizontal_scroll, check_axe
from .test_casework import demo_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    "demo-ekonomisekreterare",
    "demo-socialsekreterare",
    "demo-arbetsmarknadssekreterare",
    "demo-enhetschef",
    "demo-granskare",
]


@pytest.fixture(autouse=True)
def _setup(settings) -> Iterator[None]:
    settings.DEMO_LOGIN = True
    accounts_demo.create(random.Random(4))
    yield


@pytest.fixture
def waiting() -> list:
    month = timezone.localdate().replace(day=1)
    return [
        demo.routed_application(
            applicant=User.objects.get(username=f"demo-invanare-{n}"),
            month=month,
            submitted_at=timezone.now() - timedelta(days=n),
            declared_salary="1 500",
            registered_salary="2750.00",
        )
        for n in (1, 2)
    ]


@pytest.mark.parametrize("username", ROLES)
def test_the_queue_passes_axe_and_fits_320px_for_every_role(
    live_server, narrow_page: Page, waiting, username
):
    demo_login(narrow_page, live_server.url, username, "/handlaggning/")
    assert "Inkomna ansökningar" in narrow_page.content()
    assert "(salary)" not in narrow_page.content()
    check_axe(narrow_page)
    assert_no_horizontal_scroll(narrow_page)


def test_the_household_filter_works_without_javascript_at_320px(
    live_server, browser, browser_context_args, waiting
):
    """Issue 14 item 2: the household type is a filter (a plain GET form) and a column hint."""
    context = browser.new_context(
        **{**browser_context_args, "java_script_enabled": False, "viewport": NARROW_VIEWPORT}
    )
    try:
        page = context.new_page()
        demo_login(page, live_server.url, "demo-ekonomisekreterare", "/handlaggning/")
        page.select_option("#id_hushall", "ensam")
        page.get_by_role("button", name="Visa", exact=True).click()
        page.wait_for_load_state()
        text = page.content()
        assert "hushall=ensam" in page.url
        assert "2 ärenden matchar filtret" in text
        assert "Ensamstående utan barn" in text
        assert_no_horizontal_scroll(page)
        page.select_option("#id_hushall", "par_barn")
        page.get_by_role("button", name="Visa", exact=True).click()
        page.wait_for_load_state()
        assert "Inga ärenden att visa." in page.content()
    finally:
        context.close()


def test_a_filtered_queue_passes_axe(live_server, narrow_page: Page, waiting):
    demo_login(
        narrow_page,
        live_server.url,
        "demo-enhetschef",
        "/handlaggning/?hushall=ensam&sortera=orsak&orsak=income_mismatch",
    )
    check_axe(narrow_page)
    assert_no_horizontal_scroll(narrow_page)
