"""Applications: each month's application in a household's case (`bistand.cases.models.Case`).

What happens to an application is recorded as case events (`bistand.cases`); the kinds this app
records are declared in `applications/events.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from bistand.cases.models import Case


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
    # Indexed: the month's applications by when they were sent in (follow-up, meetings).
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A paper application: the day the paper came in to the municipality (the date stamp). The
    # application counts as submitted from that day (docs/adr/0151).
    received_on = models.DateField(_("inkommen"), null=True, blank=True)
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
    # "Spara och fortsätt senare" on a page whose answers are not valid yet: what was typed, as
    # posted, per answers section, shown again on that page (issue 15 item 3). Never part of the
    # answers, never calculated on; cleared when the page is saved.
    typed_pages = models.JSONField(default=dict, blank=True)

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
        indexes = [
            # The month's applications (follow-up; issue 16 item 5).
            models.Index(fields=["month"], name="application_month"),
            # What changed since the follow-up fold (followup.selectors._changes: applications
            # updated after it; ADR 0230). Without it every dashboard request read the whole
            # table (issue 16 item 5).
            models.Index(fields=["updated_at"], name="application_updated_at"),
            # The nyansökningar sent in during a period with their case (the dashboard's
            # meetings offered within 24 hours; planning.selectors), read from the index alone
            # on PostgreSQL instead of every application of the period (issue 16 item 5).
            models.Index(
                fields=["submitted_at"],
                include=["case_id", "id"],
                condition=models.Q(kind="new"),
                name="application_new_submitted",
            ),
            # The shared queue pages by received time over the applications waiting for a case
            # worker only, never over the decided history (issue 16 item 5; casework.selectors).
            models.Index(
                Coalesce("submitted_at", "created_at"),
                F("id"),
                name="application_queue_received",
                condition=models.Q(status="in_queue"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.month:%Y-%m}"


SUPPLEMENT_MAX = 4000


class Supplement(models.Model):
    """Komplettering: information the applicant adds to an application after sending it (issue 15
    item 5). It is part of the application's record; until a case worker has read it, it is an
    item in the shared queue (applications/queue.py)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="supplements"
    )
    # May be empty when files are attached (SupplementDocument).
    text = models.TextField(_("komplettering"), max_length=SUPPLEMENT_MAX, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"supplement {self.pk} (application {self.application_id})"


class SupplementDocument(models.Model):
    """A file the applicant attached to a komplettering (docs/adr/0216). The file lives in the
    private data directory under a random name (settings.SUPPLEMENT_DOCUMENTS_DIR, 0600, outside
    the web root); staff who may read the case open it, and every read is in the access log."""

    supplement = models.ForeignKey(Supplement, on_delete=models.PROTECT, related_name="documents")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The name the citizen's file had (shown), and the type found by reading its content.
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # The file's name in the private directory: random, never the citizen's.
    stored_name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"document {self.pk} of supplement {self.supplement_id}"
