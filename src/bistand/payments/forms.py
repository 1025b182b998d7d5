"""Staff forms for payments: a returned payment, an återkrav, a stickprov outcome."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bistand.core.forms import AccessibleForm

from .bankaccount import InvalidBankAccountError, parse_giro, parse_ocr
from .documents import DocumentError, sniff
from .models import NOTE_MAX_LENGTH, PostCheckOutcome, RecoveryGround

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


class ReturnForm(AccessibleForm):
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


class ClaimForm(AccessibleForm):
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


class PostCheckForm(AccessibleForm):
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
        label=_("Anteckning"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Högst %(n)s tecken.") % {"n": "2 000"},
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Anteckningen får vara högst %(limit_value)s tecken. Du har skrivit "
                "%(show_value)s. Korta den, eller skriv det viktigaste här och resten i journalen."
            )
        },
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength in the page: the browser would cut the text silently; the form says
        # how many characters were typed instead, and keeps them.
        self.fields["note"].widget.attrs.pop("maxlength", None)

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


class WaiverForm(AccessibleForm):
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


class FraudAssessmentForm(AccessibleForm):
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


class PrepareRunForm(AccessibleForm):
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


class OrderReasonForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=300,
        help_text=_("Skälet sparas och syns för andra handläggare."),
        error_messages={
            "required": _("Skriv skälet."),
            "max_length": _("Skriv högst 300 tecken."),
        },
    )


class StatusReportForm(AccessibleForm):
    report = forms.FileField(
        label=_("Bankens fil (statusrapport pain.002 eller avisering camt.054, XML)"),
        error_messages={
            "required": _("Välj filen som banken skickade."),
            "empty": _("Filen är tom."),
        },
    )


class RentToLandlordForm(AccessibleForm):
    """On the decision form: pay (part of) the amount as rent straight to the landlord, as its
    own payment line (docs/adr/0175). Field names carry the prefix "hyra"."""

    pay_landlord = forms.BooleanField(
        label=_("Betala hyran direkt till hyresvärden"), required=False
    )
    amount = KronorField(
        label=_("Belopp till hyresvärden (kr)"),
        required=False,
        help_text=_("Oftast hela månadshyran. Resten betalas till den sökandes konto."),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages=MONEY_ERRORS,
        # Text, not type=number: "6 200" and "6200,50" are how people write kronor.
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    landlord = forms.CharField(
        label=_("Hyresvärdens namn"), required=False, max_length=140,
        error_messages={"max_length": _("Skriv högst 140 tecken.")},
    )  # fmt: skip
    scheme = forms.ChoiceField(
        label=_("Hyresvärdens konto"),
        choices=[("bankgiro", _("Bankgiro")), ("plusgiro", _("Plusgiro"))],
        initial="bankgiro",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Välj bankgiro eller plusgiro.")},
    )
    account = forms.CharField(
        label=_("Bankgiro- eller plusgironummer"), required=False, max_length=20,
        help_text=_("Står på hyresavin, till exempel 5050-1055."),
        error_messages={"max_length": _("Skriv högst 20 tecken.")},
    )  # fmt: skip
    ocr = forms.CharField(
        label=_("OCR-nummer"), required=False, max_length=30,
        help_text=_("Står på hyresavin. Lämna tomt om avin inte har något OCR-nummer."),
        error_messages={"max_length": _("Skriv högst 30 tecken.")},
    )  # fmt: skip
    message = forms.CharField(
        label=_("Meddelande till hyresvärden"), required=False, max_length=140,
        help_text=_("Behövs när det inte finns något OCR-nummer, till exempel lägenhetsnumret."),
        error_messages={"max_length": _("Skriv högst 140 tecken.")},
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("pay_landlord"):
            return data
        if not data.get("amount") and "amount" not in self.errors:
            self.add_error("amount", _("Skriv hur mycket som ska betalas till hyresvärden."))
        if not (data.get("landlord") or "").strip():
            self.add_error("landlord", _("Skriv hyresvärdens namn."))
        scheme = data.get("scheme") or "bankgiro"
        data["scheme"] = scheme
        if not (data.get("account") or "").strip():
            self.add_error("account", _("Skriv hyresvärdens bankgiro- eller plusgironummer."))
        else:
            try:
                data["account"] = parse_giro(scheme, data["account"])
            except InvalidBankAccountError as exc:
                self.add_error("account", str(exc))
        try:
            data["ocr"] = parse_ocr(data.get("ocr"))
        except InvalidBankAccountError as exc:
            self.add_error("ocr", str(exc))
        if (
            not data.get("ocr")
            and not (data.get("message") or "").strip()
            and "ocr" not in self.errors
        ):
            self.add_error("message", _("Skriv OCR-numret eller ett meddelande till hyresvärden."))
        return data

    def rent_to_landlord(self) -> dict[str, str] | None:
        """What the decision records (None: everything to the citizen). Call after is_valid()."""
        data = self.cleaned_data
        if not data.get("pay_landlord"):
            return None
        return {
            "amount": f"{Decimal(data['amount']):.2f}",
            "landlord": " ".join(data["landlord"].split()),
            "scheme": data["scheme"],
            "account": data["account"],
            "ocr": data.get("ocr") or "",
            "message": " ".join((data.get("message") or "").split()),
        }


class PostCheckUploadForm(AccessibleForm):
    """The citizen's document for a stickprov (Min sida). The type is read from the content and
    the size checked here, so that the message stands at the field; the service checks again."""

    document = forms.FileField(
        label=_("Välj en fil"),
        help_text=_("PDF, JPEG eller PNG. Ett foto av ett kvitto går bra."),
        error_messages={
            "required": _("Välj filen du vill skicka."),
            "empty": _("Filen är tom."),
            "invalid": _("Välj filen du vill skicka."),
        },
    )

    def __init__(self, *args: Any, max_mb: int = 10, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb
        self.fields["document"].help_text = _(
            "PDF, JPEG eller PNG, högst %(mb)s MB. Ett foto av ett kvitto går bra."
        ) % {"mb": max_mb}

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("Filen är för stor. Den får vara högst %(mb)s MB.") % {"mb": self.max_mb}
            )
        head = upload.read(16)
        upload.seek(0)
        try:
            sniff(head)
        except DocumentError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload
