"""Swedish working days and banking days (public holidays from the `holidays` library)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    # Sweden's calendar in `holidays` lists every Sunday as a holiday; weekends are handled below.
    return holidays.country_holidays("SE", years=year, include_sundays=False)


@cache
def _days_off(year: int) -> frozenset[date]:
    """Public holidays, plus the eves that are days off in practice (banks and the municipality
    are closed): midsommarafton (the Friday before midsommardagen), julafton and nyårsafton."""
    public = _swedish_holidays(year)
    midsummer = next(day for day, name in public.items() if "Midsummer Day" in name)
    eves = {midsummer - timedelta(days=1), date(year, 12, 24), date(year, 12, 31)}
    return frozenset(set(public) | eves)


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a public holiday, midsommarafton, julafton or nyårsafton."""
    if day.weekday() >= 5:
        return False
    return day not in _days_off(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def working_day_on_or_after(day: date) -> date:
    return day if is_working_day(day) else next_working_day(day)


def decision_due_day(received: date, working_days: int) -> date:
    """The day an application that came in on `received` is to be decided by: the end of the
    `working_days`:th working day after it (the municipality's SLA, `sla.decision_working_days`).
    The case worker's queue and the citizen's Min sida use this one calculation."""
    due = received
    for _day in range(working_days):
        due = next_working_day(due)
    return due
