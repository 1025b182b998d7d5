"""Nothing lost, ever (issue 15 item 3, ADR 0240): a message or an appeal typed by a citizen and
sent after the session ended is kept on the server for that citizen only, filled in again after
the next login with a notice, never sent automatically, and gone when its time is out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from bistand.appeals.models import Appeal
from bistand.cases import services as case_services
from bistand.core import session
from bistand.messaging import services as messaging_services
from bistand.messaging.models import Message, Thread
from tests import factories

pytestmark = pytest.mark.django_db

MINUTE = 60
NOTICE = "Du blev utloggad. Vi har sparat det du skrev – kontrollera och skicka igen."
SECRET = "Hyran har höjts till 7 400 kr från och med mars, se avin."


@pytest.fixture
def alice(db):
    return factories.citizen("alice")


@pytest.fixture
def bob(db):
    return factories.citizen("bob")


@pytest.fixture
def alice_decision(alice):
    return factories.decision(applicant=alice)


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


def _ended(client: Any, clock: Clock, url: str, data: dict[str, str]) -> Any:
    """Open the page, let the session end, then send the form."""
    assert client.get(url).status_code == 200
    clock.advance(31)
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:session_ended"))
    # Only the page's address is in the URL, never the text.
    assert "7 400" not in response["Location"] and "Hyran" not in response["Location"]
    return response


def _no_text_in_cookies(client: Any) -> None:
    for morsel in client.cookies.values():
        assert "Hyran" not in morsel.value and "7 400" not in morsel.value


def test_a_new_message_sent_after_the_session_ended_is_filled_in_again(client, clock, alice):
    case_services.case_get_or_open(applicant=alice)
    client.force_login(alice)
    url = reverse("messaging:new")
    response = _ended(client, clock, url, {"subject": "Ny hyra", "body": SECRET})
    _no_text_in_cookies(client)
    assert not Thread.objects.exists()
    ended = client.get(response["Location"]).content.decode()
    assert "ifyllt igen när du loggar in" in ended
    client.force_login(alice)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert NOTICE in html
    assert f"{SECRET}</textarea>" in html and 'value="Ny hyra"' in html
    assert not Thread.objects.exists()  # never sent automatically
    # Once: the next visit is an empty form.
    again = client.get(url).content.decode()
    assert SECRET not in again and NOTICE not in again
    assert client.post(url, {"subject": "Ny hyra", "body": SECRET}).status_code == 302
    assert Message.objects.get().body == SECRET


def test_a_reply_in_a_thread_is_kept_too(client, clock, alice):
    case = case_services.case_get_or_open(applicant=alice)
    thread = messaging_services.thread_start(case=case, by=alice, subject="Ämne", body="Fråga")
    client.force_login(alice)
    url = reverse("messaging:thread", args=[thread.pk])
    _ended(client, clock, url, {"body": SECRET})
    client.force_login(alice)
    html = client.get(url).content.decode()
    assert NOTICE in html and f"{SECRET}</textarea>" in html
    assert Message.objects.count() == 1


def test_an_appeal_sent_after_the_session_ended_is_filled_in_again(
    client, clock, alice, alice_decision
):
    client.force_login(alice)
    url = reverse("appeals:new", args=[alice_decision.pk])
    _ended(client, clock, url, {"wanted_change": "Hela hyran.", "reasons": SECRET})
    assert not Appeal.objects.exists()
    client.force_login(alice)
    html = client.get(url).content.decode()
    assert NOTICE in html and SECRET in html and "Hela hyran." in html
    assert not Appeal.objects.exists()


def test_another_person_logging_in_in_the_same_browser_never_gets_the_text(
    client, clock, alice, bob
):
    case_services.case_get_or_open(applicant=alice)
    case_services.case_get_or_open(applicant=bob)
    client.force_login(alice)
    url = reverse("messaging:new")
    _ended(client, clock, url, {"subject": "Ny hyra", "body": SECRET})
    client.force_login(bob)
    html = client.get(url).content.decode()
    assert SECRET not in html and NOTICE not in html
    # Removed at Bob's login: Alice logging in afterwards does not get it either, and it is not
    # left in the session on the server.
    for row in Session.objects.all():
        assert SECRET not in str(row.get_decoded())
    client.force_login(alice)
    assert SECRET not in client.get(url).content.decode()


def test_kept_text_expires_and_is_deleted(client, clock, alice, settings):
    settings.SESSION_TYPED_KEEP_SECONDS = 60 * MINUTE
    case_services.case_get_or_open(applicant=alice)
    client.force_login(alice)
    url = reverse("messaging:new")
    _ended(client, clock, url, {"subject": "Ny hyra", "body": SECRET})
    assert any(SECRET in str(row.get_decoded()) for row in Session.objects.all())
    clock.advance(61)
    # The scheduled job removes it from the session on the server (the session itself stays).
    result = session.clear_expired()
    assert result["typed_removed"] == 1
    assert not any(SECRET in str(row.get_decoded()) for row in Session.objects.all())
    client.force_login(alice)
    assert SECRET not in client.get(url).content.decode()


def test_expired_kept_text_is_not_given_back_on_read(client, clock, alice, settings):
    settings.SESSION_TYPED_KEEP_SECONDS = 60 * MINUTE
    case_services.case_get_or_open(applicant=alice)
    client.force_login(alice)
    url = reverse("messaging:new")
    _ended(client, clock, url, {"subject": "Ny hyra", "body": SECRET})
    clock.advance(61)
    client.force_login(alice)
    assert SECRET not in client.get(url).content.decode()
    assert not any(SECRET in str(row.get_decoded()) for row in Session.objects.all())


def test_the_job_is_scheduled_hourly():
    from bistand.jobs.schedules import SCHEDULES

    item = next(s for s in SCHEDULES if s.func == "bistand.core.session.clear_expired")
    assert item.minutes == 60


def test_message_and_appeal_pages_warn_before_the_session_ends(
    client, clock, alice, alice_decision
):
    case = case_services.case_get_or_open(applicant=alice)
    thread = messaging_services.thread_start(case=case, by=alice, subject="Ämne", body="Fråga")
    client.force_login(alice)
    for url in (
        reverse("messaging:new"),
        reverse("messaging:thread", args=[thread.pk]),
        reverse("appeals:new", args=[alice_decision.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'id="session-notice"' in html, url
        assert re.search(r'href="/sessionstid/\d+/\d+\.css"', html), url
        assert "Skicka det du har skrivit innan dess." in html, url
        assert "Tryck ändå på Skicka" in html, url
