"""Forms of the staff pages: Swedish messages at the field, nothing entered is lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bistand.applications.forms import AmountField, TextField
from bistand.core import personnummer as pnr
from bistand.core.format import kronor
from bistand.core.forms import AccessibleForm

from .services import Assessment, NeedAssessment

MAX_TEXT = 4000


class CaseworkForm(AccessibleForm):
    """A case worker's form: error summary links and aria-describedby (core.forms)."""


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text or _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-31."),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"autocomplete": "off", "class": "input-date"}),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-31.")},
    )


def _text_area(label: Any, *, required: bool = False, help_text: Any = "") -> TextField:
    return TextField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(CaseworkForm):
    """Decide per post: norm, rent, each livsföring-i-övrigt need, and the motivering."""

    norm_direction = forms.ChoiceField(
        label=_("Riksnormen"),
        choices=[
            ("none", _("Som riksnormen")),
            ("up", _("Höj normen")),
            ("down", _("Sänk normen")),
        ],
        initial="none",
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om normen ska gälla, höjas eller sänkas.")},
    )
    norm_amount = AmountField(
        label=_("Höj eller sänk med belopp per månad"), help_text=_("I kronor, till exempel 500.")
    )
    norm_reason = _text_area(_("Skäl till att normen höjs eller sänks"))
    rent_choice = forms.ChoiceField(
        label=_("Hyran"),
        choices=[
            ("guideline", _("Enligt kommunens riktlinje (högst riktlinjens belopp)")),
            ("cap", _("Räkna med ett lägre belopp")),
            ("radrum", _("Ge rådrum: hela hyran till ett visst datum")),
        ],
        initial="guideline",
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj hur hyran ska räknas.")},
    )
    rent_cap = AmountField(label=_("Hyra att räkna med per månad"))
    rent_reason = _text_area(_("Skäl till att hyran räknas lägre"))
    radrum_until = _date_field(_("Rådrum till och med"))
    motivering = _text_area(
        _("Motivering till beslutet"),
        required=True,
        help_text=_("Skriv i klarspråk varför du beslutar så här. Den står i beslutsbrevet."),
    )
    repayment_condition = forms.ChoiceField(
        label=_("Villkor om återbetalning"),
        choices=[
            ("", _("Inget villkor")),
            ("forskott", _("Förskott på en förmån eller ersättning")),
            ("egna_medel", _("Egna tillgångar som inte kan användas just nu")),
            ("arbetskonflikt", _("Arbetskonflikt")),
        ],
        initial="",
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Bara med ett villkor i beslutet kan biståndet senare krävas tillbaka på den grunden "
            "(33 kap. 2 § socialtjänstlagen). Villkoret står i beslutsbrevet."
        ),
    )
    repayment_detail = forms.CharField(
        label=_("Vilken förmån eller vilka tillgångar"),
        help_text=_("Till exempel: sjukpenning från Försäkringskassan för november."),
        required=False,
        max_length=200,
    )
    unseen_material = forms.BooleanField(
        label=_(
            "Beslutet grundar sig på uppgifter som den sökande inte har sett, till exempel "
            "uppgifter från andra myndigheter"
        ),
        help_text=_(
            "Om beslutet helt eller delvis går den sökande emot ska hen först få uppgifterna "
            "och svara (kommunicering, 25 § förvaltningslagen)."
        ),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        needs: list[dict[str, str]],
        declared_rent: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.needs = needs
        self.declared_rent = declared_rent
        self.fields["motivering"].error_messages["required"] = _("Skriv en motivering.")
        for need in needs:
            key = f"need_{need['id']}"
            self.fields[f"{key}_decision"] = forms.ChoiceField(
                label=_("%(need)s (sökt %(amount)s)")
                % {"need": need["label"], "amount": need["amount_display"]},
                choices=[("granted", _("Beviljas")), ("denied", _("Avslås"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Välj om behovet beviljas eller avslås.")},
            )
            self.fields[f"{key}_amount"] = AmountField(
                label=_("%(need)s: beviljat belopp") % {"need": need["label"]}
            )
            self.fields[f"{key}_reason"] = _text_area(_("%(need)s: skäl") % {"need": need["label"]})

    def need_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (
                need["label"],
                [
                    self[f"need_{need['id']}_decision"],
                    self[f"need_{need['id']}_amount"],
                    self[f"need_{need['id']}_reason"],
                ],
            )
            for need in self.needs
        ]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        direction = data.get("norm_direction")
        if direction in ("up", "down"):
            if not data.get("norm_amount"):
                self.add_error("norm_amount", _("Skriv hur mycket normen ska höjas eller sänkas."))
            if not data.get("norm_reason"):
                self.add_error("norm_reason", _("Skriv varför normen höjs eller sänks."))
        rent = data.get("rent_choice")
        if rent == "cap":
            cap = data.get("rent_cap")
            if cap in (None, Decimal("0.00")):
                if "rent_cap" not in self.errors:
                    self.add_error("rent_cap", _("Skriv vilken hyra som ska räknas."))
            elif self.declared_rent is not None and cap >= self.declared_rent:
                self.add_error(
                    "rent_cap",
                    _("Hyran att räkna med ska vara lägre än hyran i ansökan (%(rent)s).")
                    % {"rent": kronor(self.declared_rent)},
                )
            if not data.get("rent_reason"):
                self.add_error("rent_reason", _("Skriv varför hyran räknas lägre."))
        if rent == "radrum":
            until = data.get("radrum_until")
            if until is None and "radrum_until" not in self.errors:
                self.add_error(
                    "radrum_until", _("Skriv till och med vilket datum rådrummet gäller.")
                )
            elif until is not None and until < timezone.localdate():
                self.add_error("radrum_until", _("Datumet för rådrum kan inte ha passerat."))
        if (
            data.get("repayment_condition") in ("forskott", "egna_medel")
            and not (data.get("repayment_detail") or "").strip()
        ):
            self.add_error(
                "repayment_detail", _("Skriv vilken förmån eller vilka tillgångar det gäller.")
            )
        for need in self.needs:
            key = f"need_{need['id']}"
            if not data.get(f"{key}_reason") and f"{key}_reason" not in self.errors:
                self.add_error(f"{key}_reason", _("Skriv skälet till din bedömning."))
            amount = data.get(f"{key}_amount")
            if data.get(f"{key}_decision") == "granted":
                if not amount:
                    self.add_error(f"{key}_amount", _("Skriv hur mycket som beviljas."))
                elif amount > Decimal(need["amount"]):
                    self.add_error(
                        f"{key}_amount", _("Du kan inte bevilja mer än det sökta beloppet.")
                    )
        return data

    def assessment(self) -> Assessment:
        d = self.cleaned_data
        sign = {"up": 1, "down": -1}.get(d["norm_direction"], 0)
        return Assessment(
            norm_adjustment=sign * (d.get("norm_amount") or Decimal("0")),
            norm_reason=d.get("norm_reason", "") if sign else "",
            rent_choice=d["rent_choice"],
            rent_cap=d.get("rent_cap") if d["rent_choice"] == "cap" else None,
            rent_reason=d.get("rent_reason", ""),
            radrum_until=d.get("radrum_until") if d["rent_choice"] == "radrum" else None,
            needs=tuple(
                NeedAssessment(
                    need=need["id"],
                    granted=d[f"need_{need['id']}_decision"] == "granted",
                    amount=d.get(f"need_{need['id']}_amount") or Decimal("0"),
                    reason=d[f"need_{need['id']}_reason"],
                )
                for need in self.needs
            ),
            motivering=d["motivering"],
            unseen_material=bool(d.get("unseen_material")),
            repayment_condition=d.get("repayment_condition") or "",
            repayment_detail=(d.get("repayment_detail") or "").strip(),
        )


BREAK_GLASS_MAX = 280  # the access log's reason holds 300 characters with "Nödåtkomst: "


class BreakGlassForm(CaseworkForm):
    """Why someone without the need-to-know opens a case anyway (to the access log)."""

    reason = _text_area(
        _("Varför behöver du öppna ärendet?"),
        required=True,
        help_text=_("Skälet sparas i åtkomstloggen tillsammans med ditt namn och tiden."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Skriv varför du behöver öppna ärendet."
        )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if len(reason) < 10:
            raise forms.ValidationError(_("Skriv skälet med minst 10 tecken."))
        if len(reason) > BREAK_GLASS_MAX:
            raise forms.ValidationError(
                _("Skriv skälet med högst %(max)s tecken.") % {"max": BREAK_GLASS_MAX}
            )
        return reason


class JournalForm(CaseworkForm):
    text = _text_area(_("Anteckning"), required=True)
    amends = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Skriv en anteckning.")


class CompletionForm(CaseworkForm):
    text = _text_area(
        _("Vad behöver den sökande skicka in?"),
        required=True,
        help_text=_("Skriv i klarspråk. Texten visas på den sökandes Min sida."),
    )
    due_date = _date_field(_("Senast"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Skriv vad som behövs.")

    def clean_due_date(self) -> date:
        due: date | None = self.cleaned_data.get("due_date")
        if due is None:
            raise forms.ValidationError(_("Skriv sista dagen för kompletteringen."))
        if due <= timezone.localdate():
            raise forms.ValidationError(_("Sista dagen måste vara efter i dag."))
        return due


class PaperStartForm(CaseworkForm):
    personnummer = TextField(
        label=_("Den sökandes personnummer"),
        help_text=_("12 siffror: ÅÅÅÅMMDD-NNNN."),
        max_length=20,
        required=True,
    )
    received_on = _date_field(
        _("Dag då pappersansökan kom in till kommunen"),
        help_text=_(
            "Datumstämpeln på pappret, som ÅÅÅÅ-MM-DD. Tiden för beslut räknas från den dagen."
        ),
    )
    month = forms.ChoiceField(
        label=_("Månad som ansökan gäller"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilken månad ansökan gäller.")},
    )

    def __init__(self, *args: Any, months: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        received = self.fields["received_on"]
        received.required = True
        received.error_messages["required"] = _(
            "Skriv dagen då pappersansökan kom in, som ÅÅÅÅ-MM-DD."
        )
        month_field = self.fields["month"]
        assert isinstance(month_field, forms.ChoiceField)
        month_field.choices = months
        self.fields["personnummer"].error_messages["required"] = _(
            "Skriv den sökandes personnummer."
        )

    def clean_personnummer(self) -> str:
        number = self.cleaned_data.get("personnummer") or ""
        try:
            normalised = pnr.parse(number)
        except pnr.PersonnummerError as exc:
            raise forms.ValidationError(str(exc)) from None
        synthetic = pnr.is_synthetic(normalised)
        if getattr(settings, "PRODUCTION", False) and synthetic:
            raise forms.ValidationError(_("Personnumret finns inte."))
        if not getattr(settings, "PRODUCTION", False) and not synthetic:
            raise forms.ValidationError(
                _("I testmiljön går det bara att använda påhittade personnummer (månad 21–32).")
            )
        return normalised

    def clean_received_on(self) -> date:
        received: date = self.cleaned_data["received_on"]
        today = timezone.localdate()
        if received > today:
            raise forms.ValidationError(
                _("Dagen då ansökan kom in kan inte vara senare än i dag (%(today)s).")
                % {"today": f"{today:%Y-%m-%d}"}
            )
        if received < today.replace(year=today.year - 1):
            raise forms.ValidationError(
                _("Dagen då ansökan kom in kan inte vara mer än ett år sedan. Kontrollera året.")
            )
        return received


class KommuniceringForm(CaseworkForm):
    material = _text_area(
        _("Uppgifter som den sökande ska få yttra sig över"),
        required=True,
        help_text=_(
            "Skriv uppgifterna som beslutet grundar sig på och som den sökande inte har sett, "
            "till exempel vad Försäkringskassan har uppgett om inkomster."
        ),
    )
    reply_by = forms.DateField(
        label=_("Sista dag för svar"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y%m%d"],
        error_messages={
            "required": _("Skriv sista dag för svar som ÅÅÅÅ-MM-DD."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-12-15."),
        },
    )


class KommuniceringReplyForm(CaseworkForm):
    text = _text_area(_("Ditt svar"), required=True)
