"""Page times under load (issue 16 item 5, issue 14's queue bench): p50/p95 per page with one
user and with N users at once, against gunicorn started as docs/operations.md documents for
production (`--config python:bistand.gunicorn_conf --workers 4`), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bistand_pagesbench \
    BISTAND_DATA_DIR=/tmp/pagesbench BISTAND_SECRET_KEY=x \
        .venv/bin/python bench/pages_bench.py [--users 50] [--requests 4] [--think 0]
            [--open-items 10000] [--households 2000] [--months 24] [--before OLD_SRC_DIR]

Seeds the database once with the synthetic generator (a second run reuses it):
- the queue: `open-items` applications waiting (every tenth taken by one of 12 case workers),
  each with triage reasons, a calculation and a household type;
- the follow-up history: `households` households applying month after month for `months`
  months (decisions, letters, payments), for the dashboard;
- 50 of those citizens with a draft application, for Min sida and the application steps.

Pages: the queue (first page, and a filtered and sorted page further on), the case page, Min
sida, the first application step of a fortsatt ansökan and the follow-up dashboard (12 months).
"One user" sends one request at a time; "N users" run N threads that each send `requests`
requests per page, waiting `think` seconds (uniformly 0–2×think) before each of them; think 0 =
a closed loop, which measures queueing as much as the page.

The user model for the staff pages' goal (issue 16 item 5, "50 concurrent users"): 50 case
workers logged in at once, each opening a page, reading it and opening the next one, with a
think time of 5 s on average (`--think 5`, uniformly 0–10 s; a case worker reads a case page
or scans the queue for longer than that, so this is a heavier load than an office's). Closed
loop: a user's next request waits for the answer to the last one, so the offered load is at
most users ÷ (think + response time), ≈ 10 requests a second at 50 users. The line for N users
prints the rate reached. With `--before DIR` the same pages are
measured against a second gunicorn running the code in DIR (e.g. `git archive <commit> src | tar
-x -C DIR`), in the same run, on the same database: before/after figures and their ratio. The
client threads run on the same machine as the server. Figures from one run; timing lives here,
never in tests.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bistand.accounts.models import User  # noqa: E402
from bistand.applications import services as application_services  # noqa: E402
from bistand.applications.models import Application, ApplicationKind  # noqa: E402
from bistand.cases.models import Case  # noqa: E402
from bistand.demo.history import ROUTING_REASONS, MonthPlan, build, citizens  # noqa: E402
from bistand.followup.metrics import add_months, month_of  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_settings import copy_database_settings  # noqa: E402
from queue_bench import build_queue  # noqa: E402

HISTORY_PREFIX = "EB-P"
FAILED: list[str] = []  # requests that got no answer (counted with the time until they failed)
CITIZENS = 50


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def history_months(months: int, skip_years: set[int]) -> list[date]:
    """The history's `months` months, ending this month and counted back over the years in
    `skip_years` (years the rules cannot calculate: riksnorm 2024 is not entered), oldest first."""
    found: list[date] = []
    month = month_of(timezone.localdate())
    while len(found) < months:
        if month.year not in skip_years:
            found.append(month)
        month = add_months(month, -1)
    return found[::-1]


def seed_history(households: int, months: int, skip_years: Collection[int] = ()) -> None:
    """`households` households, each applying nearly every month for `months` months (the years
    in `skip_years` left out: nobody applied then)."""
    rng = random.Random(16)
    end = month_of(timezone.localdate())
    calendar = history_months(months, set(skip_years))
    plans = []
    for user in citizens(rng, households, prefix="pages"):
        size = rng.choice([1, 1, 1, 2, 3, 4])
        rows = []
        for i, month in enumerate(calendar):
            if month == end or rng.random() < 0.08:  # this month is Min sida's draft
                continue
            progress = i / max(months - 1, 1)
            automated = bool(rows) and rng.random() < 0.4 + 0.4 * progress
            before = add_months(month, -1)
            rows.append(
                MonthPlan(
                    month=month,
                    channel="digital" if rng.random() < 0.6 + 0.3 * progress else "paper",
                    submitted_at=timezone.make_aware(
                        timezone.datetime(
                            before.year, before.month, rng.randint(18, 28), rng.randint(7, 21)
                        )
                    ),
                    automated=automated,
                    reasons=[] if automated else [rng.choice(ROUTING_REASONS)[0]],
                    household_size=size,
                    incomes=[("salary", "2500.00")] if rng.random() < 0.2 else [],
                )
            )
        plans.append((user, rows))
    for chunk in range(0, len(plans), 250):
        build(plans[chunk : chunk + 250], with_events=False, number_prefix=HISTORY_PREFIX)


def seed_drafts() -> list[tuple[User, int]]:
    """A draft application for this month for the first citizens of the history."""
    month = month_of(timezone.localdate())
    drafts = []
    for case in Case.objects.filter(number__startswith=f"{HISTORY_PREFIX}-").order_by("pk")[
        :CITIZENS
    ]:
        draft = Application.objects.filter(case=case, month=month).first()
        if draft is None:
            draft = application_services.application_start(
                case=case,
                month=month,
                created_by=case.applicant,
                kind=ApplicationKind.RECURRING,
            )
        drafts.append((case.applicant, draft.pk))
    return drafts


def _admin() -> Any:
    """A connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    return psycopg.connect(**params, autocommit=True)


