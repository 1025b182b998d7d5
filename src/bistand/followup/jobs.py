"""The follow-up fold as a durable job (docs/adr/0230-followup-monthly-fold.md).

django-q2's schedule (src/bistand/jobs/schedules.py) calls `enqueue_fold` every hour; it records
one job per hour (a key per hour), and a worker runs `fold`, which stores the closed months'
figures again from the records. The dashboard is right without it (what changed after the fold
is computed live), only slower when the fold is old or from last month.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bistand.jobs.registry import job
from bistand.jobs.services import job_enqueue

from .services import fold_refresh

FOLD_JOB = "followup.fold"


@job(FOLD_JOB)
def fold() -> dict[str, int]:
    """Fold the months before this one into stored figures."""
    made = fold_refresh()
    return {"fold": made.pk}


def enqueue_fold() -> None:
    now = timezone.localtime()
    with transaction.atomic():
        job_enqueue(name=FOLD_JOB, key=f"{FOLD_JOB}-{now:%Y%m%d%H}")
