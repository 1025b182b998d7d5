"""Login throttling through the shared database cache (ADR 0082): how long one check + one
recorded failure takes, and how many of the failures that several processes record at the same
moment for one address are counted (every one must be: slots claimed with an INSERT).

    .venv/bin/python bench/login_throttle_bench.py [--processes 4] [--failures 200]
    DATABASE_URL=postgres://… .venv/bin/python bench/login_throttle_bench.py

Without DATABASE_URL it migrates a fresh SQLite database in a temporary data folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

WORKER = """
import sys, time, django
django.setup()
from bistand.accounts import throttle
n = int(sys.argv[1])
throttle._now = lambda: 1_800_000_010.0
start = time.perf_counter()
for _ in range(n):
    throttle.login_allowed(address="192.0.2.200")
    throttle.login_failure_record(address="192.0.2.200")
print(time.perf_counter() - start)
"""

READ = """
import django
django.setup()
from django.core.cache import cache
from bistand.accounts import throttle
print(throttle.login_failures(address="192.0.2.200", now=1_800_000_010.0))
cache.clear()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--failures", type=int, default=200, help="per process")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="bistand-throttle-bench-")
    env = {
        **os.environ,
        "BISTAND_DATA_DIR": data,
        "DJANGO_SETTINGS_MODULE": "bistand.settings",
        "BISTAND_LOGIN_THROTTLE_WINDOW": "86400",
        "BISTAND_LOGIN_THROTTLE_ATTEMPTS": "100000",
    }
    env.setdefault("BISTAND_SECRET_KEY", "bench-only-" + "k" * 50)
    py = [sys.executable, "-c"]
    subprocess.run([sys.executable, "-m", "bistand.cli", "migrate", "-v0"], env=env, check=True)
    subprocess.run([*py, READ], env=env, check=True, capture_output=True)  # start from zero

    alone = subprocess.run(
        [*py, WORKER, str(args.failures)], env=env, check=True, capture_output=True, text=True
    )
    per_attempt_ms = float(alone.stdout) / args.failures * 1000
    counted_alone = int(
        subprocess.run([*py, READ], env=env, capture_output=True, text=True, check=True).stdout
    )

    workers = [
        subprocess.Popen(
            [*py, WORKER, str(args.failures)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(args.processes)
    ]
    times = [float(w.communicate()[0]) for w in workers]
    counted = int(
        subprocess.run([*py, READ], env=env, capture_output=True, text=True, check=True).stdout
    )
    expected = args.processes * args.failures
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"database cache on {engine}")
    print(
        f"one process: check + record {per_attempt_ms:.2f} ms per failed attempt; "
        f"counted {counted_alone} of {args.failures}"
    )
    print(
        f"{args.processes} processes at once, {args.failures} failures each: counted {counted} "
        f"of {expected} ({counted / expected:.1%}); slowest process {max(times):.2f} s"
    )
    assert counted == expected, "failures were lost between processes"


if __name__ == "__main__":
    main()
