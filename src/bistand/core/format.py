"""The one Swedish formatter for amounts, dates and months, on Django's ``sv`` locale.

Everything a person reads — pages, letters, notices, Min sida, follow-up tables — formats money,
dates and months here (docs/adr/0096). Letters and staff pages are Swedish whatever the language;
a citizen's page uses the ``citizen_*`` functions at the end, which follow the page's language
(docs/adr/0215 for dates, 0245 for months and amounts):

- amounts: ``7 100 kr``, ``7 100,50 kr``, ``-250 kr``: the sv locale's grouping (a non-breaking
  space, so an amount never breaks over two lines) and decimal comma; öre only when there are
  any (klarspråk: "7 100 kr", not "7 100,00 kr"); a non-breaking space before "kr";
- months: ``mars 2026`` (the locale's ``YEAR_MONTH_FORMAT``), short ``mar 26`` for chart axes;
- dates: ``2026-03-06`` (``SHORT_DATE_FORMAT``, the form used in letters and tables) and
  ``6 mars 2026`` (``DATE_FORMAT``, in running text).

The rules engine (plain Python, no Django) writes its own sentences with
:func:`bistand.rules.money.format_kronor_sv`, in the same form; they are part of each stored
calculation and of the rules version. Machine formats (pain.001 ``1234.50``, JSON ``"1234.50"``)
are not display and stay where they are.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils import formats, timezone, translation

__all__ = [
    "LOCALE",
    "NO_VALUE",
    "amount",
    "citizen_amount",
    "citizen_day",
    "citizen_kronor",
    "citizen_moment",
    "citizen_month",
    "date_long",
    "date_short",
    "kronor",
    "month_in_reader_language",
    "month_label",
    "month_short",
]

LOCALE = "sv"
NO_VALUE = "–"
_CENT = Decimal("0.01")


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value)).quantize(_CENT)
    except (InvalidOperation, ValueError):
        return None


def amount(value: object, *, decimals: int | None = None) -> str:
    """A number of kronor without the unit: ``7 100``, ``7 100,50``; ``decimals=2`` always shows
    öre (``7 100,00``, for columns of figures). ``–`` for no value."""
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    places = decimals if decimals is not None else (0 if number == number.to_integral() else 2)
    with translation.override(LOCALE):
        return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def hours(value: object) -> str:
    """A number of hours: ``120``, ``80,5`` (at most one decimal); ``–`` for no value."""
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    places = 0 if number == number.to_integral() else 1
    with translation.override(LOCALE):
        return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def kronor(value: object) -> str:
    """An amount of money for a person to read: ``7 100 kr``, ``7 100,50 kr``."""
    text = amount(value)
    return text if text == NO_VALUE else f"{text}\u00a0kr"


# Dates and months are written the same way every time: each one is formatted once per process
# (Min sida writes about a hundred dates a request; issue 16 item 5). The formats are the `sv`
# locale's (and, for a reader's month, the language's), fixed for the process's life; a bounded
# cache of a few thousand short strings.
_FORMATTED = 4096


@lru_cache(maxsize=_FORMATTED)
def _sv_day(value: date, format_name: str) -> str:
    with translation.override(LOCALE):
        return formats.date_format(value, format_name)


@lru_cache(maxsize=_FORMATTED)
def _day_in(value: date, format_name: str, language: str | None) -> str:
    return formats.date_format(value, format_name)


def _sv_format(value: date, format_name: str) -> str:
    # Only plain dates are remembered: two aware datetimes of the same instant are equal keys
    # but may fall on different days in their own time zones.
    if type(value) is date:
        return _sv_day(value, format_name)
    with translation.override(LOCALE):
        return formats.date_format(value, format_name)


def _format_in(value: date, format_name: str, language: str | None) -> str:
    if type(value) is date:
        return _day_in(value, format_name, language)
    return formats.date_format(value, format_name)


def month_label(month: date) -> str:
    """``mars 2026``."""
    return _sv_format(month, "YEAR_MONTH_FORMAT")


def month_short(month: date) -> str:
    """``mar 26`` (chart axes)."""
    return _sv_format(month, "b y")


def date_short(day: date | None) -> str:
    """``2026-03-06``."""
    if day is None:
        return NO_VALUE
    return _sv_format(day, "SHORT_DATE_FORMAT")


def date_time_long(moment: datetime | None) -> str:
    """``6 mars 2026 kl. 14.05``, in the local time zone."""
    if moment is None:
        return NO_VALUE
    local = timezone.localtime(moment)
    return f"{date_long(local.date())} kl. {local:%H.%M}"


def date_long(day: date | None) -> str:
    """``6 mars 2026``."""
    if day is None:
        return NO_VALUE
    return _sv_format(day, "DATE_FORMAT")


def month_in_reader_language(month: date) -> str:
    """``March 2026``, ``مارس 2026``: the month in the language the page is shown in.

    Only for a translated summary that stands beside a Swedish text (the decision summary on Min
    sida in English or Arabic, docs/adr/0195); everything else uses :func:`month_label`.
    """
    return _format_in(month, "YEAR_MONTH_FORMAT", translation.get_language())


def _reader_reads_swedish() -> bool:
    language = translation.get_language() or LOCALE
    return language.split("-")[0] == LOCALE


def citizen_day(day: date | datetime | None) -> str:
    """A date in running text on a citizen's page (docs/adr/0215): ``6 mars 2026`` when the page
    is in Swedish; in English or Arabic the Swedish short form ``2026-03-06``, which reads the
    same in every language (a Swedish month name in an Arabic sentence does not)."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return date_long(day) if _reader_reads_swedish() else date_short(day)


