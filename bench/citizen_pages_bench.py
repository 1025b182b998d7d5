"""The citizen's journey under load (issue 15): p50/p95 of every page of a fortsatt ansökan,
the check page and sending it, the receipt and Min sida, with 50 citizens at once, on PostgreSQL,
against gunicorn started as docs/operations.md documents for production
(`--config python:bistand.gunicorn_conf`, `--workers` ≈ 2 × cores).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bistand_citizenbench \
    BISTAND_DATA_DIR=/tmp/citizenbench BISTAND_SECRET_KEY=x \
        .venv/bin/python bench/citizen_pages_bench.py [--users 50] [--rounds 2] [--think 5]
            [--months 12] [--workers 4] [--before OLD_SRC_DIR] [--seed-only]

The user model ("50 concurrent users"): `users` citizens are in the e-service at the same time,
each walking a whole fortsatt ansökan (28 requests) in its own browser session; between two
requests a citizen pauses a time drawn uniformly from 0 to 2 × `think` seconds (mean `think`).
A person reading a page and filling in a form takes tens of seconds per page, so `--think 5` is
a heavy load for 50 people (about 9 requests a second); `--think 0` is a closed loop (every
citizen sends the next request as soon as the last one answered), which measures queueing on
the machine's cores as much as the pages.

Seeds `users × rounds` synthetic citizens, each with `months` months of history (decisions,
letters, payments; demo.history), so that Min sida has what a returning citizen's has. Each
round, `users` of them apply at once for this month, each in its own thread with its own session
and CSRF token, the way a browser does: the start page and the month, "Har något ändrats?"
(yes: everything), every page of the form (read, then saved, with one cost outside the norm so
that its own page is asked), the check page, sending, the receipt and Min sida. Every request is
timed by page and method. `think` is the mean pause between requests (uniformly 0–2×think);
0 is a closed loop, which measures queueing as much as the pages. Client threads run on the same
machine as the server. With `--before DIR` (e.g. `git archive main src | tar -x -C DIR`, then
DIR/src) a second gunicorn runs that code on the same database and the rounds alternate, before
and after, each with its own citizens. The gunicorn workers' CPU time per request (from
/proc; PostgreSQL's is not in it) is printed with each round. Figures from one run; timing
lives here, never in tests. This bench only measures: it changes no view.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bistand.accounts.models import User  # noqa: E402
from bistand.applications.models import Application, ApplicationStatus  # noqa: E402
from bistand.demo.history import MonthPlan, build, citizens  # noqa: E402
from bistand.followup.metrics import add_months, month_of  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pages_bench import _pct, gunicorn, server_cpu  # noqa: E402

PREFIX = "citbench"
NUMBER_PREFIX = "EB-C"
CHANGED = ["household", "housing", "incomes", "assets", "work", "needs", "payment"]
# (page, what is posted): a household alone with a salary, one cost outside the norm.
PAGES: list[tuple[str, dict[str, str | list[str]]]] = [
    ("andringar", {"nothing_changed": "yes", "changed": CHANGED}),
    ("hushall", {"has_partner": "no", "children_count": "0", "other_adults_count": "0"}),
    ("boende", {"housing_type": "rental", "rent": "6 500", "household_electricity": "300"}),
    ("inkomster", {"a1_sources": ["salary"]}),
    ("inkomstbelopp", {"a1_salary": "2 000"}),
    ("tillgangar", {"bank_balance": "120", "has_vehicle": "no", "other_assets": ""}),
    ("sysselsattning", {"a1_situation": "registered_af", "a1_details": ""}),
    ("behov", {"needs": ["glasses"]}),
    ("behov-glasogon", {"glasses_amount": "1 200", "glasses_reason": "Glasögonen gick sönder."}),
    ("utbetalning", {"clearing": "6000", "account": "123456789"}),
    ("samtycke", {"registers": "yes", "truthful": "on"}),
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def seed(count: int, months: int) -> list[User]:
    """`count` citizens with `months` months of decided history up to last month; their drafts
    and sent applications for this month from an earlier run are removed."""
    this_month = month_of(timezone.localdate())
    existing = list(User.objects.filter(username__startswith=f"{PREFIX}-").order_by("pk"))
    if len(existing) < count:
        rng = random.Random(15)
        new = citizens(rng, count - len(existing), prefix=PREFIX)
        plans = [
            (
                user,
                [
                    MonthPlan(month=add_months(this_month, -i), incomes=[("salary", "2000.00")])
                    for i in range(months, 0, -1)
                ],
            )
            for user in new
        ]
        for chunk in range(0, len(plans), 100):
            build(plans[chunk : chunk + 100], with_events=True, number_prefix=NUMBER_PREFIX)
        existing = list(User.objects.filter(username__startswith=f"{PREFIX}-").order_by("pk"))
    # A bench database only: this month's applications from an earlier run are set aside
    # (withdrawn), so that every run applies afresh.
    Application.objects.filter(case__applicant__in=existing[:count], month=this_month).exclude(
        status=ApplicationStatus.WITHDRAWN
    ).update(status=ApplicationStatus.WITHDRAWN)
    return existing[:count]


def session_cookie(user: User) -> str:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Citizen:
    """One browser: its session, the CSRF token and the current page's version."""

    def __init__(self, base: str, cookie: str, think: float, seed: int) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.headers["Host"] = "localhost"
        self.http.cookies.set(settings.SESSION_COOKIE_NAME, cookie)
        self.think = think
        self.rng = random.Random(seed)
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.page = ""

    def _pause(self) -> None:
        if self.think:
            time.sleep(self.rng.uniform(0, 2 * self.think))

    def get(self, name: str, path: str) -> str:
        self._pause()
        t = time.perf_counter()
        response = self.http.get(self.base + path, allow_redirects=False, timeout=600)
        self.samples[f"GET {name}"].append(time.perf_counter() - t)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: {response.status_code} {response.headers}")
        self.page = response.text
        return response.text

    def post(self, name: str, path: str, data: dict[str, str | list[str]]) -> str:
        self._pause()
        token = TOKEN.search(self.page)
        version = VERSION.search(self.page)
        payload: dict[str, str | list[str]] = {
            **data,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }
        if version:
            payload["version"] = version.group(1)
        t = time.perf_counter()
        response = self.http.post(
            self.base + path,
            data=payload,
            allow_redirects=False,
            timeout=600,
            headers={"Referer": self.base + path},
        )
        self.samples[f"POST {name}"].append(time.perf_counter() - t)
        if response.status_code != 302:
            raise SystemExit(f"POST {path}: {response.status_code}\n{response.text[:3000]}")
        return str(response.headers["Location"])

    def journey(self, month: str) -> None:
        self.get("start", "/ansokan/")
        location = self.post("start", "/ansokan/", {"month": month})
        match = re.search(r"/ansokan/(\d+)/", location)
        if match is None:
            raise SystemExit(f"start went to {location}")
        pk = match.group(1)
        for slug, data in PAGES:
            path = f"/ansokan/{pk}/{slug}/"
            self.get(f"step {slug}", path)
            self.post(f"step {slug}", path, data)
        self.get("check", f"/ansokan/{pk}/kontrollera/")
        self.post("check (send)", f"/ansokan/{pk}/kontrollera/", {})
        self.get("receipt", f"/ansokan/{pk}/kvitto/")
        self.get("Min sida", "/min-sida/")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--before", default="", help="src directory of the code to compare with")
    parser.add_argument("--seed-only", action="store_true", help="seed the citizens and stop")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    trees = [
        ("after", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))
    ]
    if args.before:
        trees.insert(0, ("before", os.path.abspath(args.before)))
    people = seed(args.users * args.rounds * len(trees), args.months)
    print(
        f"{len(people)} citizens with {args.months} months of history ready in "
        f"{time.perf_counter() - t:.0f} s",
        flush=True,
    )
    if args.seed_only:
        return
    month = f"{month_of(timezone.localdate()):%Y-%m}"
    results: dict[str, tuple[dict[str, list[float]], list[float], list[float], list[float]]] = {}
    with contextlib.ExitStack() as servers:
        bases = {}
        for n, (label, src) in enumerate(trees):
            port = 19000 + os.getpid() % 500 + n * 500
            master = servers.enter_context(gunicorn(src, port, args.workers))
            bases[label] = (f"http://127.0.0.1:{port}", master)
        for base, _pid in bases.values():
            # Warm every worker once (imports, templates, catalogues).
            warm = Citizen(base, session_cookie(people[0]), 0, 0)
            for _ in range(args.workers * 2):
                warm.get("warm", "/min-sida/")
        schedule = [(round_no, label) for round_no in range(args.rounds) for label, _src in trees]
        for n, (round_no, label) in enumerate(schedule):
            base, master = bases[label]
            group = people[n * args.users : (n + 1) * args.users]
            samples, walls, load, cpu = results.setdefault(label, (defaultdict(list), [], [], []))
            browsers = [
                Citizen(base, session_cookie(user), args.think, n) for n, user in enumerate(group)
            ]
            start = threading.Barrier(len(browsers))
            errors: list[BaseException] = []

            def walk(
                browser: Citizen,
                barrier: threading.Barrier = start,
                failed: list[BaseException] = errors,
            ) -> None:
                barrier.wait()
                try:
                    browser.journey(month)
                except BaseException as exc:  # reported after the round
                    failed.append(exc)

            threads = [threading.Thread(target=walk, args=(b,)) for b in browsers]
            workers_before = _workers_cpu(master)
            t = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            walls.append(time.perf_counter() - t)
            load.append(os.getloadavg()[0])
            if errors:
                raise SystemExit(
                    f"round {round_no + 1}: {len(errors)} journeys failed: {errors[0]}"
                )
            count = 0
            for browser in browsers:
                for name, values in browser.samples.items():
                    samples[name].extend(values)
                    count += len(values)
            cpu.append((_workers_cpu(master) - workers_before) / count * 1000)
            print(
                f"[{label}] round {round_no + 1}: {len(browsers)} journeys in {walls[-1]:.1f} s, "
                f"load {load[-1]:.1f}, gunicorn workers' CPU {cpu[-1]:.1f} ms per request",
                flush=True,
            )
    for label, (samples, walls, load, cpu) in results.items():
        print()
        print(f"== {label}")
        _report(args, samples, walls, load, cpu)


