"""The batch worker: jobs claimed together on PostgreSQL (SKIP LOCKED), run in one transaction,
and exactly once even when one job of the batch fails or another worker took one over."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from bistand.jobs import registry, runner
from bistand.jobs.models import Job, JobStatus, ProbeRun
from bistand.jobs.services import job_enqueue

pytestmark = pytest.mark.django_db


def probe_one(*, marker: str, fail: bool = False) -> dict[str, str]:
    if fail:
        raise ConnectionError("this one fails")
    ProbeRun.objects.create(marker=marker)
    return {"marker": marker}


batches: list[int] = []


def probe_many(payloads: list[dict[str, Any]], prepared: list[Any]) -> list[dict[str, str]]:
    batches.append(len(payloads))
    return [probe_one(**payload) for payload in payloads]


registry.job("tests.batch_probe", apply_many=probe_many)(probe_one)


def claim_all(count: int) -> list[Job]:
    """Claim `count` jobs: one batch on PostgreSQL, one by one on SQLite (no SKIP LOCKED)."""
    claimed: list[Job] = []
    while len(claimed) < count and (more := runner.claim_batch(limit=count)):
        claimed += more
    return claimed


def test_a_batch_runs_together_and_each_job_once():
    batches.clear()
    jobs = [job_enqueue(name="tests.batch_probe", payload={"marker": f"m{n}"}) for n in range(5)]
    claimed = claim_all(5)
    assert sorted(j.pk for j in claimed) == sorted(j.pk for j in jobs)
    assert runner.execute_batch(claimed) == ["done"] * 5
    assert batches == [5]  # one transaction for all five
    assert ProbeRun.objects.filter(marker__startswith="m").count() == 5
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert Job.objects.get(pk=jobs[0].pk).result == {"marker": "m0"}
    assert runner.claim_batch(limit=5) == []


def test_one_failing_job_rolls_the_batch_back_and_the_others_run_alone():
    batches.clear()
    ok = [job_enqueue(name="tests.batch_probe", payload={"marker": f"ok{n}"}) for n in range(3)]
    bad = job_enqueue(name="tests.batch_probe", payload={"marker": "bad", "fail": True})
    outcomes = runner.execute_batch(claim_all(4))
    assert sorted(outcomes) == ["done", "done", "done", "failed"]
    # The batch's writes were rolled back, then each good job ran once on its own.
    for job in ok:
        assert ProbeRun.objects.filter(marker=job.payload["marker"]).count() == 1
        assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    failed = Job.objects.get(pk=bad.pk)
    assert failed.status == JobStatus.PENDING and failed.attempts == 1
    assert "this one fails" in failed.last_error
    assert not ProbeRun.objects.filter(marker="bad").exists()


def test_a_job_another_worker_took_over_is_not_committed_by_the_batch():
    jobs = [job_enqueue(name="tests.batch_probe", payload={"marker": f"t{n}"}) for n in range(3)]
    claimed = claim_all(3)
    # The lease of the first ran out and another worker claimed it (attempt 2).
    Job.objects.filter(pk=jobs[0].pk).update(attempts=2)
    outcomes = runner.execute_batch(claimed)
    assert sorted(outcomes) == ["done", "done", "lease lost"]
    assert not ProbeRun.objects.filter(marker="t0").exists()
    assert ProbeRun.objects.filter(marker__in=["t1", "t2"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_claim_disjoint_batches_without_waiting():
    jobs = [job_enqueue(name="jobs.probe", payload={"marker": f"d{n}"}) for n in range(6)]
    if not runner.batch_supported():
        # SQLite has no SKIP LOCKED: a worker claims one job at a time, never one already taken.
        first_claim, second_claim = runner.claim_batch(limit=6), runner.claim_batch(limit=6)
        assert len(first_claim) == len(second_claim) == 1
        assert first_claim[0].pk != second_claim[0].pk
        return
    holding = threading.Event()
    release = threading.Event()
    first: list[Job] = []

    def other_worker() -> None:
        try:
            with transaction.atomic():
                # Claim three and keep the transaction (and the row locks) open.
                ids = list(
                    Job.objects.order_by("run_after")
                    .select_for_update(skip_locked=True)
                    .values_list("pk", flat=True)[:3]
                )
                first.extend(Job.objects.filter(pk__in=ids))
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(10)
        mine = runner.claim_batch(limit=6)  # returns at once: the locked rows are skipped
    finally:
        release.set()
        thread.join(10)
    assert len(mine) == 3
    assert {j.pk for j in mine}.isdisjoint({j.pk for j in first})
    assert {j.pk for j in mine} | {j.pk for j in first} == {j.pk for j in jobs}
