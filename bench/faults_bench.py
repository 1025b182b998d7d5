"""Fault injection, heavier than the test suite: the worker killed with SIGKILL at random points
of the pipeline over many trials, with register sources timing out, erroring, returning garbage
and answering slowly. After every trial: each submitted application is present, has exactly one
outcome, at most one decision and at most one payment order, and no job is stuck.

    .venv/bin/python bench/faults_bench.py [--trials 20] [--per-trial 6] [--sqlite]
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from pipeline_bench import prepare_database, start_simulator_process

FAULTS = [
    ("timeout", {"seconds": 30}),
    ("error", {"status": 503}),
    ("garbage", {"variant": "invalid_json"}),
    ("garbage", {"variant": "wrong_types"}),
    ("slow", {"seconds": 1.5}),
    ("fault", {}),  # SSBTEK v11: a SOAP fault for the whole call
    ("partial", {}),  # SSBTEK v11: one Skatteverket part (or PM in LEFI) with its own error
    (None, {}),
    (None, {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--per-trial", type=int, default=6)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    env = prepare_database(args.sqlite, tempfile.mkdtemp(prefix="bistand-faults-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bistand.settings"
    import django

    django.setup()
    import requests
    from django.core.management import call_command
    from django.utils import timezone

    from bistand.accounts.models import Role, User
    from bistand.applications.models import Application
    from bistand.decisions.models import Decision, Triage
    from bistand.demo import scenarios
    from bistand.jobs.models import Job, JobStatus
    from bistand.payments.models import PaymentOrder

    call_command("migrate", verbosity=0)
    # The nämnd has approved the installed rules version; without it the robot decides nothing.
    from bistand.demo import governance as governance_demo

    User.objects.get_or_create(username="bench-enhetschef", defaults={"role": Role.ENHETSCHEF})
    governance_demo.create(random.Random(0))
    simulator = start_simulator_process(env)
    atexit.register(simulator.stop)  # also when the run fails
    rng = random.Random(args.seed)
    month = timezone.localdate().replace(day=1)
    answers = scenarios.routine_answers()
    used: set[str] = set()

    def unique_number(rng: random.Random, month: date) -> str:
        """A routine person not yet in this run (synthetic numbers can repeat by chance)."""
        while (number := scenarios.routine_personnummer_for(rng, month)) in used:
            pass
        used.add(number)
        return number

    worker_env = {
        **os.environ,
        **env,
        "BISTAND_WORKERS": "2",
        "BISTAND_JOB_BATCH": os.environ.get("BISTAND_JOB_BATCH", "50"),
        "BISTAND_REGISTERS_BASE_URL": simulator.url,
        "BISTAND_REGISTERS_READ_TIMEOUT": "1",
        "BISTAND_REGISTERS_RETRIES": "1",
        "BISTAND_JOB_TIMEOUT": "8",
        "BISTAND_JOB_RETRY": "10",
        "BISTAND_JOB_POLL": "0.2",
        "BISTAND_LOG_LEVEL": "WARNING",
    }

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "bistand.cli", "worker"],
            env=worker_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill(process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def wait_until_done(deadline: float) -> bool:
        """The worker takes over the jobs of a killed one by itself once their leases
        (BISTAND_JOB_TIMEOUT + 1 s) have run out."""
        while time.monotonic() < deadline:
            if not Job.objects.exclude(status=JobStatus.DONE).exists():
                return True
            time.sleep(1)
        return False

    counts: Counter[str] = Counter()
    submitted: list[int] = []
    job_ids: list[object] = []
    case_worker, _ = User.objects.get_or_create(
        username="bench-handlaggare",
        defaults={"role": Role.EKONOMISEKRETERARE, "display_name": "Bench Handläggare"},
    )
    n = 0
    for trial in range(args.trials):
        for _ in range(args.per_trial):
            n += 1
            number = unique_number(rng, month)
            citizen = User.objects.create(username=f"f{n}", role=Role.CITIZEN, personnummer=number)
            fault, params = rng.choice(FAULTS)
            if fault:
                source = rng.choice(["AF", "FK", "SKV", "CSN", "SO", "PM"])
                requests.post(
                    f"{simulator.url}/_control/scenario",
                    json={"personnummer": number, "scenario": fault, "source": source,
                          "params": params},
                    timeout=5,
                )  # fmt: skip
                counts[f"fault {fault}"] += 1
            # Last month decided by a case worker (its pipeline job is not this bench's), so
            # that the robot decides and pays this month's routine applications.
            scenarios.decided_month(
                applicant=citizen, month=scenarios.previous_month(month), answers=answers,
                decided_by=case_worker,
            )  # fmt: skip
            Job.objects.filter(
                name="decisions.process_application", status=JobStatus.PENDING
            ).exclude(pk__in=job_ids).update(status=JobStatus.DONE)
            draft = scenarios.recurring_draft(applicant=citizen, month=month, answers=answers)
            submitted.append(scenarios.submit(draft, citizen).pk)
            job_ids.append(Job.objects.get(key=f"application-{submitted[-1]}-process").pk)
        process = start_worker()
        time.sleep(rng.uniform(2.0, 6.0))  # cluster start is ~2 s; then a random point
        kill(process)
        counts["kills"] += 1
        if rng.random() < 0.5:
            process = start_worker()
            time.sleep(rng.uniform(2.0, 4.0))
            kill(process)
            counts["kills"] += 1
        process = start_worker()
        done = wait_until_done(time.monotonic() + 180)
        process.terminate()
        try:
            process.wait(timeout=20)
        finally:
            kill(process)
        if not done:
            counts["stuck trials"] += 1
        print(f"trial {trial + 1}/{args.trials}: {'ok' if done else 'JOBS STUCK'}", flush=True)

    lost = twice = paid_twice = 0
    for pk in submitted:
        if not Application.objects.filter(pk=pk).exists():
            lost += 1
            continue
        if Triage.objects.filter(application_id=pk).count() != 1:
            lost += 1
        decisions = list(Decision.objects.filter(application_id=pk))
        twice += len(decisions) > 1
        for decision in decisions:
            paid_twice += PaymentOrder.objects.filter(decision_id=decision.pk).count() > 1
    outcomes = Counter(
        "decided" if Decision.objects.filter(application_id=pk).exists() else "queue"
        for pk in submitted
    )
    stuck = Job.objects.exclude(status=JobStatus.DONE).count()
    interrupted = Job.objects.filter(name="decisions.process_application", attempts__gt=1).count()
    print(
        f"{args.trials} trials, {len(submitted)} applications, {counts['kills']} SIGKILLs, "
        f"{interrupted} pipeline jobs interrupted and re-run; faults injected: "
        + ", ".join(f"{k[6:]} {v}" for k, v in sorted(counts.items()) if k.startswith("fault"))
    )
    print(
        f"outcomes: {outcomes['decided']} decided automatically, {outcomes['queue']} routed to "
        f"the queue; lost {lost}, decided twice {twice}, paid twice {paid_twice}, "
        f"stuck jobs {stuck}"
    )
    simulator.stop()
    if lost or twice or paid_twice or stuck:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
