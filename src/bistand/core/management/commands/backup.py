"""`bistand backup`: pg_dump piped through age into an encrypted file (docs/operations.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from bistand.core.backup import BackupError, backup_encrypted


class Command(BaseCommand):
    help = "Back up the PostgreSQL database, encrypted with age for the backup recipients."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="directory for the encrypted file")
        parser.add_argument(
            "--recipients-file",
            help="age public keys, one a line (default: BISTAND_BACKUP_RECIPIENTS_FILE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recipients = options["recipients_file"] or settings.BACKUP_RECIPIENTS_FILE
        if not recipients:
            raise CommandError(
                "No backup recipients: set BISTAND_BACKUP_RECIPIENTS_FILE (age public keys). "
                "Bistånd never writes an unencrypted backup."
            )
        try:
            path = backup_encrypted(
                db=connection.settings_dict,
                output_dir=Path(options["output"]),
                recipients_file=Path(recipients),
                now=datetime.now(UTC),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{path} {path.stat().st_size} bytes (encrypted with age)")
