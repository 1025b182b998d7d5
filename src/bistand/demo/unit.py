"""Demo data: a realistic unit's open work (issue 14): some hundred applications waiting in the
queue, each with the reasons the triage gives, sent in over the last working days, some of them
taken by the unit's six case workers, so the unit manager sees a queue to distribute and each
worker's load (idempotent).

Built with the history builder (`demo.history.build`): every calculation is the rules engine's,
so `bistand replay` recomputes it identically.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.accounts.services import user_get_or_create_demo
from bistand.applications.models import Application
from bistand.cases.models import Case
from bistand.casework.models import Claim, ClaimAction, ClaimLogEntry
from bistand.demo.history import MonthPlan, build, citizens
from bistand.followup.metrics import month_of

UNIT_PREFIX = "EB-U"
OPEN_ITEMS = 300
CLAIMED_SHARE = 0.3
# The unit's ekonomisekreterare besides Eva Ekonom (demo/accounts.py); synthetic names.
WORKERS = [
    ("demo-ekonom-ahmed", "Ahmed Hassan"),
    ("demo-ekonom-birgitta", "Birgitta Lund"),
    ("demo-ekonom-camilla", "Camilla Nyberg"),
    ("demo-ekonom-david", "David Holm"),
    ("demo-ekonom-fatima", "Fatima Noor"),
]
# Why a case worker is needed, weighted as a unit sees them (codes of decisions.triage).
REASONS = [
    (["new_application"], 24),
    (["income_mismatch"], 14),
    (["livsforing_needs"], 12),
    (["household_changed"], 8),
    (["rent_changed"], 6),
    (["rent_above_guideline"], 6),
    (["not_registered_af"], 6),
    (["register_late"], 4),
    (["citizen_supplement"], 4),
    (["would_reject"], 4),
    (["costs_above_guideline"], 3),
    (["sickness"], 3),
    (["income_mismatch", "livsforing_needs"], 3),
    (["new_application", "rent_above_guideline"], 3),
]


def create(rng: random.Random) -> None:
    if Case.objects.filter(number__startswith=UNIT_PREFIX).exists():
        return
    own = random.Random(rng.random())
    workers = [
        user_get_or_create_demo(
            username=username, role=Role.EKONOMISEKRETERARE, display_name=display_name
        )
        for username, display_name in WORKERS
    ]
    eva = User.objects.filter(username=f"demo-{Role.EKONOMISEKRETERARE.value}").first()
    if eva is not None:
        workers.append(eva)
    month = month_of(timezone.localdate())
    now = timezone.now()
    codes, weights = zip(*REASONS, strict=True)
    plans = [
        (
            user,
            [
                MonthPlan(
                    month=month,
                    channel="paper" if own.random() < 0.15 else "digital",
                    # Over the last four days, most within the deadline; a few are late.
                    submitted_at=now - timedelta(minutes=own.randrange(60 * 24 * 4)),
                    automated=False,
                    decided=False,
                    paid=False,
                    reasons=list(own.choices(codes, weights)[0]),
                    household_size=own.choice([1, 1, 1, 2, 2, 3, 4, 5]),
                    partner=own.random() < 0.3,
                    incomes=[("salary", f"{own.randint(2, 9) * 1000}.00")]
                    if own.random() < 0.25
                    else [],
                    rent=f"{own.randint(45, 95) * 100}.00",
                )
            ],
        )
        for user in citizens(own, OPEN_ITEMS, prefix="enhet")
    ]
    cases = build(plans, with_events=False, number_prefix=UNIT_PREFIX)
    taken = [
        (pk, case_id)
        for pk, case_id in Application.objects.filter(case__in=cases)
        .order_by("pk")
        .values_list("pk", "case_id")
        if own.random() < CLAIMED_SHARE
    ]
    # Uneven on purpose: the unit manager should see who has too much.
    load = [own.choice(workers[: 1 + own.randrange(len(workers))]) for _ in taken]
    Claim.objects.bulk_create(
        [
            Claim(application_id=pk, case_id=case_id, claimed_by=worker)
            for (pk, case_id), worker in zip(taken, load, strict=True)
        ]
    )
    ClaimLogEntry.objects.bulk_create(
        [
            ClaimLogEntry(application_id=pk, action=ClaimAction.CLAIMED, by=worker)
            for (pk, _), worker in zip(taken, load, strict=True)
        ]
    )
