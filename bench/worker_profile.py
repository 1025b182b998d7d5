"""Where the batch worker's CPU goes: cProfile with a per-thread CPU clock over every thread.

Clones a template database made by `pipeline_bench.py --template` (PostgreSQL), submits its
drafts, starts the register simulator, and runs the worker's threads in this process (as one
worker process does: `work()` claiming batches) with every thread profiled, the register fetch
threads included. Prints the CPU milliseconds per application of this process and the functions
with the most own time and the most cumulative time.

    BISTAND_BENCH_DB=bistand_bench_prof .venv/bin/python bench/worker_profile.py \
        --template bistand_tpl_300_0_202612_xxxxxxxxxx [--threads 2] [--top 40]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pipeline_bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", default="", help="write the merged stats here (pstats file)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="bistand-profile-")
    os.environ["DATABASE_URL"] = pipeline_bench.PG_BENCH
    env = pipeline_bench.prepare_database(False, data_dir, args.template)
    simulator = pipeline_bench.start_simulator_process(env)
    os.environ["BISTAND_REGISTERS_BASE_URL"] = simulator.url
    os.environ["BISTAND_LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bistand.settings"
    import django

    django.setup()
    from django.apps import apps
    from django.db import connection

    from bistand.applications.models import Application
    from bistand.demo import scenarios
    from bistand.jobs.models import Job, JobStatus
    from bistand.jobs.worker import Counters, work

    try:
        drafts = list(
            Application.objects.filter(submitted_at__isnull=True)
            .select_related("created_by")
            .order_by("pk")
        )
        for draft in drafts:
            scenarios.submit(draft, draft.created_by)
        for config in apps.get_app_configs():
            warm_up = getattr(config, "warm_up", None)
            if callable(warm_up):
                warm_up()
        connection.close()
        random.seed(0)

        profiles: list[cProfile.Profile] = []
        lock = threading.Lock()

        def start_profiling(frame: object, event: str, arg: object) -> None:
            profile = cProfile.Profile(time.thread_time)
            with lock:
                profiles.append(profile)
            profile.enable()  # replaces this hook for the thread

        stop = threading.Event()
        counters = Counters()
        threading.setprofile(start_profiling)
        threads = [
            threading.Thread(target=work, kwargs={"stop": stop, "counters": counters})
            for _ in range(args.threads)
        ]
        started_cpu = time.process_time()
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while (
            Job.objects.filter(
                name="decisions.process_application",
                status__in=[JobStatus.PENDING, JobStatus.RUNNING],
            ).count()
            > 0
        ):
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join()
        threading.setprofile(None)
        cpu = time.process_time() - started_cpu
        wall = time.monotonic() - started
    finally:
        simulator.stop()

    jobs = counters.jobs or 1
    print(
        f"{counters.jobs} jobs in {counters.batches} batches, {wall:.1f} s; this process's CPU "
        f"{cpu / jobs * 1000:.1f} ms per application (profiling included), "
        f"{counters.queries / jobs:.1f} queries per application; load {os.getloadavg()[0]:.1f}"
    )
    stats: pstats.Stats | None = None
    for profile in profiles:
        profile.snapshot_stats()
        holder = type("Holder", (), {"stats": profile.stats, "create_stats": lambda self: None})()
        if stats is None:
            stats = pstats.Stats(holder)
        else:
            stats.add(holder)
    assert stats is not None
    if args.out:
        stats.dump_stats(args.out)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
