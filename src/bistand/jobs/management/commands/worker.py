from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from bistand.jobs.schedules import ensure_schedules
from bistand.jobs.worker import supervise


class Command(BaseCommand):
    help = (
        "Start the background worker: processes that claim jobs from the job table, and the "
        "scheduler (django-q2 cluster) for scheduled work."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="only run jobs (another worker on the installation runs the schedules)",
        )
        parser.add_argument(
            "--stats",
            default="",
            help="per worker process, keep its figures (jobs, queries, CPU seconds) in PATH.<pid>",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = ensure_schedules()
        self.stdout.write(f"Schedules: {', '.join(names)}")
        # Work every job needs, done once before the processes are forked (they inherit it):
        # an app config may define warm_up(), e.g. registers compiles the SSBTEK schemas.
        for config in apps.get_app_configs():
            warm_up = getattr(config, "warm_up", None)
            if callable(warm_up):
                warm_up()
        self.stdout.flush()
        supervise(
            processes=int(settings.JOB_PROCESSES),
            scheduler=not options["no_scheduler"],
            stats_path=options["stats"],
        )
