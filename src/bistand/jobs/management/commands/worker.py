from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bistand.jobs.schedules import ensure_schedules


class Command(BaseCommand):
    help = "Start the background worker (django-q2 cluster) after making sure schedules exist."

    def handle(self, *args: Any, **options: Any) -> None:
        names = ensure_schedules()
        self.stdout.write(f"Schedules: {', '.join(names)}")
        # Work every job needs, done once before the cluster forks its workers (they inherit
        # it): an app config may define warm_up(), e.g. registers compiles the SSBTEK schemas.
        for config in apps.get_app_configs():
            warm_up = getattr(config, "warm_up", None)
            if callable(warm_up):
                warm_up()
        call_command("qcluster")
