"""Run one job exactly once, whatever happens to the worker.

A worker claims a job with one conditional UPDATE (PENDING, or RUNNING with a lease that has run
out because its worker was killed). The job's own database changes and the DONE mark commit in one
transaction, fenced by the attempt number: a worker that lost its lease cannot commit. A worker
killed mid-job therefore leaves nothing behind, and the next claim runs the job again from the
start. A job that raises is retried later with exponential back-off, up to `max_attempts`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import registry
from .backoff import retry_delay
from .models import Job, JobStatus

logger = logging.getLogger(__name__)


class LeaseLostError(RuntimeError):
    """Another worker took the job over; this worker's changes are rolled back."""


def lease_length() -> timedelta:
    # django-q2 stops a job after `timeout` seconds, so the lease outlives any live attempt; and
    # django-q2 hands an unacknowledged task out again after `retry` (> timeout + 1) seconds, by
    # which time the lease of a killed worker has run out and the job can be claimed again.
    timeout: int = settings.Q_CLUSTER["timeout"]
    return timedelta(seconds=timeout + 1)


def run_job(job_id: str) -> str:
    now = timezone.now()
    claimable = Q(status=JobStatus.PENDING) | Q(status=JobStatus.RUNNING, lease_until__lt=now)
    claimed = (
        Job.objects.filter(pk=job_id, run_after__lte=now)
        .filter(claimable)
        .update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=now + lease_length(),
            started_at=now,
        )
    )
    if not claimed:
        return "not claimed"
    job = Job.objects.get(pk=job_id)
    logger.info("job start id=%s name=%s attempt=%s", job.pk, job.name, job.attempts)
    try:
        registered = registry.get(job.name)
        kwargs = dict(job.payload)
        if registered.prepare is not None:
            kwargs["prepared"] = registered.prepare(**job.payload)
        with transaction.atomic():
            result = registered.apply(**kwargs)
            fenced = Job.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts
            ).update(
                status=JobStatus.DONE,
                finished_at=timezone.now(),
                lease_until=None,
                result=result if _json_safe(result) else None,
                last_error="",
            )
            if not fenced:
                raise LeaseLostError(str(job.pk))
    except LeaseLostError:
        logger.warning("job lease lost id=%s; changes rolled back", job.pk)
        return "lease lost"
    except Exception as exc:
        _record_failure(job, exc)
        return "failed"
    logger.info("job done id=%s name=%s", job.pk, job.name)
    return "done"


def _record_failure(job: Job, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if job.attempts >= job.max_attempts:
        changes = {"status": JobStatus.FAILED, "finished_at": timezone.now()}
        logger.error("job failed for good id=%s name=%s error=%s", job.pk, job.name, error)
    else:
        delay = retry_delay(attempt=job.attempts, job_id=str(job.pk))
        changes = {"status": JobStatus.PENDING, "run_after": timezone.now() + delay}
        logger.warning(
            "job failed id=%s name=%s attempt=%s retry_in=%ss error=%s",
            job.pk,
            job.name,
            job.attempts,
            int(delay.total_seconds()),
            error,
        )
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
        lease_until=None, last_error=error, **changes
    )


def _json_safe(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | dict | list)


def due_job_ids(*, limit: int = 500) -> list[str]:
    now = timezone.now()
    due = Job.objects.filter(
        Q(status=JobStatus.PENDING, run_after__lte=now)
        | Q(status=JobStatus.RUNNING, lease_until__lt=now)
    ).order_by("run_after")
    return [str(pk) for pk in due.values_list("pk", flat=True)[:limit]]


def sweep() -> int:
    """Scheduled every minute: dispatch due retries, lost dispatches and jobs of killed workers."""
    from .services import job_dispatch

    ids = due_job_ids()
    for job_id in ids:
        job_dispatch(job_id=job_id)
    return len(ids)
