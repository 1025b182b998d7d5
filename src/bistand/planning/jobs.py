"""Jobs owned by planning, and the scheduled functions that enqueue them.

django-q2's schedule (src/bistand/jobs/schedules.py) calls `enqueue_offers` and
`enqueue_reminders`; they record a durable job with a key per time bucket, so a schedule that
fires twice still makes one job, and the job itself is idempotent.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bistand.jobs.registry import job
from bistand.jobs.services import job_enqueue

from .services import meeting_offers_record, meeting_reminders_send

OFFERS_JOB = "planning.meeting_offers"
REMINDERS_JOB = "planning.meeting_reminders"


@job(OFFERS_JOB)
def meeting_offers() -> dict[str, int]:
    """Record the meeting offer of every new applicant of the last 24 hours who has none."""
    return {"offers": meeting_offers_record()}


@job(REMINDERS_JOB)
def meeting_reminders() -> dict[str, int]:
    """Remind of tomorrow's meetings (recorded, no real SMS)."""
    return {"reminders": meeting_reminders_send()}


def enqueue_offers() -> None:
    now = timezone.now()
    with transaction.atomic():
        job_enqueue(name=OFFERS_JOB, key=f"{OFFERS_JOB}-{now:%Y%m%d%H%M}")


def enqueue_reminders() -> None:
    now = timezone.localtime()
    with transaction.atomic():
        job_enqueue(name=REMINDERS_JOB, key=f"{REMINDERS_JOB}-{now:%Y%m%d%H}")
