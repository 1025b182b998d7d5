"""How long the follow-up dashboard takes over a large synthetic history.

    BISTAND_DATA_DIR=/tmp/x BISTAND_SECRET_KEY=x .venv/bin/python bench/followup_bench.py [cases]

Builds a fresh database (SQLite under the data dir, or DATABASE_URL) with `cases` synthetic
households over 12 months (default 10 000), then prints the median of 5 dashboard computations
and of 5 what-if runs. Timing lives here, never in tests.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from bistand.demo.history import synthetic_caseload  # noqa: E402
from bistand.followup import selectors, whatif  # noqa: E402
from bistand.followup.metrics import add_months, month_of  # noqa: E402


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    end = month_of(timezone.localdate())
    t = time.perf_counter()
    synthetic_caseload(random.Random(1), households=cases, end_month=end, with_events=False)
    print(f"built {cases} households in {time.perf_counter() - t:.1f} s")
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        selectors.dashboard(start=add_months(end, -11), end=end)
        runs.append(time.perf_counter() - t)
    print(f"dashboard: median {statistics.median(runs) * 1000:.0f} ms over 5 runs")
    month = whatif.what_if_months()[1]
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        r = whatif.what_if(month=month, norm_percent=Decimal(2), caps_percent=Decimal(-5))
        runs.append(time.perf_counter() - t)
    print(f"what-if ({r.households} households): median {statistics.median(runs) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
