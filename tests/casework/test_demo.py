"""The demo data: a queue to try case work on, synthetic people only, created once."""

from __future__ import annotations

import random

from bistand.applications.models import Application, ApplicationStatus
from bistand.casework import selectors
from bistand.casework.models import Claim, Escalation, JournalEntry
from bistand.demo import accounts as accounts_demo
from bistand.demo import casework as demo
from bistand.synthetic import personnummer as pnr


def test_demo_gives_a_queue_with_an_overdue_claimed_and_paper_case(db):
    accounts_demo.create(random.Random(1))
    demo.create(random.Random(1))
    demo.create(random.Random(1))  # idempotent
    in_queue = Application.objects.filter(status=ApplicationStatus.IN_QUEUE)
    assert in_queue.count() == 4
    assert Escalation.objects.count() == 1
    assert Claim.objects.count() == 2
    assert JournalEntry.objects.filter(amends__isnull=False).count() == 1
    assert any(r.channel == "paper" for r in selectors.queue_rows())
    assert any(r.overdue for r in selectors.queue_rows())
    for application in in_queue.select_related("case__applicant"):
        assert pnr.is_synthetic(application.case.applicant.personnummer)
