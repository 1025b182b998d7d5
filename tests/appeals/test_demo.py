"""The demo has appeals in every state, message threads and satisfaction answers; loading it
twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bistand.appeals.models import Appeal, AppealStatus
from bistand.messaging.models import Message, SatisfactionAnswer, Thread
from bistand.synthetic.personnummer import is_synthetic

pytestmark = pytest.mark.django_db


def test_demo_appeals_messages_and_answers(settings):
    call_command("demo_data")
    counts = (Appeal.objects.count(), Message.objects.count(), SatisfactionAnswer.objects.count())
    call_command("demo_data")
    assert (
        Appeal.objects.count(),
        Message.objects.count(),
        SatisfactionAnswer.objects.count(),
    ) == counts
    statuses = set(Appeal.objects.values_list("status", flat=True))
    assert {
        AppealStatus.RECEIVED,
        AppealStatus.REJECTED_LATE,
        AppealStatus.CHANGED,
        AppealStatus.COURT_DECIDED,
    } <= statuses
    assert Appeal.objects.filter(late=True).exists()
    assert Thread.objects.filter(awaiting_unit=True).exists()
    assert Thread.objects.filter(awaiting_unit=False).exists()
    assert SatisfactionAnswer.objects.filter(skipped=True).exists()
    assert SatisfactionAnswer.objects.filter(skipped=False).exists()
    assert all(is_synthetic(a.submitted_by.personnummer) for a in Appeal.objects.all())
