"""Write to the access log. Every staff read and every change of a case goes through here."""

from __future__ import annotations

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
