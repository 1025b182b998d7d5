"""The one Swedish formatter (bistand.core.format, ADR 0096): what a citizen, a case worker and
a letter show for an amount, a month and a date, whatever language the page is in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from bistand.core import format as sv

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("7100.00"), f"7{NBSP}100{NBSP}kr"),
        (Decimal("7100.50"), f"7{NBSP}100,50{NBSP}kr"),
        (Decimal("0"), f"0{NBSP}kr"),
        (Decimal("950.5"), f"950,50{NBSP}kr"),
        ("1234567.89", f"1{NBSP}234{NBSP}567,89{NBSP}kr"),
        (12, f"12{NBSP}kr"),
        (Decimal("-250.00"), f"-250{NBSP}kr"),
        (None, "–"),
    ],
)
def test_kronor(value, shown):
    assert sv.kronor(value) == shown


def test_columns_of_figures_can_always_show_ore():
    assert sv.amount(Decimal("7100"), decimals=2) == f"7{NBSP}100,00"


def test_months_and_dates():
    assert sv.month_label(date(2026, 3, 1)) == "mars 2026"
    assert sv.month_short(date(2026, 5, 1)) == "maj 26"
    assert sv.date_short(date(2026, 3, 6)) == "2026-03-06"
    assert sv.date_long(date(2026, 3, 6)) == "6 mars 2026"


def test_swedish_even_when_the_page_is_in_english():
    with translation.override("en"):
        assert sv.kronor(Decimal("7100.50")) == f"7{NBSP}100,50{NBSP}kr"
        assert sv.month_label(date(2026, 12, 1)) == "december 2026"


def test_template_filters():
    rendered = Template(
        "{% load sv_format %}{{ a|kronor }} / {{ a|amount }} / {{ m|month }}"
    ).render(Context({"a": Decimal("4123.50"), "m": date(2026, 1, 1)}))
    assert rendered == f"4{NBSP}123,50{NBSP}kr / 4{NBSP}123,50 / januari 2026"


def test_the_rules_engine_writes_amounts_the_same_way():
    from bistand.rules.money import format_kronor_sv

    for ore in (710000, 710050, 0, 95050):
        assert format_kronor_sv(ore) == sv.kronor(Decimal(ore) / 100)


def test_hours_show_at_most_one_decimal_with_a_comma():
    from decimal import Decimal

    from bistand.core.format import hours

    assert hours(Decimal("120.0")) == "120"
    assert hours(Decimal("80.5")) == "80,5"
    assert hours(None) == "–"


def test_a_citizen_reads_the_time_of_day_as_in_the_rest_of_the_page() -> None:
    """One time format on a Swedish page ("kl. 14.05", as dates with a time are written), the
    English form on English and Arabic pages (found walking the demo: "kl. 09:00" beside
    "kl. 03.43" on the same Min sida)."""
    from datetime import datetime as _dt
    from zoneinfo import ZoneInfo

    from bistand.core.format import citizen_clock, citizen_moment

    moment = _dt(2026, 3, 6, 14, 5, tzinfo=ZoneInfo("Europe/Stockholm"))
    with translation.override("sv"):
        assert citizen_clock(moment) == "14.05"
        assert citizen_moment(moment).endswith("kl. " + citizen_clock(moment))
    for language in ("en", "ar"):
        with translation.override(language):
            assert citizen_clock(moment) == "14:05"
            assert citizen_moment(moment).endswith(citizen_clock(moment))
