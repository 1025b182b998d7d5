"""Write to the access log. Every staff read and every change of a case goes through here."""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

from bistand.accounts.models import User

from .models import AccessAction, AccessLogEntry


def access_log_record(
    *,
    user: User | None,
    action: AccessAction,
    object_type: str,
    object_id: str | int,
    reason: str,
    case_number: str = "",
    subject: str = "",
    request_id: str = "",
    user_label: str = "",
) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        user=user,
        user_label=user_label or (user.display_name or user.username if user else "system"),
        role=user.role if user else "system",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        case_number=case_number,
        subject=subject,
        reason=reason,
        request_id=request_id,
    )


def access_log_prune(*, before: datetime, dry_run: bool = False) -> int:
    """Gallring: delete access-log entries older than `before`. Returns how many (were) due.

    On PostgreSQL the append-only trigger lets a DELETE through only in a transaction that has
    set `bistand.gallring = on` (migration 0002); that is set here and nowhere else."""
    due = AccessLogEntry.objects.filter(at__lt=before)
    count = due.count()
    if dry_run or not count:
        return count
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL bistand.gallring = 'on'")
        deleted, _ = due.delete()
    return deleted
