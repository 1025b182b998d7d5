"""Demo data for the follow-up dashboard: a year of synthetic history (idempotent)."""

from __future__ import annotations

import random

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications.models import Case

from .history import synthetic_caseload
from .metrics import month_of

DEMO_PREFIX = "EB-H"
HOUSEHOLDS = 150


def create(rng: random.Random) -> None:
    if Case.objects.filter(number__startswith=DEMO_PREFIX).exists():
        return
    worker, _ = User.objects.get_or_create(
        username="demo-historik-handlaggare",
        defaults={"role": Role.EKONOMISEKRETERARE, "display_name": "Historik Handläggare"},
    )
    synthetic_caseload(
        random.Random(rng.random()),
        households=HOUSEHOLDS,
        end_month=month_of(timezone.localdate()),
        months=12,
        case_worker=worker,
    )
