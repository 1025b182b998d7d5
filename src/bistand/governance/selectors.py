"""Reads from governance: rules approvals and the presentations of delegation reports."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from bistand import rules

from .models import DelegationReportPresentation, RulesApproval


def installed_rules_version() -> str:
    """The rules version this installation calculates with (a digest of the rules)."""
    return rules.RULES_VERSION


def rules_approval_for(*, rules_version: str) -> RulesApproval | None:
    """The nämnd's approval of a rules version, or None if it has not been approved."""
    return (
        RulesApproval.objects.select_related("registered_by")
        .filter(rules_version=rules_version)
        .first()
    )


def rules_approvals() -> QuerySet[RulesApproval]:
    return RulesApproval.objects.select_related("registered_by").order_by("-approved_on", "-pk")


def presentations_for_month(*, month: date) -> dict[str, DelegationReportPresentation]:
    """The month's presentations to the nämnd, by delegate key."""
    return {
        p.delegate_key: p
        for p in DelegationReportPresentation.objects.filter(month=month).select_related(
            "registered_by"
        )
    }
