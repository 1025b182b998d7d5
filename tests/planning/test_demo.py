"""Planning's demo data: slots to book, booked and held meetings, a plan, an intensive list;
the same every run and safe to run twice."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from bistand.demo import accounts as accounts_demo
from bistand.demo import planning as demo
from bistand.planning import selectors
from bistand.planning.models import ActionPlanVersion, IntensiveClient, Meeting, MeetingSlot

pytestmark = pytest.mark.django_db


def test_demo_has_free_slots_meetings_a_plan_and_an_intensive_list_and_is_idempotent():
    accounts_demo.create(random.Random(1))
    demo.create(random.Random(2))
    counts = (
        MeetingSlot.objects.count(),
        Meeting.objects.count(),
        ActionPlanVersion.objects.count(),
        IntensiveClient.objects.count(),
    )
    demo.create(random.Random(2))
    assert counts == (
        MeetingSlot.objects.count(),
        Meeting.objects.count(),
        ActionPlanVersion.objects.count(),
        IntensiveClient.objects.count(),
    )
    assert selectors.free_slots(after=timezone.now()).count() >= 10
    assert {m.status for m in Meeting.objects.all()} >= {"booked", "held", "not_attended"}
    assert ActionPlanVersion.objects.count() == 2
    rows = selectors.intensive_adherence()
    assert len(rows) == 2 and any(r.held > 0 for r in rows)
