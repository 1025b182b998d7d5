"""What if the norm or the guideline caps changed? This caseload's amounts, recomputed.

The stored calculation inputs of one month's first decisions are run through the rules engine's
batch path (`bistand.rules.calculate_batch` over a `HouseholdTable`), once as they are and once
with the change (docs/adr/0051-what-if.md):

- the norm (riksnorm after the household's adjustments) is multiplied by 1 + p/100;
- every guideline cap is multiplied by 1 + c/100. The engine reads the caps from the guideline
  files, which must not change for a what-if, so the costs are divided by the factor before the
  batch run and the approved costs multiplied by it afterwards: min(x ÷ f, cap) × f = min(x,
  cap × f). Each step rounds to whole öre, so a household's figure can differ by an öre or two.

The engine's amount of a month is `payable(norm' + costs' + livsföring, income + assets)`, its
own formula. The baseline is what the first decisions granted for the month, the dashboard's
"Beviljat (kr)" (issue 14 item 8; ADR 0185): a case worker may have granted another amount than
the engine's, and a rejected application counts zero. The scenario moves each granted amount by
the engine's change (never below zero); a rejected household gets the engine's new amount only
when the engine's own amount was zero (it was rejected for its amount), else it stays rejected.
All money is integer öre here and `Decimal` kronor out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from bistand.decisions.models import Calculation, Decision, Outcome
from bistand.rules import HouseholdInput, HouseholdTable, InputError, calculate_batch, formulas
from bistand.rules.money import ore_to_decimal

COST_COLUMNS = (
    "rent",
    "household_electricity",
    "home_insurance",
    "union_and_a_kassa",
    "work_travel",
)
LIMIT = Decimal(50)
GRANTED = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


@dataclass(frozen=True)
class WhatIf:
    month: date
    norm_percent: Decimal
    caps_percent: Decimal
    households: int
    skipped: int  # stored inputs the engine could not read (e.g. an older format)
    baseline_total: Decimal
    scenario_total: Decimal
    raised: int
    lowered: int
    newly_eligible: int
    no_longer_eligible: int

    @property
    def difference(self) -> Decimal:
        return self.scenario_total - self.baseline_total

    @property
    def difference_per_year(self) -> Decimal:
        return self.difference * 12


def what_if_months() -> list[date]:
    """Months with at least one decided application whose calculation input is stored."""
    months = {
        date(int(d["input__month"][:4]), int(d["input__month"][5:7]), 1)
        for d in Calculation.objects.filter(
            pk__in=Decision.objects.filter(supersedes__isnull=True).values("calculation_id")
        ).values("input__month")
        if isinstance(d.get("input__month"), str) and len(d["input__month"]) >= 7
    }
    return sorted(months, reverse=True)


def _factor(percent: Decimal) -> int:
    """The change in tenths of a percent, as a factor over 1000 (2,5 % → 1025)."""
    return 1000 + int((percent * 10).to_integral_value())


def what_if(*, month: date, norm_percent: Decimal, caps_percent: Decimal) -> WhatIf:
    if abs(norm_percent) > LIMIT or abs(caps_percent) > LIMIT:
        raise ValueError("Ändringen får vara högst 50 procent åt något håll.")
    inputs: list[HouseholdInput] = []
    decided: list[int] = []
    skipped = 0
    first_decisions = Decision.objects.filter(
        supersedes__isnull=True, outcome__in=[*GRANTED, Outcome.REJECTED]
    )
    granted_by_calculation = {
        calculation_id: (amount if outcome in GRANTED and amount > 0 else Decimal("0.00"))
        for calculation_id, outcome, amount in first_decisions.values_list(
            "calculation_id", "outcome", "amount"
        ).filter(calculation__input__month=f"{month:%Y-%m}")
    }
    for pk, data in Calculation.objects.filter(
        pk__in=list(granted_by_calculation), input__month=f"{month:%Y-%m}"
    ).values_list("pk", "input"):
        try:
            inputs.append(HouseholdInput.from_dict(data))
        except (InputError, TypeError, ValueError):
            skipped += 1
            continue
        decided.append(int(granted_by_calculation[pk] * 100))
    zero = Decimal("0.00")
    if not inputs:
        return WhatIf(month, norm_percent, caps_percent, 0, skipped, zero, zero, 0, 0, 0, 0)
    table = HouseholdTable.from_inputs(inputs)
    base = calculate_batch(table)

    nf = _factor(norm_percent)
    cf = _factor(caps_percent)
    norm = formulas.div_half_up(base.riksnorm * nf, 1000)
    if cf == 1000:
        costs = base.costs_approved
    else:
        scaled = dataclasses.replace(
            table,
            **{c: formulas.div_half_up(getattr(table, c) * 1000, cf) for c in COST_COLUMNS},
        )
        costs = formulas.div_half_up(calculate_batch(scaled).costs_approved * cf, 1000)
    need = norm + costs + base.livsforing_granted
    engine = formulas.payable(need, base.income_counted + base.assets_counted)
    granted = np.array(decided, dtype=np.int64)
    moved = np.maximum(0, granted + (engine - base.amount))
    amount = np.where(granted > 0, moved, np.where(base.amount == 0, engine, 0))
    return WhatIf(
        month=month,
        norm_percent=norm_percent,
        caps_percent=caps_percent,
        households=table.size,
        skipped=skipped,
        baseline_total=ore_to_decimal(int(granted.sum(dtype=np.int64))),
        scenario_total=ore_to_decimal(int(amount.sum(dtype=np.int64))),
        raised=int((amount > granted).sum()),
        lowered=int((amount < granted).sum()),
        newly_eligible=int(((granted == 0) & (amount > 0)).sum()),
        no_longer_eligible=int(((granted > 0) & (amount == 0)).sum()),
    )
