"""Models of casework. Other apps read them through selectors, never directly.

The queue itself is not a table: it is every application in status `in_queue` (read from the
applications app) plus the items other apps contribute (bistand.core.queue). Casework keeps only
what case work adds: who has claimed an application, escalations of overdue ones, requests for
completion, and the journal.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """Written once, never changed or deleted (social documentation, escalations)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} is append-only")


class Claim(models.Model):
    """A case worker has taken an application from the shared queue. Released = row deleted;
    the history of claims is in the access log and the claim log below."""

    application_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"claim of application {self.application_id}"


class ClaimAction(models.TextChoices):
    CLAIMED = "claimed", _("Tog ärendet")
    RELEASED = "released", _("Lämnade tillbaka ärendet")
    ASSIGNED = "assigned", _("Fick ärendet av enhetschefen")


class ClaimLogEntry(AppendOnlyModel):
    """Who took and released which application, and when (for follow-up and audit)."""

    application_id = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=10, choices=ClaimAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.action} {self.application_id}"


class Escalation(AppendOnlyModel):
    """An application not decided by its SLA due time, escalated to the enhetschef."""

    application_id = models.BigIntegerField(unique=True)
    case_id = models.BigIntegerField(db_index=True)
    case_number = models.CharField(max_length=20)
    due_at = models.DateTimeField()
    escalated_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"escalation of application {self.application_id}"


class CompletionRequest(AppendOnlyModel):
    """A request for completion (komplettering): what the citizen must send, and by when."""

    application_id = models.BigIntegerField(db_index=True)
    case_id = models.BigIntegerField(db_index=True)
    text = models.TextField(_("vad vi behöver"))
    due_date = models.DateField(_("senast"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"completion request {self.pk} (application {self.application_id})"


class JournalEntry(AppendOnlyModel):
    """Social documentation (SoL 2025:400, dokumentationsskyldighet): never edited, only
    amended by a later entry that references it."""

    case_id = models.BigIntegerField(db_index=True)
    application_id = models.BigIntegerField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    text = models.TextField(_("anteckning"))
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"journal entry {self.pk} (case {self.case_id})"


class Kommunicering(models.Model):
    """FL 25 §: before a decision that goes against the applicant, wholly or partly, and rests
    on material the applicant has not seen (e.g. register data), she is told the material and
    may reply by `reply_by`. The decision waits for the reply or the end of the period."""

    case_id = models.BigIntegerField(db_index=True)
    application_id = models.BigIntegerField(db_index=True)
    material = models.TextField(max_length=4000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    reply_by = models.DateField()
    reply_text = models.TextField(max_length=4000, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"kommunicering {self.pk} (application {self.application_id})"
