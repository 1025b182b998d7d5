"""Plain building blocks of the follow-up figures: months, shares, percentiles, tables.

No database here: `selectors.py` loads the rows and these functions do the arithmetic, so the
definitions written on the dashboard are the ones in this file. Shares and hours are `Decimal`
(exact, rounded only for display); money is `Decimal` kronor.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bistand.core.format import amount
from bistand.core.format import month_label as _month_label
from bistand.core.format import month_short as _month_short


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Every first-of-month from `start`'s month to `end`'s month, both included."""
    out, month = [], month_of(start)
    while month <= month_of(end):
        out.append(month)
        month = add_months(month, 1)
    return out


def share(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a fraction with 4 decimals (0.8500 = 85,00 %); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def median(values: Sequence[int]) -> Decimal | None:
    """The middle value; with an even count the mean of the two middle values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[mid])
    return (Decimal(ordered[mid - 1]) + Decimal(ordered[mid])) / 2


def percentile_nearest_rank(values: Sequence[int], percent: int) -> Decimal | None:
    """The nearest-rank percentile: the smallest value with at least `percent` % at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent * len(ordered) / 100))
    return Decimal(ordered[rank - 1])


def hours(seconds: Decimal | None) -> Decimal | None:
    if seconds is None:
        return None
    return (seconds / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- Formatting (Swedish) ------------------------------------------------------------------------


def _group(whole: str) -> str:
    sign = "−" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + "\u00a0".join(groups or ["0"])


# A month's Swedish name depends on the month alone; formatting it switches the active language
# each time (most of the dashboard's charts' time before, issue 16 item 5), so each month is
# formatted once per process.
month_label = functools.lru_cache(maxsize=1024)(_month_label)
month_short = functools.lru_cache(maxsize=1024)(_month_short)


def fmt_int(value: Any) -> str:
    return "–" if value is None else _group(str(int(value)))


def fmt_pct(value: Decimal | None) -> str:
    """0.8512 → "85,1"."""
    if value is None:
        return "–"
    return str((value * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


def fmt_dec1(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return str(value.quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


def fmt_kr(value: Decimal | None) -> str:
    """Kronor in a table column, without the unit (core.format: "7 100", "7 100,50")."""
    return amount(value)


def fmt_text(value: Any) -> str:
    return "" if value is None else str(value)


FORMATS: dict[str, Callable[[Any], str]] = {
    "int": fmt_int,
    "pct": fmt_pct,
    "dec1": fmt_dec1,
    "kr": fmt_kr,
    "text": fmt_text,
    "month": lambda m: month_label(m) if isinstance(m, date) else fmt_text(m),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # with the unit, e.g. "Andel digitalt (%)"
    kind: str = "int"  # a key of FORMATS

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "month")


@dataclass
class Table:
    """One table of the dashboard: shown as a data table, exported as CSV, maybe charted."""

    slug: str
    title: str
    definition: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: Any = None  # charts.BarChart, set by the selector that builds the table
    note: str = ""

    def cells(self) -> list[list[tuple[str, bool]]]:
        """(text, numeric) per cell, for the HTML table."""
        return [
            [(FORMATS[c.kind](row.get(c.key)), c.numeric) for c in self.columns]
            for row in self.rows
        ]

    def csv_rows(self) -> list[list[str]]:
        """Header + rows for CSV: the same Swedish numbers, without thousands separators."""
        body = [
            [FORMATS[c.kind](row.get(c.key)).replace("\u00a0", "") for c in self.columns]
            for row in self.rows
        ]
        return [[c.label for c in self.columns], *body]
