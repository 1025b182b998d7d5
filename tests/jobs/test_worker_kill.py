"""The job system survives `kill -9` of the worker: the job completes, and exactly once.

Starts real django-q2 worker processes against the test database, kills the first one with
SIGKILL while it is inside a job, starts a second one and waits for the job to finish.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from bistand.jobs.models import Job, JobStatus, ProbeRun
from bistand.jobs.services import job_enqueue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def worker_env() -> dict[str, str]:
    env = {
        **os.environ,
        "BISTAND_JOB_TIMEOUT": "4",
        "BISTAND_JOB_RETRY": "6",
        "BISTAND_JOB_POLL": "0.2",
    }
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["BISTAND_SQLITE_PATH"] = str(db["NAME"])
    else:
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    return env


def start_worker(log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bistand.cli", "worker"],
        env=worker_env(),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killpg reaches every worker process
    )


def wait_for(predicate, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # the cluster's leader stops its own worker processes
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # anything left of its process group


def test_job_completes_exactly_once_after_worker_is_killed_mid_job(tmp_path):
    job = job_enqueue(name="jobs.probe", payload={"marker": "kill-9", "sleep_seconds": 2})
    log = tmp_path / "worker.log"

    first = start_worker(log)
    try:
        wait_for(
            lambda: Job.objects.get(pk=job.pk).status == JobStatus.RUNNING,
            seconds=60,
            what="the first worker to start the job",
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert ProbeRun.objects.filter(marker="kill-9").count() == 0, "a killed job left changes"
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING

    second = start_worker(log)
    try:
        wait_for(
            lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE,
            seconds=90,
            what="the second worker to finish the job:\n" + log.read_text(errors="replace")[-3000:],
        )
        time.sleep(1.5)  # give a duplicate run the chance to show itself
    finally:
        stop(second)

    job.refresh_from_db()
    assert job.attempts == 2
    assert ProbeRun.objects.filter(marker="kill-9").count() == 1
