"""Demo data for the follow-up dashboard: a year of synthetic history (idempotent)."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.cases.models import Case
from bistand.demo.history import synthetic_caseload
from bistand.followup.metrics import month_of

DEMO_PREFIX = "EB-H"
HOUSEHOLDS = 150


def create(rng: random.Random) -> None:
    if Case.objects.filter(number__startswith=DEMO_PREFIX).exists():
        return
    worker, _ = User.objects.get_or_create(
        username="demo-historik-handlaggare",
        defaults={"role": Role.EKONOMISEKRETERARE, "display_name": "Historik Handläggare"},
    )
    own = random.Random(rng.random())
    cases = synthetic_caseload(
        own,
        households=HOUSEHOLDS,
        end_month=month_of(timezone.localdate()),
        months=12,
        case_worker=worker,
    )
    post_checks(own, case_ids=[case.pk for case in cases], checked_by=worker)


def post_checks(rng: random.Random, *, case_ids: list[int], checked_by: User) -> None:
    """Draw the history's approvals for stickprov the way live decisions are drawn, and record
    findings for most of those drawn (some still open), so the error-rate charts have data."""
    from bistand.decisions.selectors import decisions_for_cases
    from bistand.payments.models import PostCheckOutcome
    from bistand.payments.services import post_check_draw_for_decision, post_check_record_outcome

    for decision in decisions_for_cases(case_ids=case_ids):
        draw = post_check_draw_for_decision(decision_id=decision.pk)
        if draw is None or not draw.selected or rng.random() < 0.15:
            continue
        roll = rng.random()
        if roll < 0.8:
            post_check_record_outcome(
                post_check_id=draw.post_check.pk,
                outcome=PostCheckOutcome.CORRECT,
                checked_by=checked_by,
            )
        elif roll < 0.9:
            post_check_record_outcome(
                post_check_id=draw.post_check.pk,
                outcome=PostCheckOutcome.AMOUNT_DIFFERENCE,
                checked_by=checked_by,
                amount_difference=Decimal(rng.randrange(200, 3000)),
                note="Syntetisk historik: en inkomst saknades i ansökan.",
            )
        else:
            post_check_record_outcome(
                post_check_id=draw.post_check.pk,
                outcome=PostCheckOutcome.INCORRECT_INFORMATION,
                checked_by=checked_by,
                note="Syntetisk historik: fel hushållsuppgifter.",
            )
