"""Durable job records.

A `Job` is written in the same database transaction as the change that needs it (an outbox), so
a job can never be lost when the web process dies right after a commit. django-q2 carries the job
to a worker; the `Job` row is the truth about whether it has run (see
docs/adr/0003-background-jobs.md).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    RUNNING = "running", _("Körs")
    DONE = "done", _("Klart")
    FAILED = "failed", _("Misslyckades")


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField(default=dict)
    # Optional business key: enqueueing the same key twice gives the same job (idempotent).
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=8)
    run_after = models.DateTimeField(db_index=True)
    # While RUNNING, the worker holds the job until `lease_until`; a job whose worker was killed
    # is taken over by the next worker once the lease has run out.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.name} [{self.status}]"


class ProbeRun(models.Model):
    """Written by the `jobs.probe` job: proves that a worker runs jobs, exactly once each."""

    marker = models.CharField(max_length=100, unique=True)
    ran_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.marker
