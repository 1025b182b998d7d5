"""Synthetic data for demos, tests and benchmarks — never real personal data.

Plain Python (no Django: an import-linter contract forbids it).

* :mod:`bistand.synthetic.personnummer` — Luhn-valid personnummer marked synthetic
  (month + 20), plus parsing and validation of ordinary numbers.
* :mod:`bistand.synthetic.households` — households of applicants, deterministic by seed,
  as dataclasses and as the rules engine's JSON input.
* ``python -m bistand.synthetic --seed 1 --count 5 --month 2026-01`` — JSON lines.
"""

from bistand.synthetic.households import (
    SyntheticHousehold,
    SyntheticPerson,
    generate_households,
    iter_households,
)

__all__ = ["SyntheticHousehold", "SyntheticPerson", "generate_households", "iter_households"]
