"""The automated decision function under load: submit → decision latency, and a month-start surge.

Runs against a private database (PostgreSQL `bistand_bench` by default, recreated; or SQLite with
--sqlite), the register simulator as its own process (no latency unless --register-delay MIN-MAX:
every register call answers after a random MIN to MAX milliseconds; --register-timeout sets
BISTAND_REGISTERS_FETCH_TIMEOUT for the worker),
and the real background worker (`bistand worker`: --workers processes, --threads threads each,
claiming --batch jobs at a time on PostgreSQL; docs/adr/0180-batch-worker.md).

1. Latency: with the worker running, --latency routine recurring applications are submitted at
   about --rate per second; prints p50/p95/max of submit → decision (Decision.decided_at minus
   Application.submitted_at).
2. Surge: with the worker stopped, --surge routine applications are submitted (as on the first of
   the month; the median server-side time of one submission is printed); then the worker starts
   and the time until every one is decided is printed, with throughput, the outcome counts, the
   database queries per application and the CPU milliseconds per application of the worker, of
   the register simulator and of the PostgreSQL backends serving the worker.

    .venv/bin/python bench/pipeline_bench.py [--latency 100] [--surge 10000] [--workers 2]
    .venv/bin/python bench/pipeline_bench.py --surge 0 --register-delay 300-1500 \
        --register-timeout 1.6

--template (PostgreSQL): keep the set-up (migrated database, the routine cases with last month
decided and this month's drafts) as a template database and, on the next run with the same
--surge, --latency, month and migrations, clone it (CREATE DATABASE … TEMPLATE …) instead of
building it again: the 10 000-case set-up takes about ten minutes, the clone seconds. The
template is named bistand_tpl_<surge>_<latency>_<yyyymm>_<hash of the latest migrations>; a
schema change gives another name, so the next run builds it afresh (old templates are dropped).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_settings import copy_database_settings

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# BISTAND_BENCH_DB: the database's name (recreated), so that parallel runs do not collide.
BENCH_DB = os.environ.get("BISTAND_BENCH_DB", "bistand_bench")
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"


TEMPLATE_PREFIX = "bistand_tpl_"


def prepare_database(use_sqlite: bool, data_dir: str, template: str = "") -> dict[str, str]:
    """Recreate the bench database: empty, or as a clone of `template` when given."""
    env = {"BISTAND_DATA_DIR": data_dir, "BISTAND_SECRET_KEY": "bench-only"}
    if use_sqlite:
        os.environ.pop("DATABASE_URL", None)
        env["BISTAND_SQLITE_PATH"] = str(Path(data_dir) / "bench.sqlite3")
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            if template:
                conn.execute(f'CREATE DATABASE "{BENCH_DB}" TEMPLATE "{template}"')
                copy_database_settings(conn, template, BENCH_DB)
            else:
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        env["DATABASE_URL"] = PG_BENCH
    os.environ.update(env)
    return env


def template_name(surge: int, latency: int, month: date) -> str:
    """The template database for this set-up: the sizes, the month (the drafts are for it) and
    the latest migration of every app as found on disk (a schema change gives a new name)."""
    import hashlib

    from django.db.migrations.loader import MigrationLoader

    leaves = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    digest = hashlib.sha256(repr(leaves).encode()).hexdigest()[:10]
    return f"{TEMPLATE_PREFIX}{surge}_{latency}_{month:%Y%m}_{digest}"


def template_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def keep_as_template(name: str, surge: int, latency: int) -> None:
    """Copy the bench database (just set up) to `name`; drop older templates of these sizes."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        old = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [f"{TEMPLATE_PREFIX}{surge}\\_{latency}\\_%", name],
        ).fetchall()
        for (stale,) in old:
            conn.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [BENCH_DB],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{BENCH_DB}"')
        copy_database_settings(conn, BENCH_DB, name)


