"""Models of appeals. Other apps read them through selectors, never directly.

An `Appeal` is the citizen's överklagande of one decision, received by the nämnd (FL 43–44 §§).
The nämnd first checks that it came in time (rättidsprövning, FL 45 §), then either changes the
decision itself (omprövning, FL 39 §: a new decision that supersedes the appealed one) or forwards
the appeal to förvaltningsrätten and later records the court's outcome. Every step is also an
append-only `AppealStep`, so an auditor sees who did what and when.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WANTED_CHANGE_MAX = 2000
REASONS_MAX = 5000
DECISION_TEXT_MAX = 3000


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Inkommet, inte prövat")
    IN_TIME = "in_time", _("Kommit in i tid, prövas")
    REJECTED_LATE = "rejected_late", _("Avvisat: kom in för sent")
    CHANGED = "changed", _("Beslutet ändrat vid omprövning")
    FORWARDED = "forwarded", _("Överlämnat till förvaltningsrätten")
    COURT_DECIDED = "court_decided", _("Förvaltningsrätten har avgjort")


OPEN_STATUSES = (AppealStatus.RECEIVED, AppealStatus.IN_TIME)


class LateException(models.TextChoices):
    """FL 45 § andra stycket: a late appeal is not avvisat when …"""

    NOTICE = (
        "notice",
        _(
            "Kom in för sent, men tas upp: underrättelsen om hur man överklagar saknades eller var "
            "felaktig (45 § FL)"
        ),
    )
    COURT = (
        "court",
        _(
            "Kom in för sent, men tas upp: överklagandet kom in till förvaltningsrätten inom "
            "tiden (45 § FL)"
        ),
    )


class CourtOutcome(models.TextChoices):
    GRANTED = "granted", _("Bifall: överklagandet godtogs")
    PARTLY_GRANTED = "partly_granted", _("Delvis bifall")
    REJECTED = "rejected", _("Avslag: beslutet står fast")
    DISMISSED = "dismissed", _("Avvisat eller avskrivet av domstolen")


COURT_CHANGED = (CourtOutcome.GRANTED, CourtOutcome.PARTLY_GRANTED)


class Appeal(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="appeals"
    )
    # Copied from the decision when received: the changed-on-appeal share is split by it.
    decision_automated = models.BooleanField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(db_index=True)
    # The day the citizen got the decision and the last day for the appeal (FL 44 §).
    decision_received_on = models.DateField()
    deadline = models.DateField()
    late = models.BooleanField(help_text="Kom in efter sista dagen (för sent, FL 45 §)")
    wanted_change = models.TextField(max_length=WANTED_CHANGE_MAX)
    reasons = models.TextField(max_length=REASONS_MAX)
    status = models.CharField(
        max_length=20, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    # Rättidsprövning.
    in_time = models.BooleanField(null=True, blank=True)
    timeliness_checked_at = models.DateTimeField(null=True, blank=True)
    timeliness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejection_text = models.TextField(blank=True)
    # A late appeal taken up under FL 45 § andra stycket; forwarded with this assessment.
    late_exception = models.CharField(max_length=10, choices=LateException.choices, blank=True)
    # Omprövning: the new decision that supersedes the appealed one.
    new_decision = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changed_on_appeal",
    )
    # Förvaltningsrätten.
    forwarded_on = models.DateField(null=True, blank=True)
    court_outcome = models.CharField(max_length=20, choices=CourtOutcome.choices, blank=True)
    court_decided_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: two case workers cannot both handle the same appeal.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"appeal {self.pk} of decision {self.decision_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def changed(self) -> bool:
        """The appealed decision was changed: by the nämnd's omprövning or by the court."""
        return self.new_decision_id is not None or self.court_outcome in COURT_CHANGED


class StepKind(models.TextChoices):
    RECEIVED = "received", _("Överklagandet kom in")
    IN_TIME = "in_time", _("Rättidsprövning: kom in i tid")
    REJECTED_LATE = "rejected_late", _("Rättidsprövning: för sent, avvisas")
    CHANGED = "changed", _("Omprövning: beslutet ändrades")
    FORWARDED = "forwarded", _("Överlämnat till förvaltningsrätten")
    COURT_DECIDED = "court_decided", _("Förvaltningsrättens avgörande registrerat")


class AppealStep(models.Model):
    """One step in the handling of an appeal. Append-only."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Appeal steps are append-only")
        super().save(*args, **kwargs)


# --- Rättelse and ändring outside an appeal (FL 36–38 §§); human review (GDPR art. 22(3)) ------


class ChangeKind(models.TextChoices):
    RATTELSE = "rattelse", _("Rättelse av en uppenbar felaktighet (36 § förvaltningslagen)")
    ANDRING = "andring", _("Ändring av beslutet (37–38 §§ förvaltningslagen)")


class ChangeInitiative(models.TextChoices):
    OWN = "own", _("På nämndens eget initiativ")
    REQUEST = "request", _("På begäran av den enskilde")
    REVIEW = "review", _("Efter begäran om att en handläggare prövar ett automatiskt beslut")


class DisadvantageGround(models.TextChoices):
    """FL 37 § andra stycket: the only grounds for a change to the party's disadvantage."""

    RESERVED = (
        "reserved",
        _("Beslutet eller föreskrifterna medger att det återkallas (37 § andra stycket 1)"),
    )
    SAFETY = "safety", _("Tvingande säkerhetsskäl kräver ändringen (37 § andra stycket 2)")
    FALSE_INFO = (
        "false_info",
        _(
            "Felet beror på att den enskilde har lämnat oriktiga eller vilseledande uppgifter "
            "(37 § andra stycket 3)"
        ),
    )


class DecisionChange(models.Model):
    """A decision corrected (rättelse) or changed (ändring) by the nämnd outside an appeal: the
    new decision supersedes `original`. Append-only."""

    case_id = models.BigIntegerField(db_index=True)
    original = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="change_record"
    )
    new_decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    initiative = models.CharField(max_length=10, choices=ChangeInitiative.choices)
    # Set when any post was lowered (FL 37 § andra stycket); empty for a change in favour.
    disadvantage_ground = models.CharField(
        max_length=12, choices=DisadvantageGround.choices, blank=True
    )
    motivering = models.TextField(max_length=DECISION_TEXT_MAX)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    review = models.OneToOneField(
        "ReviewRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="change"
    )

    def __str__(self) -> str:
        return f"{self.kind} of decision {self.original_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Decision changes are append-only")
        super().save(*args, **kwargs)


REVIEW_REASON_MAX = 2000


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Väntar på en handläggare")
    DECIDED = "decided", _("Prövad av en handläggare")


class ReviewOutcome(models.TextChoices):
    UNCHANGED = "unchanged", _("Beslutet står fast")
    CHANGED = "changed", _("Beslutet ändrades")


class ReviewRequest(models.Model):
    """The citizen asked that a person review an automated decision (GDPR art. 22(3)).

    It goes to the shared queue with the citizen's reason; a named case worker decides whether
    the decision stands or is changed (then through `DecisionChange`)."""

    case_id = models.BigIntegerField(db_index=True)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="review_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(db_index=True)
    reason = models.TextField(max_length=REVIEW_REASON_MAX, blank=True)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default="open")
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    note = models.TextField(max_length=DECISION_TEXT_MAX, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(status="open"),
                name="one_open_review_per_decision",
            )
        ]

    def __str__(self) -> str:
        return f"review request {self.pk} of decision {self.decision_id}"
