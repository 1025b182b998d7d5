"""Template filters for the one Swedish formatter (bistand.core.format):
``{{ amount|kronor }}`` → "7 100 kr", ``{{ amount|amount }}`` → "7 100", ``{{ month|month }}``
→ "mars 2026"."""

from __future__ import annotations

from datetime import date

from django import template

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
