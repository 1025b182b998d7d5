"""What happens next (issue 15 item 5): the expected decision date from the municipality's SLA,
and a receipt that promises minutes only while the automated decision may still come."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application, ApplicationStatus
from bistand.core.workdays import decision_due_day
from tests import factories
from tests.factories import client_for

pytestmark = pytest.mark.django_db

JOB = "decisions.process_application"
# Monday 2 March 2026, 10.00: one working day later is Tuesday 3 March; three is Thursday 5th.
MONDAY = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def _in_queue() -> tuple[Application, object]:
    alice = factories.citizen("alice")
    with factories.job_stand_in(JOB):
        application = factories.new_application_submitted(alice, submitted_at=MONDAY)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.IN_QUEUE)
    return application, alice


def test_min_sida_tells_when_a_case_worker_will_have_decided(settings):
    _application, alice = _in_queue()
    html = client_for(alice).get(reverse("applications:min_sida")).content.decode()
    assert "Vi fattar beslut senast 3 mars 2026." in html

    settings.MUNICIPALITY = replace(settings.MUNICIPALITY, sla_decision_working_days=3)
    html = client_for(alice).get(reverse("applications:min_sida")).content.decode()
    assert "Vi fattar beslut senast 5 mars 2026." in html


def test_receipt_of_a_case_with_a_person_promises_no_minutes():
    application, alice = _in_queue()
    html = client_for(alice).get(reverse("applications:receipt", args=[application.pk]))
    text = html.content.decode()
    assert "En handläggare går igenom din ansökan." in text
    assert "Vi fattar beslut senast 3 mars 2026." in text
    # (The session notice at the end of every page speaks of minutes; the receipt must not.)
    receipt = re.sub(r'<div class="session-notice".*?</noscript>', "", text, flags=re.S)
    assert "minuter" not in receipt


def test_receipt_while_the_automated_decision_may_still_come_gives_both():
    alice = factories.citizen("alice")
    with factories.job_stand_in(JOB):
        application = factories.new_application_submitted(alice, submitted_at=MONDAY)
    assert application.status == ApplicationStatus.SUBMITTED
    text = client_for(alice).get(reverse("applications:receipt", args=[application.pk]))
    html = text.content.decode()
    assert "Oftast får du ett beslut inom några minuter" in html
    assert "senast 3 mars 2026" in html


def test_decision_day_skips_weekends_and_holidays():
    # Friday 2026-04-03 is Långfredag, Monday 04-06 Annandag påsk: Thursday 2 April + 1 → 7 April.
    assert decision_due_day(datetime(2026, 4, 2).date(), 1).isoformat() == "2026-04-07"
    assert decision_due_day(datetime(2026, 3, 6).date(), 1).isoformat() == "2026-03-09"
