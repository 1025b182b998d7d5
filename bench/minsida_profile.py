"""One Min sida request, profiled (issue 16 item 5): queries (count and SQL time), process CPU
time per request and a cProfile with the CPU clock, for a citizen with a realistic history
(`--months` monthly decisions with letters and payments, message threads, a handlingsplan and
meetings; synthetic people only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bistand_minsidaprof BISTAND_DATA_DIR=/tmp/x \
    BISTAND_SECRET_KEY=x PYTHONPATH=$PWD/src .venv/bin/python bench/minsida_profile.py \
        [--months 23] [--rounds 20] [--profile 40] [--queries]

Seeds the citizen the first time (kept by its username). Figures from one run; timing lives here,
never in tests.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import random
import statistics
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bistand.accounts.models import Role, User  # noqa: E402
from bistand.cases.models import Case  # noqa: E402
from bistand.demo.history import MonthPlan, build, citizens  # noqa: E402
from bistand.followup.metrics import add_months, month_of  # noqa: E402

USERNAME = "minsidaprof-000000"


def seed(months: int) -> User:
    user = User.objects.filter(username=USERNAME).first()
    if user is not None and Case.objects.filter(applicant=user).exists():
        return user
    if user is None:
        user = citizens(random.Random(16), 1, prefix="minsidaprof")[0]
    this_month = month_of(timezone.localdate())
    plans = [
        MonthPlan(month=add_months(this_month, -i), incomes=[("salary", "2000.00")])
        for i in range(months, 0, -1)
    ]
    build([(user, plans)], with_events=True, number_prefix="EB-P")
    case = Case.objects.get(applicant=user)
    from bistand.messaging import services as messaging

    worker = User.objects.create(username="minsidaprof-worker", role=Role.ARBETSMARKNADSSEKRETERARE)
    for n in range(12):
        thread = messaging.thread_start(
            case=case, by=user, subject=f"Fråga {n}", body="Hej! Jag undrar över beslutet. " * 8
        )
        messaging.message_send(
            thread=thread, by=worker, body="Svar från enheten. " * 10, from_unit=True
        )
    from bistand.planning import services as planning

    now = timezone.now()
    for n in range(6):
        slot = planning.slot_publish(
            worker=worker,
            starts_at=now - timedelta(days=30 * (n + 1)),
            minutes=45,
            mode="in_person",
            place="Kontoret",
            now=now - timedelta(days=30 * (n + 2)),
        )
        meeting = planning.meeting_book(
            slot_id=slot.pk, case=case, by=user, now=now - timedelta(days=30 * (n + 2))
        )
        planning.meeting_record_outcome(
            meeting=meeting, version=meeting.version, status="held", notes="", by=worker
        )
    for n in range(5):
        planning.slot_publish(
            worker=worker, starts_at=now + timedelta(days=n + 1), minutes=45, mode="in_person"
        )
    planning.action_plan_save(
        case=case,
        expected_version=0,
        content={
            "goal": "Arbete inom ett år.",
            "activities": [
                {
                    "what": f"Aktivitet {n}",
                    "responsible": "citizen",
                    "start": f"{date.today():%Y-%m-%d}",
                    "due": f"{date.today() + timedelta(days=60):%Y-%m-%d}",
                }
                for n in range(6)
            ],
        },
        by=worker,
    )
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=23)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="requests under cProfile")
    parser.add_argument("--queries", action="store_true", help="print every query")
    parser.add_argument("--path", default="/min-sida/")
    parser.add_argument(
        "--user", default="", help="an existing citizen's username (e.g. citizen_pages_bench's)"
    )
    args = parser.parse_args()
    logging.getLogger("bistand.request").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    user = User.objects.get(username=args.user) if args.user else seed(args.months)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for _ in range(3):
        assert client.get(args.path).status_code == 200
    queries: list[tuple[float, str]] = []

    def log(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - t) * 1000, sql))

    with connection.execute_wrapper(log):
        page = client.get(args.path)
    sql_ms = sum(ms for ms, _sql in queries)
    cpu = []
    wall = []
    for _ in range(args.rounds):
        c, w = time.process_time(), time.perf_counter()
        client.get(args.path)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    print(
        f"{args.path}: {len(queries)} queries ({sql_ms:.1f} ms SQL), {len(page.content)} bytes; "
        f"CPU median {statistics.median(cpu):.1f} ms, wall median {statistics.median(wall):.1f} ms "
        f"over {args.rounds}; load {os.getloadavg()[0]:.1f}"
    )
    if args.queries:
        for ms, sql in queries:
            print(f"{ms:6.1f} ms  {sql[:300]}")
    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.profile):
            client.get(args.path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(int(os.environ.get("TOP", "60")))
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
