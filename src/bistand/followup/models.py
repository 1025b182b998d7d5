"""Models of followup. Other apps read them through selectors, never directly.

The fold (docs/adr/0230-followup-monthly-fold.md): the closed months' figures, computed from the
records by `services.fold_refresh` and read by `selectors.dashboard`. Nothing here is a record
of its own: deleting every fold only makes the dashboard compute everything again.
"""

from __future__ import annotations

from django.db import models


class Fold(models.Model):
    """One computation of the months before `current_month`, and what the records held then."""

    folded_at = models.DateTimeField()
    current_month = models.DateField()
    # The highest ids and the counts the fold read: a row written later (a higher id, or a time
    # stamp after the fold) marks its months and case as changed; a lower count means rows were
    # deleted (gallring), and the fold is not used.
    last_application_id = models.BigIntegerField()
    last_decision_id = models.BigIntegerField()
    last_triage_id = models.BigIntegerField()
    last_event_id = models.BigIntegerField()
    applications = models.IntegerField()
    decisions = models.IntegerField()

    def __str__(self) -> str:
        return f"fold of the months before {self.current_month:%Y-%m} at {self.folded_at}"


class FoldedMonth(models.Model):
    """One month's row of one dashboard table (its slug), or the month's routing reasons."""

    fold = models.ForeignKey(Fold, on_delete=models.CASCADE, related_name="months")
    table = models.CharField(max_length=40)
    month = models.DateField()
    row = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fold", "table", "month"], name="folded_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.month:%Y-%m}"


class FoldedExit(models.Model):
    """A household that left assistance, as the fold found it."""

    fold = models.ForeignKey(Fold, on_delete=models.CASCADE, related_name="exits")
    case_id = models.BigIntegerField()
    month = models.DateField()
    months_on_assistance = models.IntegerField()
    reason = models.CharField(max_length=100)
    returned = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["fold", "month"])]

    def __str__(self) -> str:
        return f"exit of case {self.case_id} in {self.month:%Y-%m}"
