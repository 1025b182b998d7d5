"""Create the synthetic demo data (idempotent) or print the demo logins.

Each Bistånd app may have a `demo.py` with `create(rng: random.Random) -> None`; they run in the
order of INSTALLED_APPS, all with one seeded random generator, so the demo is the same every time.
"""

from __future__ import annotations

import random
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

DEMO_SEED = 20261122


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
            for config in apps.get_app_configs():
                if not config.name.startswith("bistand."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.create(rng)
        self.stdout.write("Demo data ready.")

    def print_logins(self) -> None:
        from bistand.accounts.selectors import demo_users

        self.stdout.write("Demo logins (synthetic people; pick one at /logga-in/demo/):")
        for user in demo_users():
            self.stdout.write(f"  {user.get_role_display():<26} {user.display_name}")
