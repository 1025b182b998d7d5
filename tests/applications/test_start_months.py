"""The start page offers only months that can be applied for (found walking the demo: a month
already applied for and decided was offered, and choosing it bounced the citizen to Min sida)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application, ApplicationStatus

from .helpers import start_application

pytestmark = pytest.mark.django_db


def _months() -> tuple[str, str]:
    this = timezone.localdate().replace(day=1)
    following = (this + timedelta(days=32)).replace(day=1)
    return f"{this:%Y-%m}", f"{following:%Y-%m}"


def _offered(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="month" id="month_\d" value="([0-9-]+)"', html)


def test_a_month_sent_in_and_decided_is_not_offered_and_the_page_says_why(client, alice):
    this, following = _months()
    client.force_login(alice)
    start_application(client, this)
    Application.objects.update(status=ApplicationStatus.DECIDED)

    html = client.get(reverse("applications:start")).content.decode()
    assert _offered(html) == [following]
    label = Application.objects.get().month
    assert re.search(r"Du har redan skickat en ansökan för \S+ \d{4}\.", html)
    assert f"{label:%Y}" in re.search(r'<p id="sent_months">(.*?)</p>', html, re.S).group(1)
    assert f'href="{reverse("applications:min_sida")}"' in html


def test_a_draft_month_is_offered_to_continue(client, alice):
    this, following = _months()
    client.force_login(alice)
    start_application(client, this)  # a draft

    html = client.get(reverse("applications:start")).content.decode()
    assert _offered(html) == [this, following]
    assert "påbörjad, du fortsätter där du slutade" in html
    assert 'id="sent_months"' not in html


def test_both_months_sent_in_no_form_and_when_the_next_month_opens(client, alice):
    this, following = _months()
    client.force_login(alice)
    start_application(client, this)
    start_application(client, following)
    Application.objects.update(status=ApplicationStatus.IN_QUEUE)

    response = client.get(reverse("applications:start"))
    html = response.content.decode()
    assert response.status_code == 200
    assert _offered(html) == []
    assert '<form method="post"' not in html.split("<main", 1)[1]
    assert " och " in re.search(r'<p id="sent_months">(.*?)</p>', html, re.S).group(1)
    assert "Du kan söka för" in html and "från och med 1 " in html


def test_posting_a_month_already_sent_in_still_goes_to_min_sida(client, alice):
    """A page opened before the application was sent: the post is not an error, it explains."""
    this, _ = _months()
    client.force_login(alice)
    start_application(client, this)
    Application.objects.update(status=ApplicationStatus.DECIDED)
    response = client.post(reverse("applications:start"), {"month": this})
    assert response["Location"] == reverse("applications:min_sida")
    assert Application.objects.count() == 1
