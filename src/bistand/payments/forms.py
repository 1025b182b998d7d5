"""Staff forms for payments: a returned payment, an återkrav, a stickprov outcome."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PostCheckOutcome, RecoveryGround

REFERENCE_HELP = _("Står på utbetalningen, till exempel BIS-D123.")


class KronorField(forms.DecimalField):
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
            value = value.replace("−", "-").removesuffix("kr")
        return super().to_python(value)


MONEY_ERRORS = {
    "required": _("Skriv beloppet i kronor, till exempel 1250 eller 1250,50."),
    "invalid": _("Skriv beloppet som ett tal, till exempel 1250 eller 1250,50."),
    "max_decimal_places": _("Skriv högst två decimaler (ören)."),
    "max_digits": _("Beloppet är för stort."),
    "max_whole_digits": _("Beloppet är för stort."),
    "min_value": _("Beloppet måste vara större än 0 kr."),
}


class ReturnForm(forms.Form):
    reference = forms.CharField(
        label=_("Betalningsreferens"),
        max_length=35,
        help_text=REFERENCE_HELP,
        error_messages={"required": _("Skriv betalningsreferensen, till exempel BIS-D123.")},
    )
    returned_on = forms.DateField(
        label=_("Datum då pengarna kom tillbaka"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        error_messages={
            "required": _("Skriv datumet, till exempel 2026-12-01."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-01."),
        },
    )
    reason = forms.CharField(
        label=_("Orsak enligt banken"), max_length=300,
        help_text=_("Till exempel: kontot är avslutat."),
        error_messages={"required": _("Skriv varför banken skickade tillbaka pengarna.")},
    )  # fmt: skip


class ClaimForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Grund för återkravet"),
        choices=RecoveryGround.choices,
        initial=RecoveryGround.WRONGLY_PAID,
        required=False,  # felaktigt utbetalt (33 kap. 1 §) unless another ground is chosen
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Välj en av grunderna.")},
    )

    def clean_ground(self) -> str:
        return str(self.cleaned_data.get("ground") or RecoveryGround.WRONGLY_PAID)

    reference = forms.CharField(
        label=_("Betalningsreferens för beslutet"),
        max_length=35,
        help_text=REFERENCE_HELP,
        error_messages={"required": _("Skriv betalningsreferensen, till exempel BIS-D123.")},
    )
    amount = KronorField(
        label=_("Belopp att betala tillbaka (kr)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=MONEY_ERRORS,
    )
    reason = forms.CharField(
        label=_("Skäl till återkravet"), widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv skälet till återkravet.")},
    )  # fmt: skip


class PostCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Resultat av stickprovet"),
        choices=PostCheckOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj ett resultat.")},
    )
    amount_difference = KronorField(
        label=_("Skillnad i kronor (om beloppet skulle ha varit ett annat)"),
        required=False,
        help_text=_("Positivt om för mycket betalades ut, negativt om för lite."),
        max_digits=12,
        decimal_places=2,
        error_messages={**MONEY_ERRORS, "min_value": MONEY_ERRORS["invalid"]},
    )
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recovery_amount = KronorField(
        label=_("Återkrav (kr), om något ska betalas tillbaka"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=MONEY_ERRORS,
    )
    recovery_reason = forms.CharField(
        label=_("Skäl till återkravet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == PostCheckOutcome.AMOUNT_DIFFERENCE and not data.get("amount_difference"):
            self.add_error("amount_difference", _("Skriv skillnaden i kronor."))
        if data.get("recovery_amount") and outcome == PostCheckOutcome.CORRECT:
            self.add_error("recovery_amount", _("Ett stickprov utan fel ger inget återkrav."))
        if data.get("recovery_amount") and not (data.get("recovery_reason") or "").strip():
            self.add_error("recovery_reason", _("Skriv skälet till återkravet."))
        return data


class WaiverForm(forms.Form):
    """Eftergift (SoL 2025:400 33 kap. 6 §)."""

    amount = KronorField(
        label=_("Belopp som nämnden avstår från (kr)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=MONEY_ERRORS,
    )
    reason = forms.CharField(
        label=_("Skäl till eftergiften"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv skälet till eftergiften.")},
    )  # fmt: skip


class FraudAssessmentForm(forms.Form):
    """A person's assessment: report under bidragsbrottslagen or not."""

    report = forms.ChoiceField(
        label=_("Ska de felaktigt utbetalda pengarna anmälas enligt bidragsbrottslagen?"),
        choices=[("yes", _("Ja, anmäl")), ("no", _("Nej, anmäl inte"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om det ska anmälas.")},
    )
    fraud_reason = forms.CharField(
        label=_("Skäl till bedömningen"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv skälet till bedömningen.")},
    )  # fmt: skip


class PrepareRunForm(forms.Form):
    execution_date = forms.DateField(
        label=_("Betalningsdag"),
        help_text=_(
            "Skriv datumet så här: 2026-12-23. Alla klara utbetalningar till och med "
            "den dagen tas med."
        ),
        error_messages={
            "required": _("Skriv betalningsdagen, till exempel 2026-12-23."),
            "invalid": _("Skriv betalningsdagen så här: 2026-12-23."),
        },
    )


class OrderReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=300,
        help_text=_("Skälet sparas och syns för andra handläggare."),
        error_messages={
            "required": _("Skriv skälet."),
            "max_length": _("Skriv högst 300 tecken."),
        },
    )


class StatusReportForm(forms.Form):
    report = forms.FileField(
        label=_("Bankens statusrapport (pain.002, XML)"),
        error_messages={
            "required": _("Välj filen med bankens statusrapport."),
            "empty": _("Filen är tom."),
        },
    )
