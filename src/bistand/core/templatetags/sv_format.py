"""Template filters for the one Swedish formatter (bistand.core.format):
``{{ amount|kronor }}`` → "7 100 kr", ``{{ amount|amount }}`` → "7 100", ``{{ month|month }}``
→ "mars 2026"."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from bistand.core import format as sv

register = template.Library()


@register.filter
def kronor(value: object) -> str:
    return sv.kronor(value)


@register.filter
def amount(value: object) -> str:
    return sv.amount(value)


@register.filter
def month(value: date) -> str:
    return sv.month_label(value)


@register.filter
def day(value: date | datetime | None) -> str:
    """``{{ when|day }}`` → "2026-03-06" (a date, or a time's local date)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return sv.date_short(value)


@register.filter
def day_long(value: date | datetime | None) -> str:
    """``{{ when|day_long }}`` → "6 mars 2026" (a date, or a time's local date)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return sv.date_long(value)


@register.filter
def moment(value: datetime | None) -> str:
    """``{{ when|moment }}`` → "6 mars 2026 kl. 14.05" (local time)."""
    return sv.date_time_long(value)


@register.filter
def citizen_day(value: date | datetime | None) -> str:
    """``{{ when|citizen_day }}`` → "6 mars 2026" on a Swedish page, "2026-03-06" in English or
    Arabic (docs/adr/0215)."""
    return sv.citizen_day(value)


@register.filter
def citizen_moment(value: datetime | None) -> str:
    """``{{ when|citizen_moment }}`` → "6 mars 2026 kl. 14.05", "2026-03-06 14:05" (ADR 0215)."""
    return sv.citizen_moment(value)


@register.filter
def citizen_month(value: date) -> str:
    """``{{ month|citizen_month }}`` → "mars 2026" on a Swedish page, "March 2026" in English
    (ADR 0215)."""
    return sv.citizen_month(value)


@register.filter
def citizen_kronor(value: object) -> str:
    """``{{ amount|citizen_kronor }}`` → "7 100 kr" on a Swedish page, "7,100 kr" in English,
    "7,100 كرونة" in Arabic (ADR 0245)."""
    return sv.citizen_kronor(value)


@register.filter
def citizen_amount(value: object) -> str:
    """``{{ amount|citizen_amount }}`` → "7 100" on a Swedish page, "7,100" in English or Arabic
    (ADR 0245)."""
    return sv.citizen_amount(value)
