"""List or start the background services that make up a running Bistånd (see scripts/run)."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "List the background services (--list) or start one in the foreground (--start NAME)."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--list", action="store_true")
        group.add_argument("--start", metavar="NAME")

    def handle(self, *args: Any, **options: Any) -> None:
        services: dict[str, list[str]] = settings.BACKGROUND_SERVICES
        if options["list"]:
            self.stdout.write("\n".join(services))
            return
        name = options["start"]
        if name not in services:
            raise CommandError(f"Unknown service {name!r}; known: {', '.join(services)}")
        command, *arguments = services[name]
        call_command(command, *arguments)
