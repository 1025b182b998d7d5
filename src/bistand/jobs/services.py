"""Enqueue jobs durably and hand them to the worker after commit."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import registry
from .models import Job

logger = logging.getLogger(__name__)

RUN_JOB = "bistand.jobs.runner.run_job"


def job_enqueue(
    *,
    name: str,
    payload: dict[str, Any] | None = None,
    key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int = 8,
) -> Job:
    """Record a job in the current transaction and dispatch it to a worker once committed.

    With a `key`, enqueueing again returns the existing job instead of making a second one.
    If the transaction rolls back, the job was never there.
    """
    registry.get(name)  # fail early on a typo, in the caller's transaction
    if key is not None:
        existing = Job.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                name=name,
                payload=payload or {},
                key=key,
                run_after=run_after or timezone.now(),
                max_attempts=max_attempts,
            )
    except IntegrityError:
        if key is None:
            raise
        return Job.objects.get(key=key)
    if job.run_after <= timezone.now():
        transaction.on_commit(lambda: job_dispatch(job_id=str(job.pk)))
    return job


def job_dispatch(*, job_id: str) -> None:
    """Put a job on django-q2's queue. Losing this call is harmless: the sweep dispatches again."""
    from django_q.tasks import async_task

    try:
        async_task(RUN_JOB, job_id, task_name=f"job-{job_id}", q_options={"ack_failure": True})
    except Exception:  # the sweep will dispatch it; the job itself is safe in the database
        logger.exception("Could not dispatch job %s; the sweep will retry", job_id)
