"""Enqueue jobs durably: a row in the caller's transaction, claimed by a worker once committed."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.utils import timezone

from . import registry
from .models import Job

logger = logging.getLogger(__name__)


def job_enqueue(
    *,
    name: str,
    payload: dict[str, Any] | None = None,
    key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int = 8,
) -> Job:
    """Record a job in the current transaction; a worker claims it once it is committed and due.

    With a `key`, enqueueing again returns the existing job instead of making a second one.
    If the transaction rolls back, the job was never there. Nothing is dispatched: the workers
    claim due jobs from the table themselves (docs/adr/0180-batch-worker.md).
    """
    registry.get(name)  # fail early on a typo, in the caller's transaction
    job = Job(
        name=name,
        payload=payload or {},
        key=key,
        run_after=run_after or timezone.now(),
        max_attempts=max_attempts,
    )
    if key is None:
        job.save(force_insert=True)
        return job
    # One INSERT that does nothing if the key exists (no savepoint, safe against a concurrent
    # enqueue of the same key), then the job that holds the key: this one or the earlier one.
    Job.objects.bulk_create([job], ignore_conflicts=True)
    return Job.objects.get(key=key)
