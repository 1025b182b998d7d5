"""Working days: deadlines ("next working day") and payment dates depend on them."""

from datetime import date

import pytest

from bistand.core.workdays import is_working_day, next_working_day, working_day_on_or_after


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), True),  # an ordinary Monday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 1, 6), False),  # trettondedag jul
        (date(2026, 4, 3), False),  # långfredagen
        (date(2026, 4, 6), False),  # annandag påsk
        (date(2026, 6, 19), False),  # midsommarafton
        (date(2026, 12, 24), False),  # julafton
        (date(2026, 12, 31), False),  # nyårsafton
        (date(2026, 12, 30), True),
    ],
)
def test_swedish_working_days(day, expected):
    assert is_working_day(day) is expected


def test_next_working_day_skips_christmas_and_weekends():
    assert next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 12, 30)) == date(2027, 1, 4)
    assert next_working_day(date(2026, 11, 27)) == date(2026, 11, 30)


def test_working_day_on_or_after_keeps_a_working_day():
    assert working_day_on_or_after(date(2026, 11, 23)) == date(2026, 11, 23)
    assert working_day_on_or_after(date(2026, 6, 19)) == date(2026, 6, 22)
