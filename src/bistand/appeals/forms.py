"""Forms for the citizen's appeal and the nämnd's handling of it. Swedish messages at the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bistand.applications.forms import AmountField
from bistand.core.forms import AccessibleForm
from bistand.core.text import LongTextField
from bistand.decisions.services import UTOVER, Post

from .models import (
    DECISION_TEXT_MAX,
    REASONS_MAX,
    REVIEW_REASON_MAX,
    WANTED_CHANGE_MAX,
    ChangeInitiative,
    ChangeKind,
    CourtOutcome,
    DisadvantageGround,
    LateException,
    ReviewOutcome,
)


class AppealForm(AccessibleForm):
    wanted_change = LongTextField(
        label=_("Hur vill du att beslutet ska ändras?"),
        help_text=_("Till exempel: att jag får bistånd till tandvård med 3 400 kronor."),
        max_length=WANTED_CHANGE_MAX,
        rows=4,
        error_messages={"required": _("Skriv hur du vill att beslutet ska ändras.")},
    )
    reasons = LongTextField(
        label=_("Varför tycker du att beslutet är fel?"),
        help_text=_("Skriv med egna ord. Du behöver inte hänvisa till lagar."),
        max_length=REASONS_MAX,
        rows=8,
        error_messages={"required": _("Skriv varför du tycker att beslutet är fel.")},
    )

    def __init__(self, *args: Any, decision: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decision is not None and decision.utover_posts:
            # Part of the decision is bistånd utöver: only the rest is appealed here (ADR 0310).
            self.fields["wanted_change"].help_text = _(
                "Du kan bara överklaga beslutet om %(parts)s här. Skriv hur du vill att den "
                "delen ska ändras."
            ) % {"parts": decision.appealable_labels}


class VersionForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TimelinessForm(VersionForm):
    in_time = forms.ChoiceField(
        label=_("Kom överklagandet in i tid?"),
        choices=[
            ("yes", _("Ja, det kom in i tid")),
            *LateException.choices,
            ("no", _("Nej, det kom in för sent och avvisas")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om överklagandet kom in i tid.")},
    )
    rejection_text = LongTextField(
        label=_("Beslut om avvisning (om det kom in för sent)"),
        help_text=_("Skriv beslutet och skälen, till exempel vilken dag beslutet delgavs."),
        max_length=DECISION_TEXT_MAX,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("in_time") == "no" and not data.get("rejection_text"):
            self.add_error(
                "rejection_text",
                _("Skriv beslutet om avvisning när överklagandet kom in för sent."),
            )
        return data


class ChangeForm(VersionForm):
    """Omprövning: the new amount granted for each post of the appealed decision.

    After an appeal the nämnd may change its decision only as 38 § FL allows (39 §): without
    disadvantage to the party. So an amount can be raised, also above the amount the appealed
    decision recorded as applied for (the automated function records the calculated amount as
    applied), but never lowered."""

    motivering = LongTextField(
        label=_("Motivering till det ändrade beslutet"),
        help_text=_("Vilka omständigheter som avgjorde och vilka regler du har tillämpat."),
        max_length=DECISION_TEXT_MAX,
        error_messages={"required": _("Skriv motiveringen till det ändrade beslutet.")},
    )

    def __init__(self, *args: Any, posts: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posts = posts
        for index, post in enumerate(posts):
            self.fields[f"granted_{index}"] = AmountField(
                label=_("%(post)s: beviljat belopp i kronor") % {"post": post["label"]},
                help_text=_(
                    "Sökt: %(applied)s kr. Tidigare beviljat: %(granted)s kr. Beloppet kan "
                    "höjas men inte sänkas (38–39 §§ förvaltningslagen)."
                )
                % {"applied": post["applied"], "granted": post["granted"]},
                required=True,
                error_messages={"required": _("Skriv beviljat belopp, 0 om inget beviljas.")},
            )
            self.fields[f"reason_{index}"] = LongTextField(
                label=_("%(post)s: skäl") % {"post": post["label"]},
                max_length=1000,
                rows=2,
                error_messages={"required": _("Skriv skälet för beloppet.")},
            )
            if not self.is_bound:
                self.initial[f"granted_{index}"] = post["granted"].replace(".", ",")
                self.initial[f"reason_{index}"] = post.get("reason", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index, post in enumerate(self.posts):
            granted = data.get(f"granted_{index}")
            if isinstance(granted, Decimal) and granted < Decimal(post["granted"]):
                self.add_error(
                    f"granted_{index}",
                    _(
                        "Vid omprövning efter ett överklagande får beslutet inte ändras till "
                        "nackdel för den enskilde (38–39 §§ förvaltningslagen). Tidigare "
                        "beviljat: %(granted)s kr."
                    )
                    % {"granted": post["granted"]},
                )
        return data

    def post_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"granted_{i}"], self[f"reason_{i}"]) for i in range(len(self.posts))]


class PastDateField(forms.DateField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%Y%m%d"])
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Skriv datumet som ÅÅÅÅ-MM-DD."),
                "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-30."),
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> date:
        day: date = super().clean(value)
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte vara i framtiden."))
        return day


class ForwardForm(VersionForm):
    forwarded_on = PastDateField(label=_("Datum då överklagandet skickades till domstolen"))


class CourtForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Förvaltningsrättens avgörande"),
        choices=CourtOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj domstolens avgörande.")},
    )
    decided_on = PastDateField(label=_("Datum för domen"))


class _PostAmountsMixin:
    """New amounts per post of a decision, each with its reason (rättelse, ändring, review)."""

    def _add_posts(self, posts: list[dict[str, str]], *, required: bool) -> None:
        form: Any = self
        self.posts = posts
        for index, post in enumerate(posts):
            form.fields[f"granted_{index}"] = AmountField(
                label=_("%(post)s: beviljat belopp i kronor") % {"post": post["label"]},
                help_text=_("Sökt: %(applied)s kr. Beviljat i beslutet: %(granted)s kr.")
                % {"applied": post["applied"], "granted": post["granted"]},
                required=required,
                error_messages={"required": _("Skriv beviljat belopp, 0 om inget beviljas.")},
            )
            form.fields[f"reason_{index}"] = LongTextField(
                label=_("%(post)s: skäl") % {"post": post["label"]},
                max_length=1000,
                rows=2,
                required=required,
                error_messages={"required": _("Skriv skälet för beloppet.")},
            )
            if not form.is_bound:
                form.initial[f"granted_{index}"] = post["granted"].replace(".", ",")
                form.initial[f"reason_{index}"] = post.get("reason", "")

    def post_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        form: Any = self
        return [(form[f"granted_{i}"], form[f"reason_{i}"]) for i in range(len(self.posts))]

    def new_posts(self, cleaned: dict[str, Any]) -> list[Post]:
        return [
            Post(
                post=post["post"],
                label=post["label"],
                applied=Decimal(post["applied"]),
                granted=Decimal(post["granted"])
                if cleaned.get(f"granted_{index}") is None
                else cleaned[f"granted_{index}"],
                reason=cleaned.get(f"reason_{index}") or post.get("reason", ""),
                legal_source=post.get("legal_source", ""),
                # A post of bistånd utöver stays one in the new decision (ADR 0310).
                basis=UTOVER if post.get("basis") == UTOVER else "",
            )
            for index, post in enumerate(self.posts)
        ]


GROUND_CHOICES = [("", _("Inget: beslutet ändras inte till nackdel")), *DisadvantageGround.choices]


class DecisionChangeForm(_PostAmountsMixin, AccessibleForm):
    """Rättelse or ändring of a decision outside an appeal (FL 36–38 §§)."""

    kind = forms.ChoiceField(
        label=_("Vad gör du?"),
        choices=ChangeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj rättelse eller ändring.")},
    )
    initiative = forms.ChoiceField(
        label=_("Varför prövas beslutet?"),
        choices=[c for c in ChangeInitiative.choices if c[0] != ChangeInitiative.REVIEW],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om det är nämndens initiativ eller den enskildes.")},
    )
    disadvantage_ground = forms.ChoiceField(
        label=_("Om något belopp sänks: skälet enligt 37 § andra stycket förvaltningslagen"),
        choices=GROUND_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    motivering = LongTextField(
        label=_("Motivering till det nya beslutet"),
        help_text=_(
            "Vilket fel som rättas eller varför beslutet ändras, och vilka regler du "
            "har tillämpat. Texten står i beslutsbrevet."
        ),
        max_length=DECISION_TEXT_MAX,
        error_messages={"required": _("Skriv motiveringen till det nya beslutet.")},
    )

    def __init__(self, *args: Any, posts: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_posts(posts, required=True)
        if not self.is_bound:
            self.initial.setdefault("disadvantage_ground", "")


class ReviewRequestForm(AccessibleForm):
    reason = LongTextField(
        label=_("Varför vill du att en handläggare prövar beslutet? (frivilligt)"),
        help_text=_("Du behöver inte skriva något."),
        max_length=REVIEW_REASON_MAX,
        rows=3,
        required=False,
    )


class ReviewDecideForm(_PostAmountsMixin, VersionForm):
    outcome = forms.ChoiceField(
        label=_("Vad kom du fram till?"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om beslutet står fast eller ändras.")},
    )
    note = LongTextField(
        label=_("Din bedömning"),
        help_text=_("Den enskilde ser texten. Om beslutet ändras står den i det nya beslutet."),
        max_length=DECISION_TEXT_MAX,
        error_messages={"required": _("Skriv vad du kom fram till och varför.")},
    )
    disadvantage_ground = forms.ChoiceField(
        label=_("Om något belopp sänks: skälet enligt 37 § andra stycket förvaltningslagen"),
        choices=GROUND_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, posts: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_posts(posts, required=False)
        if not self.is_bound:
            self.initial.setdefault("disadvantage_ground", "")
