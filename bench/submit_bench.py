"""The server side of submitting an application (issue 16 item 2): the POST of the e-service's
"check your answers" page, in process through Django's full middleware stack (sessions, CSRF
token check off as in Django's test client, the view, the submit service and its transaction),
on PostgreSQL by default (`BISTAND_BENCH_DB`, recreated) or SQLite with --sqlite.

Interleaved A/B in one run, so that the machine's load hits both alike:
  A "dispatch to django-q2": the way submissions were handed to the worker before ADR 0180 (a
    django-q2 task written on commit, as `job_enqueue` did), re-created here by wrapping it;
  B "as now": the job row only; the workers claim it from the table.
Prints median and p95 of each, and the ratio of the medians.

    .venv/bin/python bench/submit_bench.py [--applications 400] [--sqlite]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_bench import percentile, prepare_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()

    prepare_database(args.sqlite, tempfile.mkdtemp(prefix="bistand-submit-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bistand.settings"
    os.environ.setdefault("BISTAND_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from bistand.accounts.models import Role, User
    from bistand.applications import services as application_services
    from bistand.applications.models import ApplicationKind, ApplicationStatus
    from bistand.cases import services as case_services
    from bistand.demo import scenarios
    from bistand.jobs import services as job_services

    call_command("migrate", verbosity=0)
    month = timezone.localdate().replace(day=1)
    rng = random.Random(7)
    answers = scenarios.routine_answers()
    used: set[str] = set()
    drafts = []
    for n in range(args.applications):
        while (number := scenarios.routine_personnummer_for(rng, month)) in used:
            pass
        used.add(number)
        citizen = User.objects.create(
            username=f"submit-{n}", role=Role.CITIZEN, display_name="Bench", personnummer=number
        )
        case = case_services.case_get_or_open(applicant=citizen)
        last = application_services.application_start(
            case=case, month=scenarios.previous_month(month), created_by=citizen,
            kind=ApplicationKind.NEW, answers=answers,
        )  # fmt: skip
        application_services.application_set_status(
            application=last, status=ApplicationStatus.DECIDED
        )
        drafts.append(scenarios.recurring_draft(applicant=citizen, month=month, answers=answers))

    enqueue = job_services.job_enqueue

    def enqueue_and_dispatch_to_django_q2(**kwargs: object) -> object:
        """`job_enqueue` as it was before ADR 0180: the job row, then a django-q2 task on
        commit (a pickled, signed row in django_q_ormq)."""
        from django_q.tasks import async_task

        job = enqueue(**kwargs)  # type: ignore[arg-type]
        transaction.on_commit(
            lambda: async_task(
                "bistand.jobs.runner.run_job",
                str(job.pk),
                task_name=f"job-{job.pk}",
                q_options={"ack_failure": True},
            )
        )
        return job

    times: dict[str, list[float]] = {"A dispatch to django-q2": [], "B as now": []}
    client = Client(HTTP_HOST="127.0.0.1")
    for n, draft in enumerate(drafts):
        variant = "A dispatch to django-q2" if n % 2 == 0 else "B as now"
        application_services.job_enqueue = (  # type: ignore[assignment]
            enqueue_and_dispatch_to_django_q2 if variant.startswith("A") else enqueue
        )
        client.force_login(draft.created_by)
        started = time.perf_counter()
        response = client.post(f"/ansokan/{draft.pk}/kontrollera/", {"version": draft.version})
        times[variant].append(time.perf_counter() - started)
        draft.refresh_from_db()
        if response.status_code != 302 or draft.status != ApplicationStatus.SUBMITTED:
            raise SystemExit(f"submission {n} failed: {response.status_code} {draft.status}")
    application_services.job_enqueue = enqueue  # type: ignore[assignment]

    database = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"{database}; {args.applications} submissions (POST check page, interleaved A/B); "
        f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}"
    )
    for variant, values in times.items():
        print(
            f"  {variant}: median {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.1f} ms ({len(values)})"
        )
    a, b = (statistics.median(v) for v in times.values())
    print(f"  ratio of medians A/B: {a / b:.2f}")


if __name__ == "__main__":
    main()
