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

from .conftest import assert_no_horizontal_scroll, check_axe
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
