"""bistand gallring [--dry-run] [--date YYYY-MM-DD]: remove or anonymise what is due."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bistand.privacy.services import gallring_run


class Command(BaseCommand):
    help = (
        "Gallra enligt reglerna i gallring.yaml i kommunens konfiguration "
        "(ta bort eller avidentifiera)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa bara vad som skulle gallras."
        )
        parser.add_argument("--date", help="Gallra som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("--date ska vara ett datum som 2026-12-01.") from None
        today = today or timezone.localdate()
        dry_run = bool(options["dry_run"])
        outcomes = gallring_run(today=today, dry_run=dry_run)
        verb = "skulle gallras" if dry_run else "gallrades"
        self.stdout.write(f"Gallring {today.isoformat()}{' (provkörning)' if dry_run else ''}")
        for outcome in outcomes:
            rule = outcome.rule
            count = outcome.due if dry_run else outcome.done
            example = " [EXEMPELVÄRDE]" if rule.example else ""
            self.stdout.write(
                f"- {rule.id}: {count} {verb} (äldre än {outcome.cutoff.isoformat()}; "
                f"{rule.action}){example}\n  Stöd: {rule.reference}"
            )
