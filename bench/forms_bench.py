"""Latency of the e-service's form pages and submit under concurrent citizens (local only).

Starts Bistånd on a private SQLite database in a temporary folder (or the PostgreSQL database in
DATABASE_URL), in a separate process with a threaded WSGI server, creates synthetic citizens,
and lets N simulated users (threads with `requests`, default 50) each walk a whole new
application: start, every page (GET + POST), the check page and submit. Prints p50/p95/max per
page and for submit. Bounded: at most --users users and --seconds seconds.

    .venv/bin/python bench/forms_bench.py [--users 50] [--seconds 120]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ("hushall", {"has_partner": "no", "children_count": "1", "other_adults_count": "0"}),
    (
        "barn",
        {
            "c1_birth_date": "2020-05-01",
            "c1_lunch": "yes",
            "c1_lives": "full",
            "c1_incomes": "none",
        },
    ),
    (
        "boende",
        {"housing_type": "rental", "rent": "6 500", "household_electricity": "300,50"},
    ),
    ("inkomster", {"a1_sources": ["salary", "child_allowance"]}),
    ("inkomstbelopp", {"a1_salary": "2 000", "a1_child_allowance": "1 250"}),
    ("tillgangar", {"bank_balance": "120", "has_vehicle": "no"}),
    ("sysselsattning", {"a1_situation": "registered_af"}),
    ("behov", {"needs": ["glasses"]}),
    ("behov-glasogon", {"glasses_amount": "1 200", "glasses_reason": "Trasiga glasögon"}),
    ("utbetalning", {"clearing": "6000", "account": "123456789"}),
    ("samtycke", {"registers": "yes", "truthful": "on"}),
]


# --- Server process -----------------------------------------------------------------------------


def serve(port: int, users: int) -> None:
    """Run in the child process: migrate, create users, serve until killed."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
    django.setup()
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    from bistand.accounts.models import Role, User
    from bistand.jobs import registry
    from bistand.synthetic import personnummer as pnr

    settings.DEMO_LOGIN = True
    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    for i in range(users):
        User.objects.get_or_create(
            username=f"demo-bench-{i}",
            defaults={
                "role": Role.CITIZEN,
                "display_name": f"Bench {i}",
                "personnummer": pnr.generate(rng, date(1970 + i % 30, 1 + i % 12, 1 + i % 28)),
            },
        )
    name = "decisions.process_application"
    if name not in registry.names():  # the decision pipeline is not part of this benchmark
        registry._REGISTRY[name] = registry.RegisteredJob(name=name, apply=lambda **kw: None)

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 256

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = make_server(
        "127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=QuietHandler
    )
    print("ready", flush=True)
    httpd.serve_forever()


# --- Client ---------------------------------------------------------------------------------


def csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def version(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', html)
    return match.group(1) if match else "1"


class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.lock = threading.Lock()

    def timed(
        self, label: str, call: object, ok: tuple[int, ...] = (200, 302)
    ) -> requests.Response:
        start = time.perf_counter()
        response = call()  # type: ignore[operator]
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[label].append(elapsed)
            if response.status_code not in ok:
                self.errors[label] += 1
        return response


def citizen(base: str, index: int, month: str, rec: Recorder, deadline: float) -> None:
    s = requests.Session()
    page = s.get(f"{base}/logga-in/demo/", timeout=30).text
    user_id = re.search(
        rf'value="(\d+)">\s*<input type="hidden" name="next"[^>]*>\s*'
        rf"<button[^>]*>[^<]*Bench {index}<",
        page,
    )
    if user_id is None:
        rec.errors["login"] += 1
        return
    s.post(
        f"{base}/logga-in/demo/",
        data={"user": user_id.group(1), "next": "/ansokan/", "csrfmiddlewaretoken": csrf(page)},
        timeout=30,
    )
    start = rec.timed("GET start", lambda: s.get(f"{base}/ansokan/", timeout=30))
    response = rec.timed(
        "POST start",
        lambda: s.post(
            f"{base}/ansokan/",
            data={"month": month, "csrfmiddlewaretoken": csrf(start.text)},
            timeout=30,
        ),
    )
    match = re.search(r"/ansokan/(\d+)/", response.url)
    if match is None:
        rec.errors["POST start"] += 1
        return
    app_url = f"{base}/ansokan/{match.group(1)}"
    for slug, data in PAGES:
        if time.monotonic() > deadline:
            return
        got = rec.timed(f"GET {slug}", lambda slug=slug: s.get(f"{app_url}/{slug}/", timeout=30))
        payload = {**data, "version": version(got.text), "csrfmiddlewaretoken": csrf(got.text)}
        rec.timed(
            f"POST {slug}",
            lambda slug=slug, payload=payload: s.post(
                f"{app_url}/{slug}/", data=payload, timeout=30
            ),
        )
    check = rec.timed("GET check", lambda: s.get(f"{app_url}/kontrollera/", timeout=30))
    done = rec.timed(
        "POST submit",
        lambda: s.post(
            f"{app_url}/kontrollera/",
            data={"version": version(check.text), "csrfmiddlewaretoken": csrf(check.text)},
            timeout=30,
        ),
    )
    if "/kvitto/" not in done.url:
        rec.errors["submitted"] += 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()
    users = max(1, min(args.users, 200))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="bistand-bench-")
    env = {**os.environ, "BISTAND_DATA_DIR": tmp, "BISTAND_DEMO_LOGIN": "1"}
    if "DATABASE_URL" not in os.environ:
        env["BISTAND_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), str(users)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("the server did not start")
        base = f"http://127.0.0.1:{port}"
        month = f"{date.today():%Y-%m}"
        rec = Recorder()
        deadline = time.monotonic() + args.seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=citizen, args=(base, i, month, rec, deadline), daemon=True)
            for i in range(users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)

    database = "PostgreSQL" if "DATABASE_URL" in os.environ else "SQLite"
    print(f"forms_bench: {users} concurrent citizens, {database}, wsgiref threaded server")
    print(f"{'request':<22}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'errors':>8}")
    every: list[float] = []
    for label, values in rec.times.items():
        every.extend(values)
        print(
            f"{label:<22}{len(values):>5}{statistics.median(values) * 1000:>10.0f}"
            f"{percentile(values, 0.95) * 1000:>10.0f}{max(values) * 1000:>10.0f}"
            f"{rec.errors.get(label, 0):>8}"
        )
    form_pages = [v for k, vs in rec.times.items() if k != "POST submit" for v in vs]
    if form_pages:
        print(
            f"{'all form pages':<22}{len(form_pages):>5}"
            f"{statistics.median(form_pages) * 1000:>10.0f}"
            f"{percentile(form_pages, 0.95) * 1000:>10.0f}{max(form_pages) * 1000:>10.0f}"
        )
    other = {k: v for k, v in rec.errors.items() if k not in rec.times}
    print(f"wall time {wall:.1f} s, {len(every) / wall:.0f} requests/s, other errors: {other}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
