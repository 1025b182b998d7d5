"""The background worker: processes that claim jobs from the `Job` table, and the scheduler.

`bistand worker` starts `BISTAND_WORKERS` worker processes (CPU: one per core is enough), each
running `BISTAND_WORKER_THREADS` threads. A thread claims a batch of due jobs
(`BISTAND_JOB_BATCH`, PostgreSQL; one at a time on SQLite), runs it and claims again; an idle
thread polls every `BISTAND_JOB_POLL` seconds. While one thread waits for register answers the
others of the process use the CPU, so a slow register never holds the whole worker. Scheduled
work (the daily payment file, sweeps) runs in one django-q2 cluster process beside them.
docs/adr/0180-batch-worker.md; docs/operations.md for sizing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, connections

from .runner import batch_supported, claim_batch, execute_batch

logger = logging.getLogger(__name__)


@dataclass
class Counters:
    """What a worker process did: jobs by outcome and the database queries it sent."""

    jobs: int = 0
    batches: int = 0
    queries: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    stats_path: str = ""
    started_cpu: float = field(default_factory=time.process_time)

    def add(self, outcomes: list[str], queries: int) -> None:
        with self.lock:
            self.jobs += len(outcomes)
            self.batches += 1
            self.queries += queries
            for outcome in outcomes:
                self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            if self.stats_path:
                # One file per process, rewritten after every batch: still there if the
                # process is killed.
                with open(f"{self.stats_path}.{os.getpid()}", "w", encoding="utf-8") as out:
                    out.write(self.summary() + "\n")

    def summary(self) -> str:
        cpu = time.process_time() - self.started_cpu
        return (
            f"worker pid={os.getpid()} jobs={self.jobs} batches={self.batches} "
            f"queries={self.queries} cpu_s={cpu:.3f} outcomes={self.outcomes}"
        )


class _QueryCounter:
    """A database execute wrapper that counts the statements sent (cheap; no SQL kept)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def batch_size() -> int:
    return int(settings.JOB_BATCH) if batch_supported() else 1


def work(*, stop: threading.Event, counters: Counters | None = None) -> None:
    """One worker thread: claim, run, repeat until `stop` is set."""
    poll = float(settings.Q_CLUSTER["poll"])
    counter = _QueryCounter()
    try:
        with connection.execute_wrapper(counter):
            while not stop.is_set():
                before = counter.count
                try:
                    jobs = claim_batch(limit=batch_size())
                except Exception:
                    logger.exception("could not claim jobs; trying again")
                    connection.close()
                    stop.wait(max(poll, 1.0))
                    continue
                if not jobs:
                    stop.wait(poll)
                    continue
                outcomes = execute_batch(jobs)
                if counters is not None:
                    counters.add(outcomes, counter.count - before)
    finally:
        connection.close()


def threads_per_process() -> int:
    configured = int(settings.WORKER_THREADS)
    if configured > 0:
        return configured
    return 8 if connection.vendor == "postgresql" else 1


def run_process(*, stats_path: str = "") -> None:
    """A worker process: its threads until SIGTERM/SIGINT (or the parent is gone)."""
    stop = threading.Event()
    counters = Counters(stats_path=stats_path)
    parent = os.getppid()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    threads = [
        threading.Thread(target=work, kwargs={"stop": stop, "counters": counters}, daemon=True)
        for _ in range(threads_per_process())
    ]
    for thread in threads:
        thread.start()
    while not stop.is_set():
        stop.wait(1.0)
        if os.getppid() != parent:  # the supervisor was killed: stop too
            stop.set()
    for thread in threads:
        thread.join(timeout=60)
    logger.info(counters.summary())


def _process_main(stats_path: str) -> None:
    connections.close_all()  # never share the parent's connection
    run_process(stats_path=stats_path)


def _scheduler_main() -> None:
    from django.core.management import call_command

    connections.close_all()
    call_command("qcluster")


def supervise(*, processes: int, scheduler: bool = True, stats_path: str = "") -> None:
    """Start the worker processes (and the scheduler); stop them all on SIGTERM/SIGINT."""
    context = multiprocessing.get_context("fork")
    connections.close_all()
    children = [
        context.Process(target=_process_main, args=(stats_path,), name=f"worker-{n}")
        for n in range(processes)
    ]
    if scheduler:
        children.append(context.Process(target=_scheduler_main, name="scheduler"))
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    for child in children:
        child.start()
    logger.info(
        "worker started processes=%d threads=%d batch=%d scheduler=%s",
        processes,
        threads_per_process(),
        batch_size(),
        scheduler,
    )
    while not stop.is_set():
        stop.wait(1.0)
        for child in children:
            if not child.is_alive() and not stop.is_set():
                logger.error("worker %s ended (exit %s); stopping", child.name, child.exitcode)
                stop.set()
    for child in children:
        if child.is_alive() and child.pid is not None:
            os.kill(child.pid, signal.SIGTERM)
    for child in children:
        child.join(timeout=60)
        if child.is_alive():
            child.kill()
