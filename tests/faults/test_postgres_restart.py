"""PostgreSQL restarted in the middle of the pipeline: every application is still decided exactly
once after the database comes back (the worker reconnects; failed attempts are retried)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from bistand.applications.models import Application, ApplicationStatus
from bistand.decisions.models import Decision, Triage
from bistand.jobs.models import Job, JobStatus
from bistand.payments.models import PaymentOrder
from tests.decisions.conftest import routine_applications_submitted
from tests.jobs.test_worker_kill import start_worker, stop, wait_for, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

APPLICATIONS = 8


def restart_postgres() -> None:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def test_postgres_restart_mid_pipeline_loses_nothing(tmp_path, simulator, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("restarts the PostgreSQL server; runs in the PostgreSQL pass of scripts/test")
    assert shutil.which("pg_ctlcluster"), "pg_ctlcluster is needed to restart PostgreSQL"
    ids = [
        a.pk
        for a in routine_applications_submitted(
            APPLICATIONS, seed=99, running=simulator, slow_af_seconds=0.5
        )
    ]

    monkeypatch.setattr(
        "tests.jobs.test_worker_kill.worker_env",
        lambda: {**worker_env(), "BISTAND_REGISTERS_BASE_URL": simulator.url},
    )
    pipeline = Job.objects.filter(name="decisions.process_application")
    log = tmp_path / "worker.log"
    process = start_worker(log)
    try:
        wait_for(
            lambda: pipeline.filter(status=JobStatus.DONE).exists(),
            seconds=60,
            what="the first application to be processed",
        )
        connection.close()
        restart_postgres()
        connection.close()
        wait_for(
            lambda: not pipeline.exclude(status=JobStatus.DONE).exists(),
            seconds=240,
            what="every application after the restart:\n" + log.read_text(errors="replace")[-3000:],
        )
    finally:
        stop(process)

    for pk in ids:
        assert Application.objects.get(pk=pk).status == ApplicationStatus.DECIDED
        assert Triage.objects.filter(application_id=pk).count() == 1
        decisions = Decision.objects.filter(application_id=pk)
        assert decisions.count() == 1
        assert PaymentOrder.objects.filter(decision_id=decisions.get().pk).count() == 1
    restarted = pipeline.filter(attempts__gt=1).count()
    print(f"PostgreSQL restart: {APPLICATIONS} applications, {restarted} retried, 0 lost, 0 twice")
