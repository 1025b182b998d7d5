"""Create the synthetic demo data (idempotent) or print the demo logins.

Each module of `bistand.demo` in `DEMO_STEPS` has `create(rng: random.Random) -> None`; they
run in that order (the order of the apps they fill), all with one seeded random generator,
so the demo is the same every time.
"""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from bistand.demo import (
    accounts,
    appeals,
    casework,
    decisions,
    followup,
    governance,
    messaging,
    planning,
    staff_decisions,
    unit,
    young_adult,
)

DEMO_SEED = 20261122
# The demo modules in the order their data builds on each other (users first).
# The nämnd's approval of the rules version comes straight after the users: the applications
# the later steps submit are then triaged as in a unit whose rules version is approved.
DEMO_STEPS = (
    accounts,
    governance,
    decisions,
    casework,
    followup,
    planning,
    appeals,
    messaging,
    staff_decisions,
    young_adult,  # late: its draw from the seeded generator changes nothing before it
    unit,  # after it: the unit's own draw comes last
)


class Command(BaseCommand):
    help = "Create synthetic demo data (idempotent), or --print-logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--print-logins", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never created in production (BISTAND_ENVIRONMENT).")
        if options["print_logins"]:
            self.print_logins()
            return
        rng = random.Random(DEMO_SEED)
        with transaction.atomic():
            for step in DEMO_STEPS:
                step.create(rng)
        self.stdout.write("Demo data ready.")

    def print_logins(self) -> None:
        from bistand.accounts.selectors import demo_users

        self.stdout.write("Demo logins (synthetic people; pick one at /logga-in/demo/):")
        for user in demo_users():
            self.stdout.write(f"  {user.get_role_display():<26} {user.display_name}")
