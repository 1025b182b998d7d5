"""ADR 0215: dates, times and months on a citizen's page come from the one Swedish formatter:
long Swedish forms on a Swedish page; in English and Arabic the Swedish short date (readable in
every language) and the month in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from bistand.core.format import citizen_day, citizen_moment, citizen_month

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_swedish_pages_write_dates_in_words():
    with translation.override("sv"):
        assert citizen_day(date(2026, 3, 6)) == "6 mars 2026"
        assert citizen_moment(datetime(2026, 3, 6, 14, 5, tzinfo=STOCKHOLM)) == (
            "6 mars 2026 kl. 14.05"
        )
        assert citizen_month(date(2026, 3, 1)) == "mars 2026"


def test_english_and_arabic_pages_write_the_short_date_and_their_own_month():
    for language in ("en", "ar"):
        with translation.override(language):
            assert citizen_day(date(2026, 3, 6)) == "2026-03-06"
            assert citizen_moment(datetime(2026, 3, 6, 14, 5, tzinfo=STOCKHOLM)) == (
                "2026-03-06 14:05"
            )
    with translation.override("en"):
        assert citizen_month(date(2026, 3, 1)) == "March 2026"
    with translation.override("ar"):
        assert "mars" not in citizen_month(date(2026, 3, 1))


def test_a_decision_just_after_midnight_has_the_local_date():
    late = datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00.30 on 6 March in Sweden
    with translation.override("sv"):
        assert citizen_day(late) == "6 mars 2026"
