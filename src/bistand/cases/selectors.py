"""Reads about cases and their events. Citizens see only their own household's cases; staff
access is checked by the app that asks (casework, planning, appeals …)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bistand.accounts.models import User

from .models import Case, CaseEvent


def cases_for_citizen(*, user: User) -> QuerySet[Case]:
    return Case.objects.select_related("contact").filter(Q(applicant=user) | Q(partner=user))


def open_case_for_applicant(*, user: User) -> Case | None:
    return (
        Case.objects.filter(applicant=user, closed_at__isnull=True).order_by("-opened_at").first()
    )


def case_by_id(*, case_id: int) -> Case | None:
    return Case.objects.select_related("applicant", "partner").filter(pk=case_id).first()


def case_by_number(*, number: str) -> Case | None:
    return Case.objects.select_related("applicant", "partner").filter(number=number).first()


def cases_by_ids(*, case_ids: list[int]) -> dict[int, Case]:
    return {c.pk: c for c in Case.objects.select_related("applicant").filter(pk__in=case_ids)}


def timeline_for_citizen(*, user: User, case_id: int) -> QuerySet[CaseEvent]:
    """The case's events the citizen sees: the applicant all of them; a partner the events of
    the applications that name them and those of the case itself (messages, meetings)."""
    events = CaseEvent.objects.filter(
        case_id=case_id, case__in=cases_for_citizen(user=user), visible_to_citizen=True
    )
    events = events.filter(
        Q(case__applicant=user) | Q(application__isnull=True) | Q(application__partner=user)
    )
    return events.order_by("at", "pk")


def events_for_case(*, case_id: int) -> QuerySet[CaseEvent]:
    """Every event of the case, the staff's view (including events hidden from the citizen)."""
    return CaseEvent.objects.select_related("actor").filter(case_id=case_id).order_by("at", "pk")
