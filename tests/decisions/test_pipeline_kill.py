"""Killing the worker (SIGKILL) in the middle of the pipeline loses nothing and decides nothing
twice: after a restart every application has exactly one outcome and at most one decision."""

from __future__ import annotations

import os
import signal

import pytest

from bistand.applications.models import Application, ApplicationStatus
from bistand.decisions.models import Decision, Triage
from bistand.jobs.models import Job, JobStatus
from bistand.payments.models import PaymentOrder
from tests.jobs.test_worker_kill import start_worker, stop, wait_for, worker_env

from .conftest import routine_applications_submitted

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

APPLICATIONS = 6


def pipeline_jobs():
    return Job.objects.filter(name="decisions.process_application")


def test_worker_killed_mid_pipeline_gives_exactly_one_outcome_each(
    tmp_path, simulator, registers_settings, monkeypatch
):
    applications = routine_applications_submitted(
        APPLICATIONS, seed=77, running=simulator, slow_af_seconds=1.0
    )

    monkeypatch.setattr(
        "tests.jobs.test_worker_kill.worker_env",
        lambda: {**worker_env(), "BISTAND_REGISTERS_BASE_URL": simulator.url},
    )
    log = tmp_path / "worker.log"
    kills = 0
    for _ in range(2):  # kill twice, each time while a pipeline job is running
        process = start_worker(log)
        try:
            wait_for(
                lambda: (
                    pipeline_jobs().filter(status=JobStatus.RUNNING).exists()
                    or not pipeline_jobs().exclude(status=JobStatus.DONE).exists()
                ),
                seconds=60,
                what="a pipeline job to run",
            )
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            kills += 1
        finally:
            stop(process)

    final = start_worker(log)
    try:
        wait_for(
            lambda: not pipeline_jobs().exclude(status=JobStatus.DONE).exists(),
            seconds=120,
            what="every pipeline job to finish:\n" + log.read_text(errors="replace")[-3000:],
        )
    finally:
        stop(final)

    assert kills == 2
    attempts = sorted(pipeline_jobs().values_list("attempts", flat=True))
    assert max(attempts) >= 2, "no job was interrupted by the kills"
    for application in applications:
        application = Application.objects.get(pk=application.pk)
        assert application.status == ApplicationStatus.DECIDED
        assert Triage.objects.filter(application_id=application.pk).count() == 1
        assert Decision.objects.filter(application_id=application.pk).count() == 1
    # Exactly one payment order per decision.
    for decision in Decision.objects.filter(application_id__in=[a.pk for a in applications]):
        assert PaymentOrder.objects.filter(decision_id=decision.pk).count() == 1
