"""Message and satisfaction forms: Swedish messages at the field, nothing written is lost."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bistand.core.forms import AccessibleForm
from bistand.core.text import LongTextField

from .models import BODY_MAX, COMMENT_MAX, SUBJECT_MAX


class SubjectField(LongTextField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(*args, **kwargs)


class ReplyForm(AccessibleForm):
    body = LongTextField(
        label=_("Ditt meddelande"),
        max_length=BODY_MAX,
        rows=6,
        error_messages={"required": _("Skriv ditt meddelande.")},
    )


class NewThreadForm(ReplyForm):
    subject = SubjectField(
        label=_("Vad gäller det?"),
        help_text=_("Till exempel: Fråga om utbetalningen i december."),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Skriv vad meddelandet gäller.")},
    )
    field_order = ["case", "subject", "body"]

    def __init__(self, *args: Any, cases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases
        if len(cases) > 1:
            self.fields["case"] = forms.TypedChoiceField(
                label=_("Vilket ärende gäller det?"),
                choices=[(str(c.pk), c.number) for c in cases],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Välj vilket ärende meddelandet gäller."),
                    "invalid_choice": _("Välj ett av dina ärenden."),
                },
            )
            self.order_fields(self.field_order)

    def chosen_case(self) -> Any:
        if len(self.cases) == 1:
            return self.cases[0]
        return next(c for c in self.cases if c.pk == self.cleaned_data["case"])


SCORES = [
    ("5", _("5 – Mycket bra")),
    ("4", _("4 – Bra")),
    ("3", _("3 – Varken bra eller dåligt")),
    ("2", _("2 – Dåligt")),
    ("1", _("1 – Mycket dåligt")),
]


class SatisfactionForm(AccessibleForm):
    score = forms.TypedChoiceField(
        label=_("Hur fungerade det för dig?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Välj ett svar från 1 till 5.")},
    )
    comment = LongTextField(
        label=_("Vill du berätta mer? (frivilligt)"),
        help_text=_("Skriv inga känsliga uppgifter här. Enheten läser svaren för att bli bättre."),
        max_length=COMMENT_MAX,
        rows=3,
        required=False,
    )

    def __init__(self, *args: Any, skipping: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skipping = skipping

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.skipping and data.get("score") in (None, "") and "score" not in self.errors:
            self.add_error("score", _("Välj ett svar från 1 till 5, eller hoppa över frågan."))
        return data
