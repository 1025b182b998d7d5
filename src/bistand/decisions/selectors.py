"""Reads from decisions: the only way other apps and views fetch its data."""

from __future__ import annotations

from django.db.models import QuerySet

from bistand.accounts.models import User
from bistand.applications import selectors as application_selectors

from .models import Decision, Triage


def decisions_for_case(*, case_id: int) -> QuerySet[Decision]:
    """The case's decisions, newest first (changed decisions included)."""
    return Decision.objects.filter(case_id=case_id).order_by("-decided_at", "-pk")


def decision_by_id(*, decision_id: int) -> Decision | None:
    """One decision, or None. Access is checked by the caller (the record's access function)."""
    return Decision.objects.select_related("calculation").filter(pk=decision_id).first()


def decision_is_superseded(*, decision: Decision) -> bool:
    """A later decision (omprövning, appeal) has replaced this one."""
    return Decision.objects.filter(supersedes=decision).exists()


def decision_for_citizen(*, user: User, decision_id: int) -> Decision | None:
    """The decision if it is in the user's household's case, else None (never another's)."""
    case_ids = list(application_selectors.cases_for_citizen(user=user).values_list("pk", flat=True))
    return (
        Decision.objects.select_related("calculation")
        .filter(pk=decision_id, case_id__in=case_ids)
        .first()
    )


def decision_for_application(*, application_id: int) -> Decision | None:
    """The application's decision in force: the latest of an original and its changes."""
    return (
        Decision.objects.filter(application_id=application_id)
        .order_by("-decided_at", "-pk")
        .first()
    )


def triage_for_application(*, application_id: int) -> Triage | None:
    return Triage.objects.filter(application_id=application_id).first()


def decisions_for_cases(*, case_ids: list[int]) -> QuerySet[Decision]:
    return Decision.objects.filter(case_id__in=case_ids).order_by("pk")
