"""Benchmark: bistand.rules against the same norm in OpenFisca-core, in one run.

    .venv/bin/python bench/rules_bench.py [--households N] [--single-runs N] [--month YYYY-MM]
        [--baseline GIT-REV [--rounds N]]

Prints (a) single-household latency (median: the calculation alone, with its explanation as
JSON-ready dict, and from a JSON dict with validation), (b) batch time for N synthetic households
(default 1 000 000), each for bistand.rules and for OpenFisca (bench/openfisca_country), as
ratios, and (c) exactness: öre mismatches between the two batch runs and between our batch and
single paths on a sample. Needs `pip install -r requirements-bench.txt` (openfisca-core).
Timing lives here, never in tests.

With ``--baseline REV`` it first prints (d) before/after in one run: the rules package at git
revision REV (exported to a temporary directory) and the working tree, each in its own Python
process, measured in alternating rounds (so a load that comes and goes on a shared machine hits
both alike): dict in → validated → calculated → JSON-ready explanation, for the example
household and for 2 000 varied households (1–2 adults, 0–3 children, rent and an income), plus
the batch of N households (its process CPU time: a shared machine's other work does not count).
Medians of the rounds' medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bistand.rules import (  # noqa: E402
    HouseholdInput,
    HouseholdTable,
    calculate,
    calculate_batch,
)
from bistand.rules.inputs import income_types  # noqa: E402

EXAMPLE: dict[str, Any] = {
    "month": "2026-01",
    "household": [
        {"id": "a1", "role": "applicant", "age": 34},
        {"id": "p1", "role": "partner", "age": 36},
        {"id": "c1", "role": "child", "age": 5},
        {"id": "c2", "role": "child", "age": 12},
    ],
    "costs": {"rent": "8450.75"},
    "incomes": [{"member": "a1", "type": "pension", "amount": "4123.50"}],
}


def median_seconds(fn: Any, runs: int) -> float:
    for _ in range(min(50, runs)):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def population(n: int, seed: int = 2026) -> dict[str, np.ndarray[Any, Any]]:
    """n households: 1–2 adults, 0–3 children aged 0–20, rent and the applicant's income in öre."""
    rng = np.random.default_rng(seed)
    adults = rng.integers(1, 3, n)
    children = rng.integers(0, 4, n)
    size = adults + children
    hh = np.repeat(np.arange(n), size)
    starts = np.r_[0, np.cumsum(size)[:-1]]
    position = np.arange(hh.size) - np.repeat(starts, size)
    adult_of = np.repeat(adults, size)
    role = np.where(position == 0, 0, np.where(position < adult_of, 1, 2)).astype(np.int64)
    age = np.where(role == 2, rng.integers(0, 21, hh.size), rng.integers(18, 80, hh.size))
    return {
        "household": hh.astype(np.int64),
        "position": position.astype(np.int64),
        "role": role,
        "age": age.astype(np.int64),
        "rent": rng.integers(0, 1_500_000, n).astype(np.int64),
        "income": rng.integers(0, 2_000_000, n).astype(np.int64),
        "applicant_index": starts.astype(np.int64),
    }


