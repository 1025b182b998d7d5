"""Search the access log (for the granskare)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from bistand.accounts.models import Role

from .models import AccessLogEntry


def may_search_access_log(*, user: object) -> bool:
    """Only the granskare searches the access log."""
    return getattr(user, "role", "") == Role.GRANSKARE


def access_log_search(
    *,
    subject: str = "",
    case_number: str = "",
    user_id: int | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.select_related("user")
    if subject:
        entries = entries.filter(subject=subject)
    if case_number:
        entries = entries.filter(case_number=case_number)
    if user_id is not None:
        entries = entries.filter(user_id=user_id)
    tz = timezone.get_current_timezone()
    if period_start:
        entries = entries.filter(at__gte=datetime.combine(period_start, time.min, tzinfo=tz))
    if period_end:
        entries = entries.filter(at__lte=datetime.combine(period_end, time.max, tzinfo=tz))
    return entries
