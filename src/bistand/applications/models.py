"""Cases (ärenden), applications and case events.

A `Case` is one household's ärende with the municipality; each month's application is an
`Application` in it. Everything that happens is a `CaseEvent`: Min sida's timeline, follow-up
figures and the audit trail are read from events, not from mutable status fields.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    number = models.CharField(_("ärendenummer"), max_length=20, unique=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_as_applicant"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_as_partner",
        null=True,
        blank=True,
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")

    def __str__(self) -> str:
        return self.number


class ApplicationKind(models.TextChoices):
    NEW = "new", _("Nyansökan")
    RECURRING = "recurring", _("Fortsatt ansökan")


class Channel(models.TextChoices):
    DIGITAL = "digital", _("E-tjänst")
    PAPER = "paper", _("Pappersansökan")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    AWAITING_PARTNER = "awaiting_partner", _("Väntar på att din sambo eller make godkänner")
    SUBMITTED = "submitted", _("Inskickad")
    IN_QUEUE = "in_queue", _("Handläggs")
    DECIDED = "decided", _("Beslutad")
    WITHDRAWN = "withdrawn", _("Återkallad")


class Application(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(max_length=10, choices=ApplicationKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.DIGITAL)
    # The month applied for, stored as its first day.
    month = models.DateField(_("månad"))
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # What the applicant declared, page by page (see applications/answers.py). Money as strings.
    answers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    draft_expires_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    partner_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The partner this application names, set when the applicant submits it: the one person
    # besides the applicant who may read it and confirm or decline it (issue 13 item 2). A later
    # partner of the same case is never given access to it.
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications_as_partner",
        null=True,
        blank=True,
    )
    # The named partner declined: the application went back to the applicant as a draft.
    partner_declined_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every change bumps the version; a stale writer is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        constraints = [
            # One live application per case and month (drafts included); withdrawn ones may repeat.
            models.UniqueConstraint(
                fields=["case", "month"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_application_per_case_and_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.month:%Y-%m}"


class EventKind(models.TextChoices):
    DRAFT_STARTED = "draft_started", _("Du började fylla i en ansökan")
    SUBMITTED = "submitted", _("Ansökan kom in")
    PARTNER_CONFIRMED = "partner_confirmed", _("Din sambo eller make godkände ansökan")
    REGISTERS_FETCHED = "registers_fetched", _("Vi hämtade uppgifter från andra myndigheter")
    CALCULATED = "calculated", _("Vi räknade ut ditt bistånd")
    ROUTED_TO_QUEUE = "routed_to_queue", _("En handläggare tittar på din ansökan")
    DECIDED = "decided", _("Beslut fattat")
    PAID = "paid", _("Pengarna är utbetalda")
    PAYMENT_RETURNED = "payment_returned", _("Utbetalningen kom tillbaka")
    MEETING_BOOKED = "meeting_booked", _("Möte bokat")
    ACTION_PLAN_UPDATED = "action_plan_updated", _("Handlingsplanen uppdaterades")
    COMPLETION_REQUESTED = "completion_requested", _("Vi behöver fler uppgifter från dig")
    POST_CHECK_REQUESTED = "post_check_requested", _("Stickprov: vi ber dig visa underlag")
    APPEAL_RECEIVED = "appeal_received", _("Ditt överklagande kom in")
    MESSAGE = "message", _("Meddelande")
    WITHDRAWN = "withdrawn", _("Ansökan återkallades")


class CaseEvent(models.Model):
    """Something that happened in a case. Append-only: never updated or deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", null=True, blank=True
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # A named user, or empty for the system; `actor_label` then names it
    # (e.g. "automatiserad beslutsfunktion").
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_citizen = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Case events are append-only")
        super().save(*args, **kwargs)


class CaseNumberSequence(models.Model):
    """Per-year counter for case numbers (EB-2026-000123), incremented under a row lock."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
