"""bistand payment_file --date YYYY-MM-DD [--output FILE] [--mark-sent]

Generate (or fetch again) the pain.001 file for a requested execution date. Running it again for
the same date gives the same file, byte for byte; after a crash it finishes the same file.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bistand.payments.services import (
    PaymentError,
    payment_file_generate,
    payment_file_mark_sent,
)


class Command(BaseCommand):
    help = "Generate the day's ISO 20022 pain.001.001.09 payment file (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="requested execution date, YYYY-MM-DD")
        parser.add_argument("--output", help="write the XML to this file")
        parser.add_argument(
            "--mark-sent",
            action="store_true",
            help="the file has been delivered to the bank: mark its payments paid",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            execution_date = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD") from None
        try:
            payment_file = payment_file_generate(execution_date=execution_date)
        except PaymentError as exc:
            raise CommandError(str(exc)) from None
        if payment_file is None:
            self.stdout.write(f"No payments due on {execution_date}; no file.")
            return
        if options["output"]:
            target = Path(options["output"])
            with tempfile.NamedTemporaryFile(
                "wb", dir=target.parent, delete=False, prefix=".pain001-"
            ) as handle:
                handle.write(payment_file.content.encode("utf-8"))
            os.replace(handle.name, target)  # whole or not at all
        if options["mark_sent"]:
            paid = payment_file_mark_sent(file_id=payment_file.pk)
            self.stdout.write(f"Marked {paid} payments paid.")
        self.stdout.write(
            f"{payment_file.msg_id} {payment_file.number_of_transactions} payments "
            f"{payment_file.control_sum:.2f} SEK sha256={payment_file.sha256}"
        )
