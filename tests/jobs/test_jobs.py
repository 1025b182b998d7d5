"""Durable jobs: transactional enqueue, exactly-once claim, retries with back-off, sweep."""

import itertools
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from bistand.jobs import registry, runner
from bistand.jobs.backoff import retry_delay
from bistand.jobs.models import Job, JobStatus, ProbeRun
from bistand.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db

calls: list[str] = []


@registry.job("tests.flaky")
def flaky(*, fail_times: int, marker: str) -> None:
    calls.append(marker)
    if len([c for c in calls if c == marker]) <= fail_times:
        raise ConnectionError("register source did not answer")
    ProbeRun.objects.create(marker=marker)


def test_enqueue_inside_rolled_back_transaction_leaves_no_job():
    class BoomError(Exception):
        pass

    with pytest.raises(BoomError), transaction.atomic():
        job_enqueue(name="jobs.probe", payload={"marker": "never"})
        raise BoomError
    assert Job.objects.count() == 0


def test_same_key_gives_the_same_job():
    first = job_enqueue(name="jobs.probe", payload={"marker": "k"}, key="application-1-intake")
    second = job_enqueue(name="jobs.probe", payload={"marker": "k"}, key="application-1-intake")
    assert first.pk == second.pk
    assert Job.objects.count() == 1


def test_unknown_job_name_is_refused_at_enqueue():
    with pytest.raises(LookupError):
        job_enqueue(name="no.such.job")


def test_a_job_runs_once_even_if_dispatched_twice():
    job = job_enqueue(name="jobs.probe", payload={"marker": "twice"})
    assert runner.run_job(str(job.pk)) == "done"
    assert runner.run_job(str(job.pk)) == "not claimed"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert ProbeRun.objects.filter(marker="twice").count() == 1


def test_failing_job_is_retried_with_growing_delay_then_succeeds():
    calls.clear()
    job = job_enqueue(name="tests.flaky", payload={"fail_times": 2, "marker": "f"})
    before = timezone.now()
    assert runner.run_job(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert "ConnectionError" in job.last_error
    first_delay = job.run_after - before
    assert timedelta(seconds=5) <= first_delay <= timedelta(seconds=7)
    # Not due yet: a worker that gets it early leaves it alone.
    assert runner.run_job(str(job.pk)) == "not claimed"

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    before = timezone.now()
    assert runner.run_job(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.run_after - before >= timedelta(seconds=10)

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert runner.run_job(str(job.pk)) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 3)
    assert ProbeRun.objects.filter(marker="f").count() == 1


def test_job_fails_for_good_after_max_attempts_and_keeps_the_error():
    calls.clear()
    job = job_enqueue(name="tests.flaky", payload={"fail_times": 99, "marker": "g"}, max_attempts=2)
    runner.run_job(str(job.pk))
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    runner.run_job(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "register source did not answer" in job.last_error
    assert job.pk not in runner.due_job_ids()


def test_job_of_a_killed_worker_is_taken_over_after_its_lease():
    job = job_enqueue(name="jobs.probe", payload={"marker": "lease"})
    # A worker claimed it and died: RUNNING with a lease that has run out.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert str(job.pk) in runner.due_job_ids()
    assert runner.run_job(str(job.pk)) == "done"
    job.refresh_from_db()
    assert job.attempts == 2


def test_running_job_with_live_lease_is_not_taken_over():
    job = job_enqueue(name="jobs.probe", payload={"marker": "live"})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, lease_until=timezone.now() + timedelta(minutes=1)
    )
    assert runner.run_job(str(job.pk)) == "not claimed"
    assert str(job.pk) not in runner.due_job_ids()


def test_worker_that_lost_its_lease_cannot_commit(monkeypatch):
    job = job_enqueue(name="jobs.probe", payload={"marker": "fenced"})
    real_probe = registry.get("jobs.probe").apply

    def probe_overtaken(**kwargs):
        result = real_probe(**kwargs)
        # Meanwhile another worker took the job over (the attempt number moved on).
        Job.objects.filter(pk=job.pk).update(attempts=5)
        return result

    monkeypatch.setitem(
        registry._REGISTRY, "jobs.probe", registry.RegisteredJob("jobs.probe", probe_overtaken)
    )
    assert runner.run_job(str(job.pk)) == "lease lost"
    assert ProbeRun.objects.filter(marker="fenced").count() == 0


def test_retry_delay_grows_exponentially_with_cap():
    delays = [retry_delay(attempt=n, job_id="x").total_seconds() for n in range(1, 15)]
    assert delays[0] >= 5
    assert all(b > a for a, b in itertools.pairwise(delays[:9]))
    assert max(delays) <= 3600 * 1.2
    assert retry_delay(attempt=3, job_id="x") == retry_delay(attempt=3, job_id="x")


def test_a_worker_claims_due_jobs_only_and_each_once():
    due = job_enqueue(name="jobs.probe", payload={"marker": "due"})
    later = job_enqueue(
        name="jobs.probe",
        payload={"marker": "later"},
        run_after=timezone.now() + timedelta(hours=1),
    )
    claimed = runner.claim_batch(limit=10)
    assert [job.pk for job in claimed] == [due.pk]
    assert claimed[0].status == JobStatus.RUNNING and claimed[0].attempts == 1
    assert runner.claim_batch(limit=10) == []  # leased: nobody claims it again
    assert runner.execute_batch(claimed) == ["done"]
    assert Job.objects.get(pk=later.pk).status == JobStatus.PENDING


prepared_seen: list[object] = []


def fetch_outside_transaction(*, marker: str) -> dict[str, object]:
    from django.db import connection

    return {"in_transaction": connection.in_atomic_block, "marker": marker}


@registry.job("tests.two_phase", prepare=fetch_outside_transaction)
def two_phase(*, marker: str, prepared: dict[str, object]) -> None:
    prepared_seen.append(prepared)
    ProbeRun.objects.create(marker=marker)


@pytest.mark.django_db(transaction=True)
def test_prepare_runs_outside_the_transaction_and_apply_gets_its_result():
    prepared_seen.clear()
    job = job_enqueue(name="tests.two_phase", payload={"marker": "two"})
    assert runner.run_job(str(job.pk)) == "done"
    assert prepared_seen == [{"in_transaction": False, "marker": "two"}]
    assert ProbeRun.objects.filter(marker="two").count() == 1
