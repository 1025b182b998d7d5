"""Run jobs exactly once, whatever happens to the worker.

A worker claims jobs from the `Job` table itself: on PostgreSQL a batch at a time with
`SELECT … FOR UPDATE SKIP LOCKED LIMIT n` (workers never wait for each other's rows), on SQLite
one at a time with a conditional UPDATE (PENDING, or RUNNING with a lease that has run out
because its worker was killed). The job's own database changes and its DONE mark commit in one
transaction, fenced by the attempt number: a worker that lost its lease cannot commit. A worker
killed mid-job therefore leaves nothing behind, and the next claim runs the job again from the
start. A job that raises is retried later with exponential back-off, up to `max_attempts`.

A job registered with `prepare_many`/`apply_many` (the decision pipeline) runs a claimed batch
together: the slow I/O of every job at once, then one transaction for the whole batch with bulk
writes. If anything in that transaction fails, it is rolled back and every job of the batch
runs alone, as a single job would (docs/adr/0180-batch-worker.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import registry
from .backoff import retry_delay
from .models import Job, JobStatus

logger = logging.getLogger(__name__)


class LeaseLostError(RuntimeError):
    """Another worker took the job over; this worker's changes are rolled back."""


def lease_length() -> timedelta:
    # A job that runs longer than `timeout` seconds has lost its lease: another worker may take
    # it over once the lease has run out, and the fence keeps the first from committing.
    timeout: int = settings.Q_CLUSTER["timeout"]
    return timedelta(seconds=timeout + 1)


def _claimable(now: Any) -> Q:
    return Q(status=JobStatus.PENDING) | Q(status=JobStatus.RUNNING, lease_until__lt=now)


def batch_supported() -> bool:
    """Batches need row locks that other workers skip (PostgreSQL); SQLite claims one job."""
    return bool(connection.features.has_select_for_update_skip_locked)


def claim_batch(*, limit: int, names: Sequence[str] | None = None) -> list[Job]:
    """Claim up to `limit` due jobs for this worker (RUNNING, attempt + 1, leased).

    PostgreSQL: one transaction, `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers get
    disjoint batches without waiting. SQLite: at most one job, by a conditional UPDATE.
    """
    now = timezone.now()
    due = Job.objects.filter(_claimable(now), run_after__lte=now)
    if names:
        due = due.filter(name__in=list(names))
    changes = {
        "status": JobStatus.RUNNING,
        "attempts": F("attempts") + 1,
        "lease_until": now + lease_length(),
        "started_at": now,
    }
    if not batch_supported():
        ids = list(due.order_by("run_after").values_list("pk", flat=True)[:1])
        if not ids or not Job.objects.filter(_claimable(now), pk=ids[0]).update(**changes):
            return []
        return list(Job.objects.filter(pk=ids[0]))
    with transaction.atomic():
        ids = list(
            due.order_by("run_after")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        Job.objects.filter(pk__in=ids).update(**changes)
        return sorted(Job.objects.filter(pk__in=ids), key=lambda job: ids.index(job.pk))


def run_job(job_id: str) -> str:
    """Claim one job by id and run it (tests, and a single job on demand)."""
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id, run_after__lte=now)
        .filter(_claimable(now))
        .update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=now + lease_length(),
            started_at=now,
        )
    )
    if not claimed:
        return "not claimed"
    return execute(Job.objects.get(pk=job_id))


_NOT_PREPARED = object()


def execute(job: Job, prepared: Any = _NOT_PREPARED) -> str:
    """Run one claimed job: prepare (outside the transaction), then apply and the DONE mark."""
    logger.info("job start id=%s name=%s attempt=%s", job.pk, job.name, job.attempts)
    try:
        registered = registry.get(job.name)
        kwargs = dict(job.payload)
        if registered.prepare is not None:
            kwargs["prepared"] = (
                registered.prepare(**job.payload) if prepared is _NOT_PREPARED else prepared
            )
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


def execute_batch(jobs: list[Job]) -> list[str]:
    """Run claimed jobs; a batch of one name with `apply_many` runs together, else one by one."""
    by_name: dict[str, list[Job]] = {}
    for job in jobs:
        by_name.setdefault(job.name, []).append(job)
    outcomes: list[str] = []
    for name, group in by_name.items():
        try:
            registered = registry.get(name)
        except LookupError:
            registered = None
        if registered is None or registered.apply_many is None or len(group) == 1:
            outcomes += [execute(job) for job in group]
        else:
            outcomes += _execute_together(group, registered)
    return outcomes


def _execute_together(jobs: list[Job], registered: registry.RegisteredJob) -> list[str]:
    assert registered.apply_many is not None
    payloads = [dict(job.payload) for job in jobs]
    try:
        if registered.prepare_many is not None:
            prepared = registered.prepare_many(payloads)
        elif registered.prepare is not None:
            prepared = [registered.prepare(**payload) for payload in payloads]
        else:
            prepared = [None] * len(jobs)
    except Exception:
        logger.exception(
            "batch prepare failed name=%s size=%d; one by one", jobs[0].name, len(jobs)
        )
        return [execute(job) for job in jobs]
    try:
        with transaction.atomic():
            results = registered.apply_many(payloads, prepared)
            now = timezone.now()
            fence = reduce(or_, (Q(pk=job.pk, attempts=job.attempts) for job in jobs))
            fenced = Job.objects.filter(fence, status=JobStatus.RUNNING).update(
                status=JobStatus.DONE, finished_at=now, lease_until=None, last_error=""
            )
            if fenced != len(jobs):
                raise LeaseLostError(f"{len(jobs) - fenced} of {len(jobs)}")
            for job, result in zip(jobs, results, strict=True):
                job.result = result if _json_safe(result) else None
            Job.objects.bulk_update(jobs, ["result"])
    except Exception as exc:
        # Nothing of the batch was committed: each job runs alone (and fails or is fenced alone).
        logger.warning(
            "batch rolled back name=%s size=%d error=%s; one by one",
            jobs[0].name,
            len(jobs),
            type(exc).__name__,
        )
        return [execute(job, prepared=p) for job, p in zip(jobs, prepared, strict=True)]
    logger.info("job batch done name=%s size=%d", jobs[0].name, len(jobs))
    return ["done"] * len(jobs)


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
    """Kept for schedules stored by older versions: workers now claim due jobs, retries and
    jobs of killed workers from the table themselves, so there is nothing to dispatch. Returns
    how many jobs are due (for the log)."""
    return len(due_job_ids())
