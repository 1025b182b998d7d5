"""What the socialnämnd has decided about its delegates, as records registered by staff.

- `RulesApproval`: the nämnd has approved a rules version (the calculation rules the automated
  decision function applies). Without one for the installed version, the robot decides nothing.
- `DelegationReportPresentation`: a month's decisions by one delegate have been reported
  (anmälda) to the nämnd (KL 6 kap. 40 §, 7 kap. 8 §).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RulesApproval(models.Model):
    """The nämnd's approval of one rules version: its decision date and paragraph (§)."""

    rules_version = models.CharField(max_length=40, unique=True)
    approved_on = models.DateField()
    # The nämnd's minutes: "Socialnämnden 2026-11-18 § 143".
    reference = models.CharField(max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    registered_by_label = models.CharField(max_length=200)
    registered_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"rules {self.rules_version} approved {self.approved_on} ({self.reference})"


class DelegationReportPresentation(models.Model):
    """One delegate's decisions of one month, reported to the nämnd at a meeting."""

    month = models.DateField()  # the first of the month
    # "automated" for the automated decision function, else "user-<id>".
    delegate_key = models.CharField(max_length=40)
    delegate_label = models.CharField(max_length=200)
    decision_count = models.PositiveIntegerField()
    presented_on = models.DateField()
    reference = models.CharField(max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    registered_by_label = models.CharField(max_length=200)
    registered_at = models.DateTimeField(auto_now_add=True)
    # The report as presented (HTML of the PDF/UA document and the CSV), kept when it is marked
    # presented: the anmälan is what the nämnd got, and the time for laglighetsprövning of the
    # decisions in it runs from that meeting's protocol (KL 6 kap. 40 §, 13 kap. 5 §). Empty for
    # presentations registered before it was kept.
    document_html = models.TextField(blank=True, default="")
    document_csv = models.TextField(blank=True, default="")
    document_sha256 = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "delegate_key"], name="one_presentation_per_delegate_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegate_label} {self.month:%Y-%m} presented {self.presented_on}"