def our_table(pop: dict[str, np.ndarray[Any, Any]], year: int, month: int) -> HouseholdTable:
    n = pop["rent"].size
    persons = pop["household"].size
    zeros_h = np.zeros(n, dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    salary = income_types().index("salary")  # the applicant's income: a salary
    return HouseholdTable(
        year=year,
        month=month,
        municipalities=(),
        municipality_index=np.full(n, -1, dtype=np.int64),
        days_in_period=zeros_h,
        rent=pop["rent"],
        household_electricity=zeros_h,
        home_insurance=zeros_h,
        union_and_a_kassa=zeros_h,
        work_travel=zeros_h,
        rent_agreed_share=np.full(n, -1, dtype=np.int64),
        household_electricity_agreed_share=np.full(n, -1, dtype=np.int64),
        radrum_until_ordinal=np.full(n, -1, dtype=np.int64),
        rent_assessed_max=np.full(n, -1, dtype=np.int64),
        months_on_assistance=zeros_h,
        has_jobbstimulans_start=np.zeros(n, dtype=np.bool_),
        jobbstimulans_since=zeros_h,
        previous_month_surplus=zeros_h,
        surplus_age=np.ones(n, dtype=np.int64),
        first_time_applicant=np.zeros(n, dtype=np.bool_),
        shortfall_foreseeable=np.ones(n, dtype=np.bool_),
        assets_total=zeros_h,
        person_household=pop["household"],
        person_position=pop["position"],
        role=pop["role"],
        age=pop["age"],
        lunch_at_home=np.ones(persons, dtype=np.int64),
        umgange_days=np.zeros(persons, dtype=np.int64),
        earnings_exempted=np.zeros(persons, dtype=np.int64),
        days_with_other_parent=np.zeros(persons, dtype=np.int64),
        income_person=pop["applicant_index"],
        income_type=np.full(n, salary, dtype=np.int64),
        income_amount=pop["income"],
        need_household=empty,
        need_granted=empty,
        adjustment_household=empty,
        adjustment_order=empty,
        adjustment_amount=empty,
    )


def single_input(pop: dict[str, np.ndarray[Any, Any]], i: int, month: str) -> HouseholdInput:
    mask = pop["household"] == i
    roles = ["applicant", "partner", "child"]
    members = [
        {"id": f"m{k}", "role": roles[int(r)], "age": int(a)}
        for k, (r, a) in enumerate(zip(pop["role"][mask], pop["age"][mask], strict=True))
    ]
    rent, income = int(pop["rent"][i]), int(pop["income"][i])
    return HouseholdInput.from_dict(
        {
            "month": month,
            "household": members,
            "costs": {"rent": f"{rent // 100}.{rent % 100:02d}"},
            "incomes": [
                {"member": "m0", "type": "pension", "amount": f"{income // 100}.{income % 100:02d}"}
            ],
        }
    )


def openfisca_batch(tbs: Any, pop: dict[str, np.ndarray[Any, Any]], period: str) -> Any:
    from openfisca_core.simulation_builder import SimulationBuilder

    n = pop["rent"].size
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("person", np.arange(pop["household"].size))
    households = builder.declare_entity("household", np.arange(n))
    role_names = np.where(pop["role"] == 2, "child", "adult")
    builder.join_with_persons(households, pop["household"], role_names)
    sim = builder.build(tbs)
    sim.set_input("age", period, pop["age"])
    income = np.zeros(pop["household"].size)
    income[pop["applicant_index"]] = pop["income"] / 100
    sim.set_input("income", period, income)
    sim.set_input("housing_cost", period, pop["rent"] / 100)
    return sim.calculate("economic_assistance", period)


_WORKER = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from bistand.rules import calculate, calculate_batch
sys.path.insert(0, sys.argv[2])
import rules_bench as b
example, varied, distinct, month = json.loads(sys.stdin.readline())
fresh = iter(distinct)
year, mon = (int(x) for x in month.split("-"))
pop = None
def med(fn, runs):
    for _ in range(min(50, runs)):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
    return statistics.median(times)
for request in sys.stdin:
    kind, n = json.loads(request)
    if kind == "example":
        value = med(lambda: calculate(example).to_dict(), n)
    elif kind == "varied":
        it = iter(varied * (1 + n // len(varied)))
        value = med(lambda: calculate(next(it)).to_dict(), n)
    elif kind == "distinct":
        # Households this process has never seen (each once, as in a month-start surge).
        value = med(lambda: calculate(next(fresh)).to_dict(), n)
    else:
        if pop is None:
            pop = b.population(n)
        table = b.our_table(pop, year, mon)
        start = time.process_time(); calculate_batch(table); value = time.process_time() - start
    print(json.dumps(value), flush=True)
"""


def varied_inputs(month: str, count: int = 2000, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` different households from :func:`population` as JSON dicts."""
    pop = population(count, seed=seed)
    roles = ["applicant", "partner", "child"]
    bounds = np.r_[0, np.flatnonzero(np.diff(pop["household"])) + 1, pop["household"].size]
    out = []
    for i in range(count):
        part = slice(bounds[i], bounds[i + 1])
        members = [
            {"id": f"m{k}", "role": roles[int(r)], "age": int(a)}
            for k, (r, a) in enumerate(zip(pop["role"][part], pop["age"][part], strict=True))
        ]
        for m in members:
            if m["role"] == "child" and m["age"] >= 18:
                m["in_school"] = True
        rent, income = int(pop["rent"][i]), int(pop["income"][i])
        out.append(
            {
                "month": month,
                "household": members,
                "costs": {"rent": f"{rent // 100}.{rent % 100:02d}"},
                "incomes": [
                    {
                        "member": "m0",
                        "type": "pension",
                        "amount": f"{income // 100}.{income % 100:02d}",
                    }
                ],
            }
        )
    return out


def before_after(rev: str, month: str, runs: int, households: int, rounds: int) -> None:
    """(d): the package at ``rev`` and the working tree, alternating rounds in two processes."""
    import json
    import subprocess
    import tempfile

    example = {**EXAMPLE, "month": month}
    varied = varied_inputs(month)
    distinct = varied_inputs(month, rounds * (runs + 50), seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "src/bistand"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        procs = {
            label: subprocess.Popen(
                [sys.executable, "-c", _WORKER, src, str(ROOT / "bench")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for label, src in (("before", f"{tmp}/src"), ("after", str(ROOT / "src")))
        }
        for proc in procs.values():
            assert proc.stdin is not None
            proc.stdin.write(json.dumps([example, varied, distinct, month]) + "\n")
        results: dict[tuple[str, str], list[float]] = {}
        for _ in range(rounds):
            for kind, n in (
                ("example", runs),
                ("varied", runs),
                ("distinct", runs),
                ("batch", households),
            ):
                for label, proc in procs.items():
                    assert proc.stdin is not None and proc.stdout is not None
                    proc.stdin.write(json.dumps([kind, n]) + "\n")
                    proc.stdin.flush()
                    results.setdefault((label, kind), []).append(json.loads(proc.stdout.readline()))
        for proc in procs.values():
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait()
    print(f"\n(d) Before ({rev}) and after (working tree), {rounds} alternating rounds")
    for kind, what, scale, unit in (
        ("example", "example household, dict in → to_dict()", 1e6, "µs"),
        ("varied", "2 000 varied households, dict in → to_dict()", 1e6, "µs"),
        ("distinct", "households never seen before, dict in → to_dict()", 1e6, "µs"),
        ("batch", f"calculate_batch, {households:,} households (CPU)", 1, "s"),
    ):
        before = statistics.median(results[("before", kind)]) * scale
        after = statistics.median(results[("after", kind)]) * scale
        print(
            f"  {what:48s} before {before:9.3f} {unit}  after {after:9.3f} {unit}  "
            f"({before / after:4.2f}x)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--single-runs", type=int, default=2000)
    parser.add_argument("--month", default="2026-01")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", help="git revision to compare with (before/after)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only-before-after", action="store_true")
    args = parser.parse_args(argv)
    if args.baseline:
        before_after(args.baseline, args.month, args.single_runs, args.households, args.rounds)
        if args.only_before_after:
            return 0
    year, month = (int(x) for x in args.month.split("-"))
    example = {**EXAMPLE, "month": args.month}

    try:
        from openfisca_core.simulation_builder import SimulationBuilder
        from openfisca_country.model import SwedenTBS
    except ModuleNotFoundError:
        print(
            "\nopenfisca-core is not installed (pip install -r requirements-bench.txt): "
            "(a)–(c) against OpenFisca are skipped; (d) above needs only this package."
        )
        return 0

    tbs = SwedenTBS()
    of_situation = {
        "persons": {
            "a1": {"age": {args.month: 34}, "income": {args.month: 4123.5}},
            "p1": {"age": {args.month: 36}},
            "c1": {"age": {args.month: 5}},
            "c2": {"age": {args.month: 12}},
        },
        "households": {
            "h": {
                "adults": ["a1", "p1"],
                "children": ["c1", "c2"],
                "housing_cost": {args.month: 8450.75},
            }
        },
    }

    def of_single() -> Any:
        sim = SimulationBuilder().build_from_entities(tbs, of_situation)
        return sim.calculate("economic_assistance", args.month)

    parsed = HouseholdInput.from_dict(example)
    ours = calculate(parsed)
    of_value = float(of_single()[0])
    print(
        f"Example household {args.month}: bistand.rules {ours.to_dict()['amount']} kr, "
        f"OpenFisca {of_value:.4f} kr"
    )

    runs = args.single_runs
    t_calc = median_seconds(lambda: calculate(parsed), runs)
    t_explained = median_seconds(lambda: calculate(parsed).to_dict(), runs)
    t_full = median_seconds(lambda: calculate(example).to_dict(), runs)
    t_of = median_seconds(of_single, max(100, runs // 10))
    print("\n(a) One household, median latency")
    print(f"  bistand.rules calculate(HouseholdInput)          {t_calc * 1e6:9.1f} µs")
    print(f"  bistand.rules calculate(HouseholdInput).to_dict() {t_explained * 1e6:8.1f} µs")
    print(f"  bistand.rules from dict, validate + to_dict()    {t_full * 1e6:9.1f} µs")
    print(f"  OpenFisca build_from_entities + calculate        {t_of * 1e6:9.1f} µs")
    print(
        f"  ratio OpenFisca / bistand.rules: {t_of / t_calc:6.1f}x (calculate), "
        f"{t_of / t_explained:6.1f}x (calculate + to_dict), "
        f"{t_of / t_full:6.1f}x (dict in, JSON-ready dict out)"
    )

    n = args.households
    pop = population(n)
    persons = pop["household"].size
    ours_times, of_times = [], []
    result = None
    of_result = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = calculate_batch(our_table(pop, year, month))
        ours_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        of_result = openfisca_batch(tbs, pop, args.month)
        of_times.append(time.perf_counter() - start)
    assert result is not None and of_result is not None
    t_ours, t_ofb = statistics.median(ours_times), statistics.median(of_times)
    print(
        f"\n(b) {n:,} households ({persons:,} persons), median of {args.repeat}, "
        "table/simulation build + calculate"
    )
    print(f"  bistand.rules calculate_batch (int64 öre)        {t_ours:9.3f} s")
    print(f"  OpenFisca vectorised (float32)                   {t_ofb:9.3f} s")
    print(f"  ratio OpenFisca / bistand.rules: {t_ofb / t_ours:6.2f}x")

    of_ore = np.rint(np.asarray(of_result, dtype=np.float64) * 100).astype(np.int64)
    mismatch = int(np.count_nonzero(of_ore != result.amount))
    worst = int(np.abs(of_ore - result.amount).max())
    exact_total = int(result.amount.sum(dtype=np.int64))
    of_total = float(np.asarray(of_result, dtype=np.float32).sum(dtype=np.float32))
    print("\n(c) Exactness")
    print(
        f"  OpenFisca float32 vs exact öre: {mismatch:,} of {n:,} households differ "
        f"(worst {worst} öre)"
    )
    print(
        f"  sum paid: exact {exact_total // 100:,}.{exact_total % 100:02d} kr; "
        f"OpenFisca float32 sum {of_total:,.2f} kr"
    )
    sample = np.random.default_rng(1).choice(n, size=min(n, 2000), replace=False)
    diffs = sum(
        calculate(single_input(pop, int(i), args.month)).amount_ore != int(result.amount[i])
        for i in sample
    )
    print(f"  bistand.rules batch vs single on {sample.size} sampled households: {diffs} differ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
