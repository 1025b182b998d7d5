"""bistand payment_return --end-to-end-id BIS-D123 --date YYYY-MM-DD --reason "..." [--code AC04]

Register a payment the bank sent back; the citizen sees it on Min sida.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bistand.payments.services import payment_return_register


class Command(BaseCommand):
    help = "Register a returned payment (idempotent per payment)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--end-to-end-id", required=True)
        parser.add_argument("--date", required=True, help="the day the money came back")
        parser.add_argument("--reason", required=True, help="the bank's reason, in Swedish")
        parser.add_argument("--code", default="", help="ISO 20022 return reason code, e.g. AC04")

    def handle(self, *args: Any, **options: Any) -> None:
        returned = payment_return_register(
            end_to_end_id=options["end_to_end_id"],
            returned_on=date.fromisoformat(options["date"]),
            reason=options["reason"],
            reason_code=options["code"],
        )
        self.stdout.write(f"Registered return of {returned.order.end_to_end_id}.")
