"""How long the queue page and the case page take with 10 000 open items, alone and with
N staff users at once.

    DATABASE_URL=postgres://…/bistand_bench BISTAND_DATA_DIR=/tmp/x BISTAND_SECRET_KEY=x \
        .venv/bin/python bench/queue_bench.py [open_items] [clients] [requests_per_client]

Builds a fresh database (SQLite under the data dir, or DATABASE_URL) with `open_items`
applications waiting in the queue (default 10 000; every tenth taken by a case worker), each
with its triage reasons and a calculation by the rules engine. Then prints p50/p95 of the queue
page (first page, and a filtered page) and of a case page, requested one at a time through the
test client, and again with `clients` threads (default 50) against gunicorn on a local port,
started as in production (`--config python:bistand.gunicorn_conf --workers 4`).
Figures from one run; timing lives here, never in tests.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bistand.accounts.models import Role, User  # noqa: E402
from bistand.casework.models import Claim  # noqa: E402
from bistand.demo.history import ROUTING_REASONS, MonthPlan, build, citizens  # noqa: E402
from bistand.followup.metrics import month_of  # noqa: E402


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def _report(label: str, samples: list[float]) -> None:
    print(
        f"{label}: p50 {_pct(samples, 50):.0f} ms, p95 {_pct(samples, 95):.0f} ms "
        f"({len(samples)} requests, median {statistics.median(samples) * 1000:.0f} ms)"
    )


def build_queue(open_items: int) -> tuple[User, list[int]]:
    rng = random.Random(14)
    month = month_of(timezone.localdate())
    now = timezone.now()
    users = citizens(rng, open_items, prefix="queue")
    plans = [
        (
            user,
            [
                MonthPlan(
                    month=month,
                    channel="paper" if rng.random() < 0.2 else "digital",
                    submitted_at=now - timedelta(minutes=rng.randrange(60 * 24 * 4)),
                    automated=False,
                    decided=False,
                    paid=False,
                    reasons=[rng.choice(ROUTING_REASONS)[0]],
                    household_size=1 + rng.randrange(4),
                    partner=rng.random() < 0.3,
                )
            ],
        )
        for user in users
    ]
    cases = build(plans, with_events=False, number_prefix="EB-Q")
    chief = User.objects.create(username="bench-chef", role=Role.ENHETSCHEF, display_name="Chef")
    workers = [
        User.objects.create(
            username=f"bench-ekonom-{i}", role=Role.EKONOMISEKRETERARE, display_name=f"Ekonom {i}"
        )
        for i in range(12)
    ]
    from bistand.applications.models import Application

    ids = list(
        Application.objects.filter(case__in=cases).order_by("pk").values_list("pk", flat=True)
    )
    Claim.objects.bulk_create(
        [
            Claim(application_id=pk, case_id=case_id, claimed_by=workers[i % len(workers)])
            for i, (pk, case_id) in enumerate(
                Application.objects.filter(pk__in=ids[::10]).values_list("pk", "case_id")
            )
        ]
    )
    return chief, ids


def sequential(client: Client, paths: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for path in paths:
            t = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - t)
            assert response.status_code == 200, (path, response.status_code)
    return samples


def concurrent(port: int, cookie: str, paths: list[str], clients: int, each: int) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        mine = []
        for i in range(each):
            path = paths[(n + i) % len(paths)]
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}
            )
            t = time.perf_counter()
            with urllib.request.urlopen(request, timeout=300) as response:
                response.read()
                assert response.status == 200
            mine.append(time.perf_counter() - t)
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def main() -> None:
    open_items = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    each = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    chief = User.objects.filter(username="bench-chef").first()
    if chief is not None:  # a second run on the same database measures the same queue
        from bistand.applications.models import Application

        ids = list(
            Application.objects.filter(case__number__startswith="EB-Q-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        print(f"reusing {len(ids)} open items built by an earlier run")
    else:
        chief, ids = build_queue(open_items)
        print(f"built {open_items} open items in {time.perf_counter() - t:.1f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(chief)
    queue_paths = ["/handlaggning/", "/handlaggning/?kanal=paper&sortera=nyast&sida=3"]
    case_paths = [f"/handlaggning/ansokan/{pk}/" for pk in ids[:: max(1, len(ids) // 20)]]
    client.get(queue_paths[0])  # warm up
    _report("queue page, one at a time", sequential(client, queue_paths, 5))
    _report("case page, one at a time", sequential(client, case_paths, 1))
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        print("concurrent clients: skipped on SQLite (set DATABASE_URL to PostgreSQL)")
        return
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "bistand.wsgi:application",
            # As in production (docs/operations.md), like bench/pages_bench.py.
            "--config",
            "python:bistand.gunicorn_conf",
            "--workers",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "600",
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except Exception:
                time.sleep(0.3)
        _report(
            f"queue page, {clients} clients at once",
            concurrent(port, cookie, queue_paths, clients, each),
        )
        _report(
            f"case page, {clients} clients at once",
            concurrent(port, cookie, case_paths, clients, each),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
