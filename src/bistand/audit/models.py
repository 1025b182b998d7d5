"""The access log: who read or changed which case, when and why. Append-only.

Kept apart from functional data (NHS ADR-004): features never read it; the granskare searches it.
The database itself refuses UPDATE and DELETE on the table (triggers in migration 0002).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    READ = "read", _("Läste")
    CHANGE = "change", _("Ändrade")
    DECIDE = "decide", _("Beslutade")
    EXPORT = "export", _("Exporterade")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    user_label = models.CharField(max_length=200)
    role = models.CharField(max_length=40)
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    # What was accessed: a record type and id, and the case it belongs to (if any).
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    case_number = models.CharField(max_length=20, blank=True, db_index=True)
    # The person the data is about (personnummer), so the granskare can search by person.
    subject = models.CharField(max_length=13, blank=True, db_index=True)
    reason = models.CharField(max_length=300)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("The access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("The access log is append-only")
