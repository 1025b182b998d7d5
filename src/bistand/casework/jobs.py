"""Jobs owned by casework: the overdue sweep that escalates to the enhetschef."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from bistand.jobs.registry import job
from bistand.jobs.services import job_enqueue

from . import services

OVERDUE_SWEEP_JOB = "casework.overdue_sweep"
SWEEP_MINUTES = 15


@job(OVERDUE_SWEEP_JOB)
def overdue_sweep() -> dict[str, Any]:
    """Escalate applications in the queue past their SLA due time (idempotent)."""
    return {"escalated": services.queue_escalate_overdue()}


def schedule_overdue_sweep() -> None:
    """Called by django-q2's schedule (bistand.jobs.schedules): one durable job per window."""
    now = timezone.now()
    window = now.replace(minute=now.minute - now.minute % SWEEP_MINUTES, second=0, microsecond=0)
    with transaction.atomic():
        job_enqueue(name=OVERDUE_SWEEP_JOB, key=f"casework-overdue-sweep-{window:%Y%m%dT%H%M}")
