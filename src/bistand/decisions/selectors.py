"""Reads from decisions: the only way other apps and views fetch its data."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Decision


def decisions_for_case(*, case_id: int) -> QuerySet[Decision]:
    """The case's decisions, newest first (changed decisions included)."""
    return Decision.objects.filter(case_id=case_id).order_by("-decided_at", "-pk")


def decision_by_id(*, decision_id: int) -> Decision | None:
    """One decision, or None. Access is checked by the caller (the record's access function)."""
    return Decision.objects.select_related("calculation").filter(pk=decision_id).first()


def decision_is_superseded(*, decision: Decision) -> bool:
    """A later decision (omprövning, appeal) has replaced this one."""
    return Decision.objects.filter(supersedes=decision).exists()
