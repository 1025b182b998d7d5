"""Reads about jobs: queue length and age for readiness and metrics."""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils import timezone

from .models import Job, JobStatus


def job_queue_summary() -> dict[str, object]:
    counts = dict(
        Job.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    oldest = Job.objects.filter(status=JobStatus.PENDING).aggregate(oldest=Min("run_after"))[
        "oldest"
    ]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {
        "pending": counts.get(JobStatus.PENDING, 0),
        "running": counts.get(JobStatus.RUNNING, 0),
        "failed": counts.get(JobStatus.FAILED, 0),
        "oldest_pending_seconds": max(0, int(age)),
    }
