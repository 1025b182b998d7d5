"""The follow-up dashboard and the payment pages in Chromium: axe, no JavaScript, 320 px."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.demo.history import synthetic_caseload
from bistand.followup.metrics import month_of

from .conftest import assert_no_horizontal_scroll, check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    (Role.ENHETSCHEF, "/uppfoljning/"),
    (Role.ENHETSCHEF, "/uppfoljning/vad-hander-om/?month=&norm_percent=x&caps_percent=2"),
    (Role.EKONOMISEKRETERARE, "/utbetalningar/"),
    (Role.EKONOMISEKRETERARE, "/utbetalningar/retur/"),
    (Role.EKONOMISEKRETERARE, "/utbetalningar/stickprov/"),
]


def _login(context, live_server, role: str) -> None:
    user, _ = User.objects.get_or_create(username=f"b-{role}", defaults={"role": role})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies([{"name": "sessionid", "value": session.session_key,
                          "url": live_server.url}])  # fmt: skip


@pytest.fixture
def caseload(db):
    synthetic_caseload(random.Random(3), households=40, end_month=month_of(timezone.localdate()))


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_pages_pass_axe_without_js_and_at_320px(caseload, live_server, page, no_js_page,
                                                narrow_page, role, url):  # fmt: skip
    for p in (page, no_js_page, narrow_page):
        _login(p.context, live_server, role)
        response = p.goto(live_server.url + url)
        assert response is not None and response.status == 200
        assert p.locator("h1").count() == 1
    check_axe(page)  # axe needs JavaScript: the no-JS page is checked for content only
    assert no_js_page.locator("main").inner_text().strip()
    assert_no_horizontal_scroll(narrow_page)