def _workers_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the workers of the gunicorn `master`."""
    return server_cpu(master)


def _report(
    args: argparse.Namespace,
    samples: dict[str, list[float]],
    walls: list[float],
    load: list[float],
    cpu: list[float],
) -> None:
    requests_total = sum(len(v) for v in samples.values())
    print()
    print(
        f"gunicorn --workers {args.workers} (bistand.gunicorn_conf), PostgreSQL, {args.users} "
        f"citizens at once × {args.rounds} rounds, think {args.think} s, {os.cpu_count()} cores, "
        f"load average {max(load):.1f} (highest after a round); {requests_total} requests"
    )
    print(f"{'page':34} {'n':>4} {'p50':>8} {'p95':>8}")
    order = ["GET start", "POST start"]
    for slug, _data in PAGES:
        order += [f"GET step {slug}", f"POST step {slug}"]
    order += ["GET check", "POST check (send)", "GET receipt", "GET Min sida"]
    for name in order:
        values = samples.get(name, [])
        if values:
            print(f"{name:34} {len(values):4d} {_pct(values, 50):6.0f}ms {_pct(values, 95):6.0f}ms")
    steps = [
        v for name, vs in samples.items() if name.startswith(("GET step", "POST step")) for v in vs
    ]
    print(
        f"{'all application steps':34} {len(steps):4d} {_pct(steps, 50):6.0f}ms "
        f"{_pct(steps, 95):6.0f}ms"
    )
    journey = sum(walls) / len(walls)
    print(f"a whole journey ({len(order)} requests) took {journey:.1f} s of wall time per round")
    print(
        "gunicorn workers' CPU per request (all pages), by round: "
        + ", ".join(f"{ms:.1f} ms" for ms in cpu)
    )


if __name__ == "__main__":
    main()
