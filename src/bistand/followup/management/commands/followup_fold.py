"""`bistand followup_fold`: store the follow-up dashboard's closed months again, from scratch."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from bistand.followup.services import fold_refresh


class Command(BaseCommand):
    help = (
        "Räkna om uppföljningens avslutade månader från ärendena och spara dem "
        "(det görs också varje timme av ett schemalagt jobb)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        fold = fold_refresh()
        self.stdout.write(
            f"Månaderna före {fold.current_month:%Y-%m} är sparade "
            f"({fold.months.count()} månadsrader, {fold.exits.count()} avslut) "
            f"på {time.perf_counter() - started:.1f} s."
        )
