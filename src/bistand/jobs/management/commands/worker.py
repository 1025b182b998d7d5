from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bistand.jobs.schedules import ensure_schedules


class Command(BaseCommand):
    help = "Start the background worker (django-q2 cluster) after making sure schedules exist."

    def handle(self, *args: Any, **options: Any) -> None:
        names = ensure_schedules()
        self.stdout.write(f"Schedules: {', '.join(names)}")
        call_command("qcluster")