class SimulatorProcess:
    """The register simulator as its own process, as `scripts/run` starts it."""

    def __init__(self, env: dict[str, str], latency: str = "") -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bistand.cli", "register_simulator", "--port", str(port)]
            + (["--latency", latency] if latency else []),
            env={**os.environ, **env, "BISTAND_LOG_LEVEL": "WARNING"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):  # up to a minute on a loaded machine
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise SystemExit("the register simulator did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_simulator_process(env: dict[str, str], latency: str = "") -> SimulatorProcess:
    return SimulatorProcess(env, latency)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, default=100)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--surge", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=0, help="threads per worker process (0: the default)"
    )
    parser.add_argument(
        "--batch", type=int, default=0, help="jobs claimed at once (0: the default; PostgreSQL)"
    )
    parser.add_argument(
        "--register-delay",
        default="",
        metavar="MIN-MAX",
        help="every register call answers after MIN to MAX ms (e.g. 300-1500)",
    )
    parser.add_argument(
        "--register-timeout",
        type=float,
        default=0.0,
        help="BISTAND_REGISTERS_FETCH_TIMEOUT for the worker, seconds (0: the default)",
    )
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument(
        "--template",
        action="store_true",
        help="keep the set-up as a template database and clone it on the next run (PostgreSQL)",
    )
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="bistand-bench-")
    if args.template and args.sqlite:
        raise SystemExit("--template needs PostgreSQL")
    if not args.sqlite:
        os.environ["DATABASE_URL"] = PG_BENCH  # read by the settings; created below
    os.environ["DJANGO_SETTINGS_MODULE"] = "bistand.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    template = ""
    cloned = False
    if args.template:
        template = template_name(args.surge, args.latency, timezone.localdate().replace(day=1))
        cloned = template_exists(template)
    clone_started = time.monotonic()
    env = prepare_database(args.sqlite, data_dir, template if cloned else "")
    if cloned:
        print(
            f"set-up cloned from the template database {template} "
            f"in {time.monotonic() - clone_started:.1f} s"
        )

    from bistand.accounts.models import Role, User
    from bistand.applications.models import Application
    from bistand.decisions.models import Decision, Triage
    from bistand.demo import scenarios
    from bistand.jobs.models import Job, JobStatus
    from bistand.registers.models import RegisterFetch

    call_command("migrate", verbosity=0)
    # The nämnd has approved the installed rules version; without it the robot decides nothing.
    from bistand.demo import governance as governance_demo

    if not cloned:
        User.objects.get_or_create(username="bench-enhetschef", defaults={"role": Role.ENHETSCHEF})
        governance_demo.create(random.Random(0))
    month = timezone.localdate().replace(day=1)
    previous = scenarios.previous_month(month)
    rng = random.Random(2026)
    answers = scenarios.routine_answers()
    used: set[str] = set()

    def unique_number(rng: random.Random, month: date) -> str:
        """A routine person not yet in this run (synthetic numbers can repeat by chance)."""
        while (number := scenarios.routine_personnummer_for(rng, month)) in used:
            pass
        used.add(number)
        return number

    case_worker, _ = User.objects.get_or_create(
        username="bench-handlaggare",
        defaults={"role": Role.EKONOMISEKRETERARE, "display_name": "Bench Handläggare"},
    )

    def routine_case(n: int) -> Application:
        """Last month decided by a case worker (same answers), this month's recurring
        application as a draft: a routine case the robot decides."""
        number = unique_number(rng, month)
        citizen = User.objects.create(
            username=f"bench-{n}", role=Role.CITIZEN, display_name="Bench", personnummer=number
        )
        scenarios.decided_month(
            applicant=citizen, month=previous, answers=answers, decided_by=case_worker
        )
        return scenarios.recurring_draft(applicant=citizen, month=month, answers=answers)

    def forget_last_months_jobs() -> None:
        """Last month's applications were decided by a case worker: no pipeline job of theirs
        is left for the worker (only this month's submissions are measured)."""
        Job.objects.filter(name="decisions.process_application", status=JobStatus.PENDING).update(
            status=JobStatus.DONE
        )

    # The set-up: every case of the run (latency and surge) with last month decided and this
    # month's draft, built here or cloned from the template (--template).
    setup_started = time.monotonic()
    if cloned:
        drafts_all = list(
            Application.objects.filter(month=month, submitted_at__isnull=True)
            .select_related("created_by")
            .order_by("pk")
        )
        if len(drafts_all) != args.latency + args.surge:
            raise SystemExit(f"the template {template} has {len(drafts_all)} drafts")
    else:
        drafts_all = [routine_case(n) for n in range(args.latency + args.surge)]
        forget_last_months_jobs()
        if template:
            keep_as_template(template, args.surge, args.latency)
            print(f"set-up kept as the template database {template}")
    setup_seconds = time.monotonic() - setup_started
    simulator = start_simulator_process(env, args.register_delay)
    atexit.register(simulator.stop)  # also when the run fails
    if args.register_delay:
        print(
            f"register simulator latency: {args.register_delay} ms per call (uniform); "
            f"fetch timeout: {args.register_timeout or 'default (connect + read)'} s"
        )

    worker_env = {
        **os.environ,
        **env,
        "BISTAND_WORKERS": str(args.workers),
        **({"BISTAND_WORKER_THREADS": str(args.threads)} if args.threads else {}),
        **({"BISTAND_JOB_BATCH": str(args.batch)} if args.batch else {}),
        "BISTAND_REGISTERS_BASE_URL": simulator.url,
        "BISTAND_JOB_POLL": "0.2",
        "BISTAND_LOG_LEVEL": "WARNING",
        **(
            {"BISTAND_REGISTERS_FETCH_TIMEOUT": str(args.register_timeout)}
            if args.register_timeout
            else {}
        ),
    }

    stats_path = str(Path(data_dir) / "worker-stats.txt")

    def start_worker() -> subprocess.Popen[bytes]:
        for old in Path(data_dir).glob("worker-stats.txt.*"):
            old.unlink()
        log = Path(data_dir) / "worker.log"
        return subprocess.Popen(
            [sys.executable, "-m", "bistand.cli", "worker", "--stats", stats_path],
            env=worker_env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab"),
            start_new_session=True,
        )

    def stop_worker(process: subprocess.Popen[bytes]) -> None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def wait_until_ready() -> None:
        """Until the worker has run a probe job: it has started (a long-running service)."""
        from bistand.jobs.services import job_enqueue

        probe = job_enqueue(name="jobs.probe", payload={"marker": f"ready-{time.monotonic()}"})
        deadline = time.monotonic() + 120
        while Job.objects.get(pk=probe.pk).status != JobStatus.DONE:
            if time.monotonic() > deadline:
                raise SystemExit("the worker did not start")
            time.sleep(0.2)

    def wait_until_done(ids: list[int], started: float) -> float:
        while time.monotonic() - started < args.timeout:
            left = Job.objects.filter(
                name="decisions.process_application",
                status__in=[JobStatus.PENDING, JobStatus.RUNNING],
            ).count()
            if left == 0:
                return time.monotonic() - started
            time.sleep(0.5)
        raise SystemExit(f"timed out after {args.timeout} s")

    def outcomes(ids: list[int]) -> str:
        decided = Decision.objects.filter(application_id__in=ids, decided_by__isnull=True).count()
        queued = Triage.objects.filter(application_id__in=ids, automated=False).count()
        failed = Job.objects.filter(status=JobStatus.FAILED).count()
        return (
            f"decided automatically {decided}, routed to the queue {queued}, failed jobs {failed}"
        )

    def worker_stats() -> tuple[int, int, float]:
        """(jobs, queries, CPU seconds) over the worker processes of the last run."""
        jobs = queries = 0
        cpu = 0.0
        lines = [p.read_text() for p in Path(data_dir).glob("worker-stats.txt.*")]
        for line in "".join(lines).splitlines():
            fields = dict(f.split("=", 1) for f in line.split() if "=" in f and "{" not in f)
            jobs += int(fields.get("jobs", 0))
            queries += int(fields.get("queries", 0))
            cpu += float(fields.get("cpu_s", 0))
        return jobs, queries, cpu

    def cpu_seconds(pids: list[int]) -> float:
        """User + system CPU of live processes (Linux /proc), in seconds."""
        total = 0
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def backend_pids() -> list[int]:
        """The PostgreSQL backends of this database other than the bench's own."""
        if args.sqlite:
            return []
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            return [row[0] for row in cursor.fetchall()]

    database = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"database: {database}; worker processes: {args.workers}; threads: "
        f"{args.threads or 'default'}; batch: {args.batch or 'default'}; cores: {os.cpu_count()}; "
        f"load average at start: {os.getloadavg()[0]:.1f}"
    )

    # 1. Latency
    if args.latency:
        drafts = drafts_all[: args.latency]
        worker = start_worker()
        wait_until_ready()
        try:
            submitted = []
            for draft in drafts:
                scenarios.submit(draft, draft.created_by)
                submitted.append(draft.pk)
                time.sleep(1 / args.rate)
            wait_until_done(submitted, time.monotonic())
        finally:
            stop_worker(worker)
        latencies = []
        outcome_latencies = []  # submit → outcome: a decision or the queue
        for application in Application.objects.filter(pk__in=submitted):
            if application.submitted_at is None:
                continue
            decision = Decision.objects.filter(application_id=application.pk).first()
            if decision is not None:
                latencies.append((decision.decided_at - application.submitted_at).total_seconds())
            triaged = Triage.objects.filter(application_id=application.pk).first()
            if triaged is not None:
                seconds = (triaged.created_at - application.submitted_at).total_seconds()
                outcome_latencies.append(seconds)
        if latencies:
            print(
                f"latency submit → decision, {len(latencies)} routine applications at "
                f"{args.rate}/s: p50 {statistics.median(latencies):.2f} s, "
                f"p95 {percentile(latencies, 0.95):.2f} s, max {max(latencies):.2f} s"
            )
        if outcome_latencies:
            print(
                f"latency submit → outcome (decision or queue), {len(outcome_latencies)}: "
                f"p50 {statistics.median(outcome_latencies):.2f} s, "
                f"p95 {percentile(outcome_latencies, 0.95):.2f} s, "
                f"max {max(outcome_latencies):.2f} s"
            )
        late = RegisterFetch.objects.filter(status="timeout").values("subject").distinct().count()
        print(f"  people with a late register answer (status timeout): {late}")
        print("  " + outcomes(submitted))

    # 2. Surge
    if args.surge:
        t = time.monotonic()
        drafts = drafts_all[args.latency :]
        ids = []
        submit_times = []
        submit_cpu = []
        for draft in drafts:
            before, before_cpu = time.perf_counter(), time.thread_time()
            scenarios.submit(draft, draft.created_by)
            submit_cpu.append(time.thread_time() - before_cpu)
            submit_times.append(time.perf_counter() - before)
            ids.append(draft.pk)
        print(
            f"surge: {args.surge} applications submitted (set-up "
            f"{'cloned' if cloned else f'{setup_seconds:.0f} s'}, submitting "
            f"{time.monotonic() - t:.0f} s); "
            f"one submission (application_submit, server side): median "
            f"{statistics.median(submit_times) * 1000:.1f} ms, "
            f"p95 {percentile(submit_times, 0.95) * 1000:.1f} ms; its CPU time (this thread: "
            f"less dependent on the load): median {statistics.median(submit_cpu) * 1000:.2f} ms, "
            f"p95 {percentile(submit_cpu, 0.95) * 1000:.2f} ms"
        )
        simulator_cpu = cpu_seconds([simulator.process.pid])
        worker = start_worker()
        started = time.monotonic()
        try:
            seconds = wait_until_done(ids, started)
            backends = backend_pids()
            database_cpu = cpu_seconds(backends)
        finally:
            stop_worker(worker)
        simulator_cpu = cpu_seconds([simulator.process.pid]) - simulator_cpu
        print(
            f"surge of {args.surge}: all processed in {seconds:.1f} s "
            f"({seconds / 60:.1f} min, {args.surge / seconds:.1f} applications/s); "
            f"load average now {os.getloadavg()[0]:.1f}"
        )
        print("  " + outcomes(ids))
        jobs, queries, worker_cpu = worker_stats()
        if jobs:
            total_cpu = worker_cpu + simulator_cpu + (database_cpu if backends else 0.0)
            per_app = total_cpu / args.surge
            print(
                f"  CPU per application, all processes: {per_app * 1000:.1f} ms; on "
                f"{os.cpu_count()} free cores that is at most "
                f"{(os.cpu_count() or 1) / per_app:.0f} applications/s, "
                f"{args.surge * per_app / (os.cpu_count() or 1) / 60:.1f} min for these "
                f"{args.surge} (a projection from CPU time; the wall time above is measured)"
            )
            print(
                f"  per application: {queries / jobs:.1f} database queries (worker); CPU "
                f"{worker_cpu / jobs * 1000:.1f} ms worker, "
                f"{simulator_cpu / args.surge * 1000:.1f} ms register simulator"
                + (
                    f", {database_cpu / args.surge * 1000:.1f} ms PostgreSQL "
                    f"({len(backends)} backends)"
                    if backends
                    else ""
                )
                + f"; {jobs} jobs"
            )
        log_text = (Path(data_dir) / "worker.log").read_text(errors="replace")
        print(
            f"  batches rolled back and run one by one: {log_text.count('batch rolled back')}"
            f" (worker log: {Path(data_dir) / 'worker.log'})"
        )
    simulator.stop()


if __name__ == "__main__":
    main()
