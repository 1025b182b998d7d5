"""How long the follow-up dashboard takes over a large synthetic history (issue 16 item 5).

    BISTAND_DATA_DIR=/tmp/x BISTAND_SECRET_KEY=x .venv/bin/python bench/followup_bench.py \
        [--households 10000] [--months 12] [--existing] [--runs 5]

Builds a fresh database (SQLite under the data dir, or DATABASE_URL) with `households` synthetic
households over `months` months, or with `--existing` uses the history already there (e.g. the
database bench/pages_bench.py seeds: 3 000 households applying every month for 24 months). Then
prints the median of `runs` computations of the 12-month dashboard from the records, the time to
fold the closed months (`bistand followup_fold`), the median with the fold, the median with the
fold after this month's applications changed (the current month is computed live), and of the
what-if. Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bistand.applications.models import Application  # noqa: E402
from bistand.demo.history import synthetic_caseload  # noqa: E402
from bistand.followup import selectors, services, whatif  # noqa: E402
from bistand.followup.metrics import add_months, month_of  # noqa: E402


def _median_ms(runs: int, fn: object) -> tuple[str, float]:
    """The median wall time, the median CPU time of this process (PostgreSQL's own work is
    not in it; it does not depend on what else runs on the machine as the wall time does) and
    the number of queries."""
    times, cpus, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            t, c = time.perf_counter(), time.process_time()
            fn()  # type: ignore[operator]
            cpus.append(time.process_time() - c)
            times.append(time.perf_counter() - t)
        queries = len(captured.captured_queries)
    wall = statistics.median(times) * 1000
    return (
        f"median {wall:.0f} ms, CPU {statistics.median(cpus) * 1000:.0f} ms ({queries} queries)",
        wall,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--existing", action="store_true", help="use the history already there")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    end = month_of(timezone.localdate())
    if not args.existing:
        t = time.perf_counter()
        synthetic_caseload(
            random.Random(1),
            households=args.households,
            end_month=end,
            months=args.months,
            with_events=False,
        )
        print(f"built {args.households} households in {time.perf_counter() - t:.1f} s")
    print(
        f"{Application.objects.count()} applications, {connection.vendor}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    start = add_months(end, -11)

    def scratch() -> None:
        selectors.dashboard(start=start, end=end, use_fold=False)

    def folded() -> None:
        selectors.dashboard(start=start, end=end)

    text, ms = _median_ms(max(1, min(args.runs, 3)), scratch)
    print(f"dashboard from the records: {text}")
    t = time.perf_counter()
    fold = services.fold_refresh()
    print(
        f"fold of the months before {fold.current_month:%Y-%m}: {time.perf_counter() - t:.1f} s "
        f"({fold.months.count()} month rows, {fold.exits.count()} exits)"
    )
    # Without the safety margin: the history was written minutes ago (ADR 0230).
    selectors.FOLD_MARGIN_SECONDS = 0
    text, folded_ms = _median_ms(args.runs, folded)
    print(f"dashboard with the fold: {text}")
    print(f"ratio of the wall times: {ms / folded_ms:.1f}x")
    # This month's applications touched after the fold: their cases and months are computed live.
    touched = list(
        Application.objects.filter(month=end).order_by("pk").values_list("pk", flat=True)[:200]
    )
    Application.objects.filter(pk__in=touched).update(updated_at=timezone.now())
    text, _ = _median_ms(args.runs, folded)
    print(f"with the fold, {len(touched)} of this month's applications changed since: {text}")
    months = whatif.what_if_months()
    if len(months) > 1:
        month = months[1]
        runs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = whatif.what_if(month=month, norm_percent=Decimal(2), caps_percent=Decimal(-5))
            runs.append(time.perf_counter() - t)
        print(
            f"what-if ({r.households} households): median {statistics.median(runs) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