def citizen_clock(moment: datetime) -> str:
    """The time of day on a citizen's page, as :func:`citizen_moment` writes it: ``14.05`` in
    Swedish, ``14:05`` in English or Arabic (local time; docs/adr/0215)."""
    local = timezone.localtime(moment)
    return f"{local:%H.%M}" if _reader_reads_swedish() else f"{local:%H:%M}"


def citizen_moment(moment: datetime | None) -> str:
    """A time on a citizen's page: ``6 mars 2026 kl. 14.05`` in Swedish, ``2026-03-06 14:05``
    in English or Arabic (local time; docs/adr/0215)."""
    if moment is None:
        return NO_VALUE
    if _reader_reads_swedish():
        return date_time_long(moment)
    return f"{date_short(timezone.localtime(moment).date())} {citizen_clock(moment)}"


# English and Arabic pages write numbers the way English does: "7,100", "7,100.50" (western
# digits, as the Arabic pages already write dates and reference numbers; Django's own ar locale
# would write "7.100,50", which reads as seven kronor to many readers). ADR 0245.
_READER_NUMBERS = "en"


def citizen_amount(value: object, *, decimals: int | None = None) -> str:
    """A number of kronor on a citizen's page, without the unit: ``7 100`` / ``7 100,50`` in
    Swedish, ``7,100`` / ``7,100.50`` in English and Arabic (docs/adr/0245)."""
    if _reader_reads_swedish():
        return amount(value, decimals=decimals)
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    places = decimals if decimals is not None else (0 if number == number.to_integral() else 2)
    with translation.override(_READER_NUMBERS):
        return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def citizen_kronor(value: object) -> str:
    """An amount of money on a citizen's page: ``7 100 kr`` in Swedish, ``7,100 kr`` in
    English, ``7,100 كرونة`` in Arabic (the unit from the catalogue; no line break inside).
    Letters, which are Swedish, keep :func:`kronor` (docs/adr/0245)."""
    if _reader_reads_swedish():
        return kronor(value)
    text = citizen_amount(value)
    if text == NO_VALUE:
        return text
    return (translation.gettext("%(amount)s kr") % {"amount": text}).replace(" ", "\u00a0")


def citizen_month(month: date) -> str:
    """A month on a citizen's page: ``mars 2026`` in Swedish, ``March 2026`` / ``مارس 2026`` in
    English or Arabic (a Swedish month name in an Arabic sentence is not readable; ADR 0215)."""
    return month_label(month) if _reader_reads_swedish() else month_in_reader_language(month)