def template_name(
    open_items: int, households: int, months: int, skip_years: Collection[int] = ()
) -> str:
    """The template database for these sizes and this month (the history ends this month and
    the drafts are for it); a migration added later is applied to the clone by migrate."""
    month = month_of(timezone.localdate())
    name = settings.DATABASES["default"]["NAME"]
    skipped = "".join(f"_no{year}" for year in sorted(skip_years))
    return f"{name}_tpl_{open_items}_{households}_{months}{skipped}_{month:%Y%m}"


def template_exists(name: str) -> bool:
    with _admin() as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def clone_template(name: str) -> bool:
    """Recreate the bench database as a copy of the template `name`, if it exists."""
    if not template_exists(name):
        return False
    target = settings.DATABASES["default"]["NAME"]
    connection.close()
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{target}" TEMPLATE "{name}"')
        copy_database_settings(admin, name, target)
    return True


def keep_as_template(name: str) -> None:
    """Copy the bench database (just seeded) to the template `name`."""
    target = settings.DATABASES["default"]["NAME"]
    connection.close()
    with _admin() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [target],
        )
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{target}"')
        copy_database_settings(admin, target, name)


def cookie_for(user: User) -> str:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def get(port: int, path: str, cookie: str) -> float:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie, "Host": "localhost"}
    )
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
            status = response.status
            final = response.url
    except (OSError, http.client.HTTPException) as exc:  # e.g. gunicorn's 30 s worker timeout
        FAILED.append(f"{path}: {exc}")
        return time.perf_counter() - t
    elapsed = time.perf_counter() - t
    if status != 200 or urllib.parse.urlsplit(final).path != path.split("?")[0]:
        raise SystemExit(f"{path} answered {status} at {final}")
    return elapsed


