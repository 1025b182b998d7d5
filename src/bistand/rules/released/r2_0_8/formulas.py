"""The arithmetic of the rules, written once for both paths.

Every function here works on plain ``int`` öre (the single-household path) and on numpy
``int64`` arrays of öre (the batch path), so one definition of each rule serves both; the
property test ``tests/rules/test_properties.py`` proves that ``calculate`` and
``calculate_batch`` agree to the öre. The legal source of each formula is cited where it is
used (``bistand.rules.law``); rounding is defined in docs/adr/0012-rules-rounding.md.
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
import numpy.typing as npt

__all__ = [
    "IntArray",
    "capped",
    "child_earnings_exempt",
    "div_half_up",
    "jobbstimulans_active_by_months",
    "maximum",
    "minimum",
    "payable",
    "percent_of",
    "pro_rata",
    "shared_cost",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
M = TypeVar("M", int, IntArray)


@overload
def maximum(a: int, b: int) -> int: ...
@overload
def maximum(a: IntArray, b: int | IntArray) -> IntArray: ...
def maximum(a: int | IntArray, b: int | IntArray) -> int | IntArray:
    """The larger of ``a`` and ``b`` (element-wise for arrays)."""
    result: int | IntArray = _max(a, b)
    return result


def _max(a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        return a if a >= b else b
    return np.maximum(a, b)


def _min(a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        return a if a <= b else b
    return np.minimum(a, b)


@overload
def minimum(a: int, b: int) -> int: ...
@overload
def minimum(a: IntArray, b: int | IntArray) -> IntArray: ...
def minimum(a: int | IntArray, b: int | IntArray) -> int | IntArray:
    """The smaller of ``a`` and ``b`` (element-wise for arrays)."""
    result: int | IntArray = _min(a, b)
    return result


def div_half_up(numerator: M, denominator: M | int) -> M:
    """``numerator / denominator`` rounded half up to a whole öre (both non-negative).

    The one rounding rule of the engine (docs/adr/0012-rules-rounding.md): 0.5 öre rounds up.
    """
    result: M = (2 * numerator + denominator) // (2 * denominator)
    return result


def pro_rata(amount: M, days: M | int, days_in_month: M | int) -> M:
    """``amount × days / days_in_month`` rounded half up to öre (partial month, umgänge)."""
    return div_half_up(amount * days, days_in_month)


def percent_of(amount: M, percent: int) -> M:
    """``percent`` % of ``amount`` rounded half up to öre (jobbstimulans)."""
    return div_half_up(amount * percent, 100)


@overload
def capped(actual: int, cap: int) -> int: ...
@overload
def capped(actual: IntArray, cap: int | IntArray) -> IntArray: ...
def capped(actual: int | IntArray, cap: int | IntArray) -> int | IntArray:
    """A cost at its actual amount, but at most ``cap`` (skälig kostnad under a guideline)."""
    return _min(actual, cap)  # type: ignore[no-any-return]


@overload
def child_earnings_exempt(salary: int, limit: int, exempted_before: int) -> int: ...
@overload
def child_earnings_exempt(salary: IntArray, limit: int, exempted_before: IntArray) -> IntArray: ...
def child_earnings_exempt(
    salary: int | IntArray, limit: int, exempted_before: int | IntArray
) -> int | IntArray:
    """The part of a child's earnings this month that is not counted: what is left of the
    yearly limit (one prisbasbelopp), at most the earnings themselves."""
    left = _max(limit - exempted_before, 0)
    return _min(salary, left)  # type: ignore[no-any-return]


@overload
def payable(need: int, resources: int) -> int: ...
@overload
def payable(need: IntArray, resources: IntArray) -> IntArray: ...
def payable(need: int | IntArray, resources: int | IntArray) -> int | IntArray:
    """max(0, need − resources): försörjningsstöd is never negative."""
    return _max(need - resources, 0)  # type: ignore[no-any-return]


@overload
def jobbstimulans_active_by_months(months: int, qualifying: int, duration: int) -> bool: ...
@overload
def jobbstimulans_active_by_months(
    months: IntArray, qualifying: int, duration: int
) -> BoolArray: ...
def jobbstimulans_active_by_months(
    months: int | IntArray, qualifying: int, duration: int
) -> bool | BoolArray:
    """Jobbstimulans from the number of consecutive months with försörjningsstöd *before*
    this month: it starts after ``qualifying`` months, lasts ``duration`` months, and starts
    again after a new run of ``qualifying`` months (interpretation: a continuous run is
    counted in cycles of qualifying + duration months)."""
    cycle = qualifying + duration
    m: Any = months
    return (m >= qualifying) & ((m % cycle) >= qualifying)  # type: ignore[no-any-return]


@overload
def shared_cost(size: int, table: tuple[int, ...], extra_person: int) -> int: ...
@overload
def shared_cost(size: IntArray, table: tuple[int, ...], extra_person: int) -> IntArray: ...
def shared_cost(size: int | IntArray, table: tuple[int, ...], extra_person: int) -> int | IntArray:
    """Gemensamma hushållskostnader for ``size`` persons (0 → 0): the table for 1–7 persons,
    and for each person above seven the difference between six and seven persons."""
    top = len(table)
    if type(size) is int:
        if size <= 0:
            return 0
        if size <= top:
            return table[size - 1]
        return table[-1] + (size - top) * extra_person
    arr = np.asarray(size, dtype=np.int64)
    lookup = np.asarray((0, *table), dtype=np.int64)
    clipped = np.clip(arr, 0, top)
    result: IntArray = lookup[clipped] + np.maximum(arr - top, 0) * extra_person
    return result
