"""Cases (ärenden) and case events: the centre every other app refers to.

A `Case` is one household's ärende with the municipality; each month's application is an
`applications.Application` in it. Everything that happens is a `CaseEvent`: Min sida's timeline,
follow-up figures and the audit trail are read from events, not from mutable status fields.
Each app declares its own kinds of event in its `events.py` (see `cases/events.py`).

The tables keep the names they had when these models lived in `applications`
(docs/adr/0090-cases-app.md), so existing data stays where it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import label_for


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
    # The household's named contact (issue 15 item 6): the case worker who has taken the case's
    # application from the queue (casework sets it on claim and assignment, clears it on
    # release). None: the unit as a whole. Messages go to this person.
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        db_table = "applications_case"
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    """Something that happened in a case. Append-only: never updated or deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    # Named by string: `cases` sits below the domain apps and imports none of them.
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    # A kind declared by some app's events.py (the registry in cases/events.py).
    kind = models.CharField(max_length=30)
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
        db_table = "applications_caseevent"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Case events are append-only")
        super().save(*args, **kwargs)

    def get_kind_display(self) -> str:
        """The declared Swedish label of the event's kind."""
        return label_for(self.kind)


class CaseNumberSequence(models.Model):
    """Per-year counter for case numbers (EB-2026-000123), incremented under a row lock."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "applications_casenumbersequence"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