def profile(work: list[tuple[str, str]], rounds: int) -> tuple[float, float, float, float]:
    """In this process, through Django's whole stack (test client): per request the median wall
    time, process CPU time (this process only: the server's own work, whatever else runs on the
    machine), time in SQL and number of queries. Load-independent enough to compare runs."""
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("bistand.request").setLevel(logging.WARNING)  # one line per request
    walls, cpus, sqls, counts = [], [], [], []
    clients: dict[str, Client] = {}
    for _ in range(rounds):
        for path, cookie in work[:10]:
            client = clients.get(cookie)
            if client is None:
                client = clients[cookie] = Client(HTTP_HOST="localhost")
                name, value = cookie.split("=", 1)
                client.cookies[name] = value
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                cpu = time.process_time() - cpu
                wall = time.perf_counter() - wall
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            walls.append(wall)
            cpus.append(cpu)
            sqls.append(sum(float(q["time"]) for q in queries.captured_queries))
            counts.append(len(queries.captured_queries))
    return (
        _pct(walls, 50),
        _pct(cpus, 50),
        _pct(sqls, 50),
        sorted(counts)[len(counts) // 2],
    )


def run_users(
    port: int, work: list[tuple[str, str]], users: int, each: int, think: float
) -> list[float]:
    """`users` threads; thread n requests work[(n + i) % len(work)] for i < each."""
    samples: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(users)

    def user(n: int) -> None:
        rng = random.Random(n)
        mine = []
        start.wait()
        for i in range(each):
            if think:
                time.sleep(rng.uniform(0, 2 * think))
            path, cookie = work[(n + i) % len(work)]
            mine.append(get(port, path, cookie))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def server_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's worker processes (children of `master`)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            children = f.read().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


@contextmanager
def gunicorn(src: str, port: int, workers: int) -> Iterator[int]:
    env = {**os.environ, "PYTHONPATH": src}
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "bistand.wsgi:application",
            "--config",
            "python:bistand.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=os.path.dirname(src),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield server.pid
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open-items", type=int, default=10_000)
    parser.add_argument("--households", type=int, default=2_000)
    # The rules have no riksnorm for 2024 (SFS 2023:630 is not entered), so 24 months back from
    # now is the longest unbroken history. Three years of history: --months 36 --skip-years 2024
    # (2023-01..2023-12 and 2025-01..this month; the 2023 table is entered).
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument(
        "--skip-years",
        default="",
        help="years (separated by ,) left out of the history, counting --months back past them",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4, help="per user and page")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between requests")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--before", default="", help="src directory of the code to compare with")
    parser.add_argument("--pages", default="", help="page names to measure, separated by ;")
    parser.add_argument(
        "--before-requests", type=int, default=1, help="per user and page, for the old code"
    )
    parser.add_argument(
        "--profile-rounds",
        type=int,
        default=5,
        help="in-process rounds over each page's first 10 paths (0: no in-process profile)",
    )
    parser.add_argument(
        "--no-server", action="store_true", help="only the in-process profile, no gunicorn"
    )
    parser.add_argument(
        "--alternate",
        type=int,
        default=1,
        help="rounds per page; with --before the old and new code alternate round by round",
    )
    parser.add_argument(
        "--template",
        action="store_true",
        help="keep the seeded database as a template database and clone it on the next run "
        "with the same sizes this month (seeding takes ~20 min; a clone seconds)",
    )
    parser.add_argument(
        "--before-skip",
        default="follow-up dashboard",
        help="pages not measured on the old code (separated by ; the old dashboard takes a "
        "minute a request: measure it in-process with bench/followup_bench.py)",
    )
    args = parser.parse_args()
    skip_years = {int(year) for year in args.skip_years.split(",") if year.strip()}
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    template = ""
    cloned = False
    if args.template:
        template = template_name(args.open_items, args.households, args.months, skip_years)
        cloned = clone_template(template)
        if cloned:
            print(f"database cloned from the template {template} (with its fold)")
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    if not User.objects.filter(username="bench-chef").exists():
        build_queue(args.open_items)
        print(f"queue: {args.open_items} open items built in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    if not Case.objects.filter(number__startswith=f"{HISTORY_PREFIX}-").exists():
        seed_history(args.households, args.months, skip_years)
        calendar = history_months(args.months, skip_years)
        print(
            f"history: {args.households} households over {args.months} months "
            f"({calendar[0]:%Y-%m}..{calendar[-1]:%Y-%m}"
            + (f" without {', '.join(map(str, sorted(skip_years)))}" if skip_years else "")
            + f") built in "
            f"{time.perf_counter() - t:.0f} s"
        )
    drafts = seed_drafts()
    with connection.cursor() as cursor:
        # The planner's statistics and the visibility map after the bulk writes, as autovacuum
        # leaves them in production (without it PostgreSQL cannot read the decisions' indexes
        # alone); a clone of the template has them from the start.
        cursor.execute("VACUUM (ANALYZE)")
    if template and not template_exists(template):
        keep_as_template(template)
        print(f"seeded database kept as the template {template}")
    # The hourly job's fold of the follow-up dashboard's closed months (ADR 0230): rows written
    # within its safety margin before the fold are still computed on each request.
    from bistand.followup import selectors as followup_selectors
    from bistand.followup import services as followup_services

    t = time.perf_counter()
    if not cloned:  # a clone has the template's fold (`bistand followup_fold` to make a new one)
        followup_services.fold_refresh()
        print(f"follow-up fold: {time.perf_counter() - t:.1f} s")
    newest = Application.objects.order_by("-updated_at").values_list("updated_at", flat=True)[:1]
    margin = followup_selectors.FOLD_MARGIN_SECONDS
    if newest and (timezone.now() - newest[0]).total_seconds() < margin:
        print(
            f"(the newest application was written less than {margin // 60} minutes ago: the "
            "dashboard computes those months on each request; run again later for the folded "
            "figure)"
        )
    chief = User.objects.get(username="bench-chef")
    worker = User.objects.get(username="bench-ekonom-0")
    open_ids = list(
        Application.objects.filter(case__number__startswith="EB-Q-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    print(
        f"database: {Application.objects.count()} applications, {len(open_ids)} open items in "
        f"the queue, {Case.objects.count()} cases"
    )
    staff = cookie_for(worker)
    boss = cookie_for(chief)
    citizen_cookies = [(cookie_for(user), pk) for user, pk in drafts]
    pages: dict[str, list[tuple[str, str]]] = {
        "queue, first page": [("/handlaggning/", staff)],
        "queue, filtered, page 3": [
            ("/handlaggning/?kanal=digital&hushall=ensam&sortera=nyast&sida=3", staff)
        ],
        "queue, enhetschef": [("/handlaggning/", boss)],
        "case page": [
            (f"/handlaggning/ansokan/{pk}/", staff)
            for pk in open_ids[:: max(1, len(open_ids) // 50)]
        ],
        "Min sida": [("/min-sida/", cookie) for cookie, _ in citizen_cookies],
        "application step (andringar)": [
            (f"/ansokan/{pk}/andringar/", cookie) for cookie, pk in citizen_cookies
        ],
        "follow-up dashboard": [("/uppfoljning/", boss)],
    }
    if args.pages:
        wanted = {name.strip() for name in args.pages.split(";")}
        pages = {name: work for name, work in pages.items() if name in wanted}
    if args.profile_rounds:
        # The process's own CPU time (client + Django + psycopg; PostgreSQL's work is in "SQL").
        print(
            f"in-process, median per request over {args.profile_rounds} rounds "
            f"(load average {os.getloadavg()[0]:.1f}):"
        )
        print(f"{'page':32} {'wall':>8} {'CPU':>8} {'SQL':>8} {'queries':>8}")
        for name, work in pages.items():
            profile(work, 1)  # warm: templates compiled, caches filled
            wall, cpu, sql, count = profile(work, args.profile_rounds)
            print(f"{name:32} {wall:6.1f}ms {cpu:6.1f}ms {sql:6.1f}ms {count:8d}")
        print(flush=True)
    if args.no_server:
        return
    trees = [("after", os.path.join(os.path.dirname(os.path.dirname(__file__)), "src"))]
    if args.before:
        trees.insert(0, ("before", os.path.abspath(args.before)))
    skip = {n.strip() for n in args.before_skip.split(";")}
    results: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    cpu_per_request: dict[tuple[str, str], list[float]] = {}
    with ExitStack() as stack:
        servers = {}
        for label, src in trees:
            port = 18500 + os.getpid() % 500 + (label == "before")
            servers[label] = (port, stack.enter_context(gunicorn(src, port, args.workers)))
        for name, work in pages.items():
            # Before and after alternate, round by round, on the same page: the machine's load
            # falls on both alike.
            for _ in range(args.alternate):
                for label, _src in trees:
                    before = label == "before"
                    if before and name in skip:
                        continue
                    port, master = servers[label]
                    failed = len(FAILED)
                    for path, cookie in work[:3]:
                        get(port, path, cookie)  # warm each worker's caches
                    equal = args.alternate > 1  # alternating: the same samples from both
                    rounds = 3 if equal else 1 if before else 10
                    single = [
                        get(port, path, cookie) for _ in range(rounds) for path, cookie in work[:10]
                    ]
                    each = args.before_requests if before and not equal else args.requests
                    cpu = server_cpu(master)
                    began = time.perf_counter()
                    many = run_users(port, work, args.users, each, args.think)
                    rate = len(many) / (time.perf_counter() - began)
                    cpu_ms = (server_cpu(master) - cpu) / len(many) * 1000
                    old = results.get((label, name), ([], []))
                    results[(label, name)] = (old[0] + single, old[1] + many)
                    cpu_per_request.setdefault((label, name), []).append(cpu_ms)
                    print(
                        f"[{label}] {name}: 1 user p50 {_pct(single, 50):.0f} ms "
                        f"p95 {_pct(single, 95):.0f} ms; {args.users} users p50 "
                        f"{_pct(many, 50):.0f} ms p95 {_pct(many, 95):.0f} ms, "
                        f"{rate:.1f} requests/s, server CPU {cpu_ms:.0f} ms a request, "
                        f"load {os.getloadavg()[0]:.1f}"
                        + (
                            f" ({len(FAILED) - failed} without an answer)"
                            if len(FAILED) > failed
                            else ""
                        ),
                        flush=True,
                    )
    print()
    print(
        f"gunicorn --workers {args.workers} (bistand.gunicorn_conf), {args.users} users, "
        f"{args.requests} requests each per page, think {args.think} s, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    header = f"{'page':32} {'1 user p50/p95':>16} {f'{args.users} users p50/p95':>20}"
    print(
        header
        + "  server CPU a request"
        + ("   before: 1 user p95/N users p50/p95; ratio of p95, 1 and N" if args.before else "")
    )
    for name in pages:
        single, many = results[("after", name)]
        line = (
            f"{name:32} {_pct(single, 50):7.0f}/{_pct(single, 95):<6.0f}ms "
            f"{_pct(many, 50):9.0f}/{_pct(many, 95):<6.0f}ms "
            f"CPU {_median(cpu_per_request[('after', name)]):.0f} ms"
        )
        if ("before", name) in results:
            old_single, old_many = results[("before", name)]
            line += (
                f"   before {_pct(old_single, 95):.0f}/{_pct(old_many, 50):.0f}/"
                f"{_pct(old_many, 95):.0f} ms CPU "
                f"{_median(cpu_per_request[('before', name)]):.0f} ms: "
                f"{_pct(old_single, 95) / _pct(single, 95):.1f}x, "
                f"{_pct(old_many, 95) / _pct(many, 95):.1f}x"
            )
        print(line)
    if FAILED:
        print(f"{len(FAILED)} requests got no answer, e.g. {FAILED[0]}")


if __name__ == "__main__":
    main()
