"""The what-if form: a month of this caseload and a change in per cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bistand.core.format import month_label
from bistand.core.forms import AccessibleForm

PERCENT_ERRORS = {
    "required": _(
        "Skriv en ändring i procent, till exempel 2 eller −1,5. Skriv 0 för ingen ändring."
    ),
    "invalid": _("Skriv ändringen som ett tal, till exempel 2 eller −1,5."),
    "max_value": _("Ändringen får vara högst 50 procent."),
    "min_value": _("Ändringen får vara högst 50 procent neråt (−50)."),
    "max_decimal_places": _("Skriv högst en decimal, till exempel 2,5."),
    "max_digits": _("Skriv ett kortare tal, till exempel 2,5."),
}


class PercentField(forms.DecimalField):
    """Accepts a comma or a minus sign as Swedes write them (2,5 and −1)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("−", "-").replace(" ", "")
        return super().to_python(value)


class WhatIfForm(AccessibleForm):
    month = forms.TypedChoiceField(
        label=_("Månad"),
        error_messages={
            "required": _("Välj en månad."),
            "invalid_choice": _("Välj en av månaderna i listan."),
        },
    )
    norm_percent = PercentField(
        label=_("Ändring av normen (procent)"),
        help_text=_(
            "Riksnormen efter hushållets justeringar. Till exempel 2 för 2 % högre, −1,5 för lägre."
        ),
        max_value=50,
        min_value=-50,
        max_digits=4,
        decimal_places=1,
        error_messages=PERCENT_ERRORS,
    )
    caps_percent = PercentField(
        label=_("Ändring av riktlinjernas tak (procent)"),
        help_text=_("Alla tak i kommunens riktlinjer för skäliga kostnader, till exempel hyra."),
        max_value=50,
        min_value=-50,
        max_digits=4,
        decimal_places=1,
        error_messages=PERCENT_ERRORS,
    )

    def __init__(self, *args: Any, months: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["month"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(f"{m:%Y-%m}", month_label(m)) for m in months]
        for name in ("norm_percent", "caps_percent"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})


FIRST_YEAR = 2000


class MonthField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        from datetime import date

        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-"))
            chosen = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                _("Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-01."), code="invalid"
            ) from None
        # Follow-up covers what has happened: from 2000 up to a year ahead at most (a month such
        # as 9999-12 would run the figures off the calendar).
        from django.utils import timezone

        this = timezone.localdate().replace(day=1)
        latest = date(this.year + 1, this.month, 1)
        if not date(FIRST_YEAR, 1, 1) <= chosen <= latest:
            raise forms.ValidationError(
                _("Välj en månad från %(first)s till %(last)s.")
                % {"first": f"{FIRST_YEAR}-01", "last": f"{latest:%Y-%m}"},
                code="out_of_range",
            )
        return chosen


class PeriodForm(AccessibleForm):
    start = MonthField(
        label=_("Från och med månad"), required=False, help_text=_("ÅÅÅÅ-MM, till exempel 2026-01")
    )
    end = MonthField(
        label=_("Till och med månad"), required=False, help_text=_("ÅÅÅÅ-MM, till exempel 2026-12")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("Slutmånaden kan inte vara före startmånaden."))
            elif (end.year - start.year) * 12 + end.month - start.month >= 36:
                self.add_error("end", _("Välj högst 36 månader."))
        return data
