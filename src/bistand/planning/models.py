"""Models of planning. Other apps read them through selectors, never directly.

Cases live in `bistand.cases` and applications in `bistand.applications`; like the decisions
app, planning keeps their ids (`case_id`, `application_id`) rather than foreign keys into another
app's tables.

- `MeetingSlot`: a time a worker has published for meetings (date, time, length, place or
  video/phone).
- `Meeting`: a booking of one slot for one case. A slot has at most one live booking: a partial
  unique constraint in the database makes two bookings of the same slot impossible, even when
  two citizens press "Boka" at the same moment (docs/adr/0040-meetings-within-24-hours.md).
- `MeetingOffer`: the record that a new applicant was offered times, and how many of them
  started within 24 hours of the application: what the 24-hour figure is computed from.
- `MeetingReminder`: the reminder sent the day before (recorded; no real SMS is sent).
- `ActionPlan` / `ActionPlanVersion`: the handlingsplan; every update is a new version, the
  old ones are kept.
- `IntensiveClient`: a case on a worker's list for intensive motivational work.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("Besök")
    VIDEO = "video", _("Videomöte")
    PHONE = "phone", _("Telefon")


class MeetingSlot(models.Model):
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_slots"
    )
    starts_at = models.DateTimeField(_("tid"), db_index=True)
    minutes = models.PositiveSmallIntegerField(_("längd i minuter"), default=45)
    mode = models.CharField(
        _("mötesform"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    place = models.CharField(_("plats"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "starts_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_slot_per_worker_and_time",
            )
        ]

    def __str__(self) -> str:
        return f"slot {self.pk} {self.starts_at:%Y-%m-%d %H:%M}"


class MeetingStatus(models.TextChoices):
    BOOKED = "booked", _("Bokat")
    HELD = "held", _("Genomfört")
    NOT_ATTENDED = "not_attended", _("Uteblev")
    CANCELLED = "cancelled", _("Inställt")


class BookedBy(models.TextChoices):
    CITIZEN = "citizen", _("Den sökande på Min sida")
    STAFF = "staff", _("Personal")


class Meeting(models.Model):
    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings")
    case_id = models.BigIntegerField(db_index=True)
    application_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(
        max_length=15, choices=MeetingStatus.choices, default=MeetingStatus.BOOKED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_via = models.CharField(max_length=10, choices=BookedBy.choices)
    booked_at = models.DateTimeField(auto_now_add=True)
    outcome_notes = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            # One live booking per slot: the race between two citizens ends here.
            models.UniqueConstraint(
                fields=["slot"],
                condition=~Q(status="cancelled"),
                name="one_live_meeting_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"meeting {self.pk} ({self.status})"


class MeetingOffer(models.Model):
    """A new applicant was offered meeting times (once per application)."""

    application_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    submitted_at = models.DateTimeField(db_index=True)
    offered_at = models.DateTimeField()
    # Free slots starting after the offer and no later than submitted_at + 24 h.
    slots_within_24h = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"offer for application {self.application_id}"


class MeetingReminder(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="reminder")
    sent_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=10, default="sms")
    # What the message said (no name, no personnummer).
    text = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"reminder for meeting {self.meeting_id}"


class Responsible(models.TextChoices):
    CITIZEN = "citizen", _("Du själv")
    WORKER = "worker", _("Din handläggare")
    OTHER = "other", _("Annan aktör")


class ActionPlan(models.Model):
    case_id = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The number of the latest version; bumped under a row lock (optimistic for the form).
    current_version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"action plan for case {self.case_id}"


class ActionPlanVersion(models.Model):
    """One version of a handlingsplan. Never changed: an update is a new version.

    `content` = {"goals": [str], "activities": [{"text", "responsible", "actor", "start",
    "due"}], "follow_up": str}; dates as ISO strings.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Action plan versions are never changed; make a new version")
        super().save(*args, **kwargs)


class IntensiveClient(models.Model):
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intensive_clients"
    )
    case_id = models.BigIntegerField(db_index=True)
    meetings_per_week = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_id"],
                condition=Q(ended_at__isnull=True),
                name="one_active_intensive_list_per_case",
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_week__gte=1) & Q(meetings_per_week__lte=5),
                name="intensive_one_to_five_meetings_a_week",
            ),
        ]

    def __str__(self) -> str:
        return f"intensive case {self.case_id}"


class ActivityExemption(models.TextChoices):
    NONE = "", _("Inget undantag")
    SCHOOL = "school_18_20", _("18–20 år och går i grundskola, gymnasieskola eller motsvarande")
    FULL_TIME = (
        "full_time_occupation",
        _("Heltidssysselsatt (arbete, studier eller heltidsprogram via Arbetsförmedlingen)"),
    )
    SICKNESS = "sickness_benefit", _("Sjukpenning, sjukersättning eller liknande ersättning")


class ActivityHours(models.Model):
    """Aktivitetskrav (issue 14 item 9): one adult's activity hours in the plan for one month:
    planned, and attended once reported, with any exemption. Each change is a new row (the
    latest counts), so what was recorded when stays visible."""

    case_id = models.BigIntegerField(db_index=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # first day
    planned_hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    attended_hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    exemption = models.CharField(
        max_length=30, choices=ActivityExemption.choices, default="", blank=True
    )
    has_child_under_8 = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "person_id", "month", "pk"]
        indexes = [models.Index(fields=["month", "case_id"])]

    def __str__(self) -> str:
        return f"activity hours case {self.case_id} person {self.person_id} {self.month:%Y-%m}"


class ActivityDecisionDraft(models.Model):
    """A decision prepared for the case worker when an adult falls short of the requirement:
    the facts, the questions to assess and the legal basis. It decides nothing; the case worker
    decides (and a refusal or reduction is never made by the automated function)."""

    case_id = models.BigIntegerField(db_index=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    text = models.TextField()
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"prepared activity decision case {self.case_id} {self.month:%Y-%m}"
