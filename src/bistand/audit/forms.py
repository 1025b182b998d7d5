"""The granskare's search form: a person (personnummer) or a case number, and a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bistand.core import personnummer as pnr
from bistand.core.forms import AccessibleForm

MAX_PERIOD_DAYS = 3 * 366


class AccessLogSearchForm(AccessibleForm):
    subject = forms.CharField(
        label=_("Personnummer"),
        help_text=_("12 siffror: ÅÅÅÅMMDD-NNNN."),
        required=False,
        max_length=20,
    )
    case_number = forms.CharField(
        label=_("Ärendenummer"),
        help_text=_("Till exempel EB-2026-000123."),
        required=False,
        max_length=20,
    )
    period_start = forms.DateField(
        label=_("Från och med"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        required=True,
        error_messages={
            "required": _("Skriv från vilket datum du vill söka."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-01."),
        },
    )
    period_end = forms.DateField(
        label=_("Till och med"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        required=True,
        error_messages={
            "required": _("Skriv till vilket datum du vill söka."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-30."),
        },
    )

    def clean_subject(self) -> str:
        value = self.cleaned_data["subject"].strip()
        if not value:
            return ""
        try:
            return pnr.normalise(value)
        except pnr.PersonnummerError:
            raise forms.ValidationError(
                _("Personnumret ser inte rätt ut. Skriv 12 siffror: ÅÅÅÅMMDD-NNNN.")
            ) from None

    def clean_case_number(self) -> str:
        return str(self.cleaned_data["case_number"]).strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("subject") and not data.get("case_number"):
            self.add_error("subject", _("Skriv ett personnummer eller ett ärendenummer."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("Slutdatumet kan inte vara före startdatumet."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("period_end", _("Sök högst tre år åt gången."))
        return data
