"""Withdraw drafts older than APPLICATION_DRAFT_DAYS and remove their answers (gallring)."""

from typing import Any

from django.core.management.base import BaseCommand

from bistand.applications.services import application_purge_expired_drafts


class Command(BaseCommand):
    help = "Withdraw expired application drafts and remove what they declared."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = application_purge_expired_drafts()
        self.stdout.write(f"Purged {purged} expired draft(s).")
