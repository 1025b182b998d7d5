"""bistand payment_file --date YYYY-MM-DD [--output FILE] [--mark-sent]

The operator's way to fetch (or, after a crash, finish) the pain.001 file of an ATTESTED payment
run. The command line never makes a file on its own: one person prepares the day's run and a
second person attests it on the payments desk (/utbetalningar/att-betala/), and the file is made
then (two-person rule, docs/adr/0125, 0177, 0210). Running it again for the same date gives the
same file, byte for byte; without an attested run it refuses and writes nothing.
"""

from __future__ import annotations

import getpass
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bistand.payments.services import (
    PaymentError,
    payment_file_mark_sent,
    payment_run_file_for_operator,
)


class Command(BaseCommand):
    help = (
        "Fetch the pain.001.001.09 file of the day's attested payment run (idempotent); "
        "refuses when nobody has attested the run on the payments desk."
    )

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
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = "okänd"
        try:
            payment_file = payment_run_file_for_operator(
                execution_date=execution_date, operator=operator
            )
        except PaymentError as exc:
            raise CommandError(str(exc)) from None
        run = payment_file.run
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
        prepared = run.prepared_by.username if run.prepared_by else "the scheduled morning job"
        attested = run.attested_by.username if run.attested_by else "?"
        self.stdout.write(
            f"{payment_file.msg_id} {payment_file.number_of_transactions} payments "
            f"{payment_file.control_sum:.2f} SEK sha256={payment_file.sha256} "
            f"prepared by {prepared}, attested by {attested}"
        )
