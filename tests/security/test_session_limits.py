"""Session limits for everyone (issue 13 item 4), with the clock under the test's control.

The session ends after the idle timeout (default 30 minutes) and, even with activity, after the
absolute lifetime (12 hours for staff, 2 hours for citizens); the person is then sent to a page
that says why, and a citizen is told that the drafts are kept. The limit holds for every view:
every URL of the access matrix is tried after the idle timeout.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from bistand.accounts.models import Role, User
from bistand.applications.models import Application
from bistand.core import session
from tests import factories
from tests.applications.helpers import fill_alone, post_step, start_application
from tests.security.matrix.world import build
from tests.security.test_access_matrix_all import ANON, MATRIX

pytestmark = pytest.mark.django_db

MINUTE = 60


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def advance(self, minutes: float) -> None:
        self.now += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(session, "clock", lambda: c.now)
    return c


@pytest.fixture
def eva(db) -> User:
    return User.objects.create(username="eva", role=Role.EKONOMISEKRETERARE, display_name="Eva")


def ended_page(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("core:session_ended")
    )


def test_the_defaults_are_30_minutes_idle_12_hours_staff_and_2_hours_citizens(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * MINUTE
    assert settings.SESSION_STAFF_MAX_SECONDS == 12 * 60 * MINUTE
    assert settings.SESSION_CITIZEN_MAX_SECONDS == 2 * 60 * MINUTE
    # The cookie never outlives the longest lifetime (it was 14 days before).
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * MINUTE


def test_staff_are_logged_out_after_30_idle_minutes_and_told_why(client, clock, eva):
    client.force_login(eva)
    queue = reverse("casework:queue")
    assert client.get(queue).status_code == 200
    clock.advance(29)
    assert client.get(queue).status_code == 200  # activity moves the idle timeout
    clock.advance(29)
    assert client.get(queue).status_code == 200
    clock.advance(31)
    response = client.get(queue)
    assert ended_page(response)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Du är utloggad" in html and "inte gjort något på 30 minuter" in html
    assert "next=/handlaggning/" in html  # log in again and come back to the same page
    again = client.get(queue)
    assert again.status_code == 302 and again["Location"].startswith(reverse("accounts:login"))


def test_staff_sessions_end_after_12_hours_even_with_activity(client, clock, eva):
    client.force_login(eva)
    queue = reverse("casework:queue")
    for _ in range(36):  # every 20 minutes for 12 hours
        assert client.get(queue).status_code == 200
        clock.advance(20)
    assert client.get(queue).status_code == 200  # exactly 12 hours: still in
    clock.advance(1)
    response = client.get(queue)
    assert ended_page(response)
    assert "längre än tillåtet" in client.get(response["Location"]).content.decode()


def test_a_new_login_starts_a_new_lifetime(client, clock, eva):
    client.force_login(eva)
    clock.advance(31)
    assert ended_page(client.get(reverse("casework:queue")))
    client.force_login(eva)
    assert client.get(reverse("casework:queue")).status_code == 200


def test_citizens_are_logged_out_after_2_hours_and_their_draft_is_kept(client, clock, alice):
    client.force_login(alice)
    draft = start_application(client, f"{_this_month()}")
    fill_alone(client, draft)
    draft.refresh_from_db()
    saved = dict(draft.answers)
    for _ in range(6):  # every 20 minutes for 2 hours
        assert client.get(reverse("applications:min_sida")).status_code == 200
        clock.advance(20)
    clock.advance(1)
    response = client.get(reverse("applications:check", args=[draft.pk]))
    assert ended_page(response)
    html = client.get(response["Location"]).content.decode()
    assert "längre än tillåtet" in html
    assert "Allt du sparat finns kvar" in html
    assert "Ditt utkast till ansökan för" in html
    draft.refresh_from_db()
    assert draft.answers == saved and draft.status == "draft"


def test_a_citizen_idle_too_long_loses_nothing_saved(client, clock, alice):
    client.force_login(alice)
    draft = start_application(client, f"{_this_month()}")
    assert post_step(client, draft, "boende", {"housing_type": "rental", "rent": "6 500",
        "household_electricity": "", "home_insurance": "", "union_and_a_kassa": "",
        "work_travel": ""}).status_code == 302  # fmt: skip
    draft.refresh_from_db()
    saved = dict(draft.answers)
    clock.advance(31)
    # The next page's answers come in after the timeout: not saved unseen, the saved ones stay.
    typed = {"a1_sources": ["salary", "child_allowance"]}
    response = post_step(client, draft, "inkomster", typed)
    assert ended_page(response)
    inkomster = reverse("applications:step", args=[draft.pk, "inkomster"])
    assert "next=" + inkomster.replace("/", "%2F") in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert "inte gjort något på 30 minuter" in html and "Ditt utkast till ansökan för" in html
    assert "Det du skrev på den sista sidan sparades inte" in html
    assert Application.objects.get(pk=draft.pk).answers == saved
    # Logged in again in the same browser: the page has what was typed, to check and save.
    client.force_login(alice)
    page = client.get(inkomster).content.decode()
    assert re.search(r'<input[^>]*value="child_allowance"[^>]*checked', page)
    assert "Det du skrev är ifyllt igen" in page
    assert post_step(client, draft, "inkomster", typed).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["income_sources"] == {"a1": ["salary", "child_allowance"]}
    assert "income_sources" not in saved
    # Filled in once: the next visit shows the saved answers, not the kept ones.
    assert "Det du skrev är ifyllt igen" not in client.get(inkomster).content.decode()


def _login_again_link(client: Client, ended: Any) -> str:
    html = client.get(ended["Location"]).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)">Logga in igen</a>', html)
    assert link is not None
    return link.group(1).replace("&amp;", "&")


def _next_of(link: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(link).query).get("next", [""])[0]


def test_logged_out_page_leads_back_to_the_page_with_its_query_string(client, clock, alice, eva):
    """Found walking the demo: "Logga in igen" led back to the page without its query string.
    A citizen who changed an answer from the check page (?fran=kontroll) came back to the page
    but no longer returned to the check page after saving; a queue lost its filter."""
    client.force_login(alice)
    draft = start_application(client, f"{_this_month()}")
    boende = reverse("applications:step", args=[draft.pk, "boende"]) + "?fran=kontroll"
    clock.advance(31)
    # Answers posted from the page opened from the check page, after the timeout.
    draft.refresh_from_db()
    ended = client.post(boende, {"version": str(draft.version), "housing_type": "rental"})
    assert ended_page(ended)
    assert _next_of(_login_again_link(client, ended)) == boende

    # A button that only acts (no text kept) on a staff page with a filter: back to that page.
    client.force_login(eva)
    queue = reverse("casework:queue") + "?visa=mina"
    assert client.get(queue).status_code == 200
    clock.advance(31)
    ended = client.post(reverse("accounts:logout"), HTTP_REFERER=f"http://testserver{queue}")
    assert ended_page(ended)
    assert _next_of(_login_again_link(client, ended)) == queue
    # Another site's page is never where it leads.
    client.force_login(eva)
    assert client.get(queue).status_code == 200
    clock.advance(31)
    ended = client.post(reverse("accounts:logout"), HTTP_REFERER="https://elsewhere.example/x")
    assert ended_page(ended)
    assert _next_of(_login_again_link(client, ended)) == ""


def test_the_e_service_says_when_the_session_ends(client, clock, alice):
    client.force_login(alice)
    draft = start_application(client, f"{_this_month()}")
    html = client.get(reverse("applications:step", args=[draft.pk, "hushall"])).content.decode()
    assert "Du loggas ut efter 30 minuter utan aktivitet" in html


def test_without_javascript_the_page_warns_before_the_session_ends(client, clock, alice):
    """Issue 15 item 3: with JavaScript off, a stylesheet (inside <noscript>) shows the warning
    two minutes before the session ends and says when it has ended, by CSS animation delays that
    are the seconds left; the page also says in words when it ends and how long the draft is
    kept."""
    client.force_login(alice)
    draft = start_application(client, f"{_this_month()}")
    clock.advance(10)  # the lifetime (2 h) is far; the idle timeout (30 min) counts from now
    html = client.get(reverse("applications:step", args=[draft.pk, "hushall"])).content.decode()
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S)
    assert noscript is not None
    href = re.search(r'<link rel="stylesheet" href="([^"]+)">', noscript.group(1))
    assert href is not None
    assert href.group(1) == reverse("core:session_timer", kwargs={"warn": 28 * 60, "end": 1800})
    assert "Du loggas snart ut. Tryck på Spara och fortsätt" in noscript.group(1)
    assert "Du har loggats ut för att du inte gjort något på en stund." in noscript.group(1)
    assert 'role="status"' in noscript.group(1)
    draft.refresh_from_db()
    assert "sparas till och med" in html
    css = client.get(href.group(1))
    assert css["Content-Type"].startswith("text/css")
    text = css.content.decode()
    assert ".session-timed-warning{animation:session-reveal 1ms linear 1680s forwards" in text
    assert ".session-timed-ended{animation:session-reveal 1ms linear 1800s forwards}" in text
    # Near the end of the lifetime the warning comes sooner: 2 h after login, 20 minutes left.
    for minutes in (25, 25, 25, 15):  # active all along: t = 100 minutes
        clock.advance(minutes)
        html = client.get(reverse("applications:min_sida")).content.decode()
    assert reverse("core:session_timer", kwargs={"warn": 18 * 60, "end": 20 * 60}) in html
    # A page without a form says so differently, but says it.
    assert "Du loggas ut efter 30 minuter utan aktivitet" in html
    assert "Gå till en annan sida eller ladda om den här" in html


def test_staff_pages_have_no_citizen_session_notice(client, clock, eva):
    client.force_login(eva)
    html = client.get(reverse("core:start")).content.decode()
    assert "session-notice" not in html and "sessionstid" not in html


def test_every_view_refuses_a_session_idle_too_long(settings, clock):
    """Every URL of the access matrix that someone logged in may use, as that person, after
    31 idle minutes: the view is never reached, the person is sent to the ended-session page."""
    settings.DEMO_LOGIN = True
    world = build(settings)
    reached = []
    checked = 0
    for name, entry in sorted(MATRIX.items()):
        allowed = [who for who in sorted(entry.allowed) if who != ANON]
        if not allowed:
            continue
        user = world.users[allowed[0]]
        client = Client()
        client.force_login(user)
        clock.advance(31)
        url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None)
        with transaction.atomic():
            response = getattr(client, entry.method)(url, entry.data)
            transaction.set_rollback(True)
        checked += 1
        if not ended_page(response):
            reached.append(f"{entry.method.upper()} {name} as {allowed[0]}: {response.status_code}")
    print(f"\n{checked} URLs tried after the idle timeout, {len(reached)} reached the view")
    assert checked > 50
    assert not reached, reached


def _this_month() -> str:
    from django.utils import timezone

    return f"{timezone.localdate():%Y-%m}"


@pytest.fixture
def alice(db) -> User:
    from datetime import date

    return factories.citizen("alice", seed=1, born=date(1991, 4, 17))


def test_the_session_timer_stylesheet_is_the_same_for_any_numbers_and_capped():
    """The stylesheet behind the warning without JavaScript holds only the two delays, capped at
    a day and a half, whatever numbers the URL carries (nothing personal, nothing stored)."""
    response = Client().get(reverse("core:session_timer", kwargs={"warn": 10**30, "end": 0}))
    assert response.status_code == 200
    css = response.content.decode()
    assert "129600s" in css and "0s" in css
    assert response["Content-Type"].startswith("text/css")
