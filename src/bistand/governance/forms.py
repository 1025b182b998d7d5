"""Forms for registering what the nämnd decided."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bistand.core.forms import AccessibleForm


class NamndDecisionForm(AccessibleForm):
    """The nämnd's meeting: its date and the paragraph in the minutes."""

    decided_on = forms.DateField(
        label=_("Datum för nämndens sammanträde"),
        help_text=_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-18."),
        error_messages={
            "required": _("Skriv datumet för sammanträdet."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-18."),
        },
    )
    reference = forms.CharField(
        label=_("Paragraf i protokollet"),
        help_text=_("Till exempel: Socialnämnden § 143."),
        max_length=200,
        error_messages={
            "required": _("Skriv paragrafen i nämndens protokoll."),
            "max_length": _("Skriv högst 200 tecken."),
        },
    )

    def clean_decided_on(self) -> object:
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte vara senare än i dag."))
        return value

    def clean_reference(self) -> str:
        value = str(self.cleaned_data["reference"]).strip()
        if "§" not in value:
            raise forms.ValidationError(
                _("Skriv paragrafen med §, till exempel: Socialnämnden § 143.")
            )
        return value


class MonthForm(AccessibleForm):
    month = forms.CharField(
        label=_("Månad"),
        help_text=_("ÅÅÅÅ-MM, till exempel 2026-11."),
        max_length=7,
        error_messages={
            "required": _("Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-11."),
            "max_length": _("Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-11."),
        },
    )

    def clean_month(self) -> date:
        value = str(self.cleaned_data["month"]).strip()
        try:
            parsed = datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
        except ValueError:
            raise forms.ValidationError(
                _("Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-11.")
            ) from None
        if parsed.year < 2000 or parsed > timezone.localdate():
            raise forms.ValidationError(_("Välj en månad som har börjat."))
        return parsed
