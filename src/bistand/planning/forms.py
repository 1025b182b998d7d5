"""Forms of planning. Every message is Swedish klarspråk and shown at its field; a form that is
sent back keeps everything that was entered."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bistand.core.format import citizen_clock
from bistand.core.forms import AccessibleForm

from .models import ActivityExemption, MeetingMode, MeetingSlot, MeetingStatus, Responsible

MINUTES_CHOICES = [(30, "30"), (45, "45"), (60, "60"), (90, "90")]


def slot_label(slot: MeetingSlot, *, with_worker: bool = True) -> str:
    local = timezone.localtime(slot.starts_at)
    parts = [
        # The day in the page's language, and the time (ADR 0245).
        f"{date_format(local, 'l j F')} "
        + _("kl. %(time)s") % {"time": citizen_clock(slot.starts_at)},
        _("%(minutes)s minuter") % {"minutes": slot.minutes},
        str(MeetingMode(slot.mode).label)
        + (f", {slot.place}" if slot.mode == MeetingMode.IN_PERSON and slot.place else ""),
    ]
    if with_worker:
        parts.append(slot.worker.display_name or slot.worker.username)
    return " · ".join(parts)


class PlanningForm(AccessibleForm):
    """A planning form: error summary links and aria-describedby (core.forms)."""


class SlotForm(PlanningForm):
    day = forms.DateField(
        label=gettext_lazy("Datum"),
        help_text=gettext_lazy("Till exempel 2026-12-03."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Skriv vilket datum mötet är."),
            "invalid": gettext_lazy("Skriv datumet som år-månad-dag, till exempel 2026-12-03."),
        },
    )
    start = forms.TimeField(
        label=gettext_lazy("Klockslag"),
        help_text=gettext_lazy("Till exempel 09:30."),
        widget=forms.TimeInput(attrs={"type": "text", "inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Skriv vilken tid mötet börjar."),
            "invalid": gettext_lazy("Skriv tiden som timmar och minuter, till exempel 09:30."),
        },
    )
    minutes = forms.TypedChoiceField(
        label=gettext_lazy("Längd i minuter"),
        choices=MINUTES_CHOICES,
        coerce=int,
        initial=45,
        error_messages={"required": gettext_lazy("Välj hur långt mötet är.")},
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Mötesform"),
        choices=MeetingMode.choices,
        widget=forms.RadioSelect,
        initial=MeetingMode.IN_PERSON,
        error_messages={
            "required": gettext_lazy("Välj om mötet är ett besök, video eller telefon.")
        },
    )
    place = forms.CharField(
        label=gettext_lazy("Plats"),
        help_text=gettext_lazy(
            "Adress och rum för ett besök. Behövs inte för video eller telefon."
        ),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Skriv högst 200 tecken.")},
    )

    def __init__(self, *args: Any, now: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start = data.get("day"), data.get("start")
        if day and start:
            starts_at = timezone.make_aware(datetime.combine(day, start))
            if starts_at <= self.now:
                self.add_error("day", _("Tiden har redan varit. Välj en tid framåt."))
            data["starts_at"] = starts_at
        if data.get("mode") == MeetingMode.IN_PERSON and not data.get("place", "").strip():
            self.add_error("place", _("Skriv var besöket är, till exempel adress och rum."))
        return data


class BookForm(PlanningForm):
    """Choose one of the free slots (radio buttons: works without JavaScript)."""

    slot = forms.TypedChoiceField(
        label=gettext_lazy("Välj en tid"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Välj en av tiderna."),
            "invalid_choice": gettext_lazy(
                "Tiden går inte längre att boka. Välj en av tiderna som finns nu."
            ),
        },
    )

    def __init__(
        self,
        *args: Any,
        slots: list[MeetingSlot],
        promise_deadline: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        within = _("inom 24-timmarslöftet")

        def label(slot: MeetingSlot) -> str:
            if promise_deadline is not None and slot.starts_at <= promise_deadline:
                return f"{slot_label(slot)} · {within}"
            return slot_label(slot)

        self.fields["slot"].choices = [(s.pk, label(s)) for s in slots]  # type: ignore[attr-defined]


class OutcomeForm(PlanningForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Vad hände?"),
        choices=[
            (MeetingStatus.HELD, gettext_lazy("Mötet genomfördes")),
            (MeetingStatus.NOT_ATTENDED, gettext_lazy("Personen kom inte")),
            (MeetingStatus.CANCELLED, gettext_lazy("Mötet ställdes in")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Välj vad som hände med mötet.")},
    )
    notes = forms.CharField(
        label=gettext_lazy("Anteckningar"),
        help_text=gettext_lazy("Vad ni kom överens om. Skriv inte personnummer."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
        error_messages={"max_length": gettext_lazy("Skriv högst 4 000 tecken.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(PlanningForm):
    goals = forms.CharField(
        label=gettext_lazy("Mål"),
        help_text=gettext_lazy("Ett mål per rad, till exempel ”Ha ett arbete på deltid i juni”."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={
            "required": gettext_lazy("Skriv minst ett mål."),
            "max_length": gettext_lazy("Skriv högst 4 000 tecken."),
        },
    )
    follow_up = forms.CharField(
        label=gettext_lazy("Uppföljning"),
        help_text=gettext_lazy("Hur det har gått och när ni följer upp nästa gång."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        error_messages={"max_length": gettext_lazy("Skriv högst 4 000 tecken.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActivityForm(PlanningForm):
    text = forms.CharField(
        label=gettext_lazy("Aktivitet"),
        required=False,
        max_length=300,
        error_messages={"max_length": gettext_lazy("Skriv högst 300 tecken.")},
    )
    responsible = forms.ChoiceField(
        label=gettext_lazy("Vem ansvarar?"),
        choices=[("", gettext_lazy("Välj")), *Responsible.choices],
        required=False,
    )
    actor = forms.CharField(
        label=gettext_lazy("Annan aktör"),
        help_text=gettext_lazy("Till exempel Arbetsförmedlingen."),
        required=False,
        max_length=100,
        error_messages={"max_length": gettext_lazy("Skriv högst 100 tecken.")},
    )
    start = forms.DateField(
        label=gettext_lazy("Från"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Skriv datumet som år-månad-dag.")},
    )
    due = forms.DateField(
        label=gettext_lazy("Klart senast"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Skriv datumet som år-månad-dag.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(f) for f in ("responsible", "actor", "start", "due"))
        if not data.get("text") and filled:
            self.add_error("text", _("Skriv vad aktiviteten är, eller töm raden."))
        if data.get("text") and not data.get("responsible"):
            self.add_error("responsible", _("Välj vem som ansvarar för aktiviteten."))
        if data.get("responsible") == Responsible.OTHER and not data.get("actor"):
            self.add_error("actor", _("Skriv vilken aktör som ansvarar."))
        start, due = data.get("start"), data.get("due")
        if isinstance(start, date) and isinstance(due, date) and due < start:
            self.add_error("due", _("Slutdatumet kan inte vara före startdatumet."))
        return data


ActivityFormSet = forms.formset_factory(ActivityForm, extra=0)


class IntensiveAddForm(PlanningForm):
    case_number = forms.CharField(
        label=gettext_lazy("Ärendenummer"),
        help_text=gettext_lazy("Till exempel EB-2026-000123."),
        max_length=20,
        error_messages={"required": gettext_lazy("Skriv ärendenumret.")},
    )
    meetings_per_week = forms.TypedChoiceField(
        label=gettext_lazy("Planerade möten i veckan"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        initial=2,
        error_messages={
            "required": gettext_lazy("Välj hur många möten i veckan ni planerar."),
            "invalid_choice": gettext_lazy("Välj mellan 1 och 5 möten i veckan."),
        },
    )

    def clean_case_number(self) -> str:
        return str(self.cleaned_data["case_number"]).strip().upper()


class CaseSearchForm(PlanningForm):
    number = forms.CharField(
        label=gettext_lazy("Ärendenummer"),
        help_text=gettext_lazy("Till exempel EB-2026-000123."),
        max_length=20,
        error_messages={"required": gettext_lazy("Skriv ärendenumret.")},
    )


class HoursField(forms.CharField):
    """Hours in a month: "12", "12,5". Empty means not recorded."""

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").strip().replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                _("Skriv timmarna som en siffra, till exempel 12,5.")
            ) from None
        if hours < 0 or hours > 744 or hours != hours.quantize(Decimal("0.1")):
            raise forms.ValidationError(
                _("Skriv timmarna för månaden, mellan 0 och 744, med högst en decimal.")
            )
        return hours


class ActivityHoursForm(PlanningForm):
    """One adult's activity hours in the plan for a month (aktivitetskrav)."""

    person = forms.ChoiceField(label=gettext_lazy("Person"), widget=forms.RadioSelect)
    planned_hours = HoursField(
        label=gettext_lazy("Planerade timmar i månaden"),
        help_text=gettext_lazy("Anpassat efter personens förmåga."),
        required=False,
    )
    attended_hours = HoursField(
        label=gettext_lazy("Timmar som personen deltog"),
        help_text=gettext_lazy("Lämna tomt tills närvaron är rapporterad."),
        required=False,
    )
    exemption = forms.ChoiceField(
        label=gettext_lazy("Undantag från aktivitetskravet"),
        choices=ActivityExemption.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    has_child_under_8 = forms.BooleanField(
        label=gettext_lazy("Har barn under 8 år (färre timmar per vecka)"), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = people
        field.error_messages["required"] = _("Välj vem timmarna gäller.")

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        planned, attended = data.get("planned_hours"), data.get("attended_hours")
        if attended is not None and planned is None and not data.get("exemption"):
            self.add_error("planned_hours", _("Skriv de planerade timmarna först."))
        return data
