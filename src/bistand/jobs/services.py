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
    # No dispatch: the workers claim due jobs from this table themselves (bistand.jobs.worker),
    # so enqueueing is one INSERT in the caller's transaction (docs/adr/0180-batch-worker.md).
    return job
