"""Start the local SSBTEK register simulator (a background service of scripts/run)."""

import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bistand.demo.pki import ensure_demo_pki
from bistand.demo.simulator import ScenarioError, ServerTls, start_simulator


class Command(BaseCommand):
    help = (
        "Serve the register simulator: synthetic SSBTEK answers, SSBTEK v11 SOAP at "
        "/ssbtek/v11/BastjanstInformation and the JSON shape per source; with --tls-cert, "
        "--tls-key and --tls-client-ca over HTTPS with client certificates required."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--scenarios", type=Path, help="JSON file: a list of scenario objects to start with"
        )
        parser.add_argument(
            "--allow-real-personnummer",
            action="store_true",
            help="also answer numbers that are not synthetic (never do this with real data)",
        )
        parser.add_argument(
            "--tls-port",
            type=int,
            help="also serve HTTPS (client certificates required) on this port, sharing the "
            "scenarios; needs --demo-pki or the --tls-* files",
        )
        parser.add_argument(
            "--demo-pki",
            action="store_true",
            help="make (once) and use a throwaway demo CA in the data folder (demo-pki/)",
        )
        parser.add_argument(
            "--latency",
            metavar="MIN-MAX",
            help="answer every call after a random delay of MIN to MAX milliseconds "
            "(e.g. 300-1500), as slow registers may",
        )
        parser.add_argument("--tls-cert", help="server certificate (PEM) for HTTPS")
        parser.add_argument("--tls-key", help="its private key (PEM)")
        parser.add_argument(
            "--tls-client-ca", help="CA (PEM) whose client certificates are accepted; required"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The register simulator does not run in production.")
        scenarios = []
        if options["scenarios"]:
            try:
                scenarios = json.loads(options["scenarios"].read_text())
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the scenario file: {exc}") from exc
            if not isinstance(scenarios, list):
                raise CommandError("The scenario file must hold a JSON list.")
        if getattr(settings, "ENVIRONMENT", "") == "demo":
            scenarios += demo_folkbokforing_names()
        if options["demo_pki"]:
            pki = ensure_demo_pki(Path(settings.DATA_DIR) / "demo-pki")
            options["tls_cert"] = str(pki.server_cert)
            options["tls_key"] = str(pki.server_key)
            options["tls_client_ca"] = str(pki.ca)
        latency = None
        if options["latency"]:
            try:
                low, _, high = str(options["latency"]).partition("-")
                latency = (int(low) / 1000, int(high or low) / 1000)
            except ValueError as exc:
                raise CommandError(
                    "--latency takes MIN-MAX in milliseconds, e.g. 300-1500"
                ) from exc
            if latency[0] > latency[1] or latency[0] < 0:
                raise CommandError("--latency: MIN must be between 0 and MAX")
        tls_options = [options["tls_cert"], options["tls_key"], options["tls_client_ca"]]
        tls = None
        if any(tls_options):
            if not all(tls_options):
                raise CommandError("HTTPS needs --tls-cert, --tls-key and --tls-client-ca.")
            tls = ServerTls(*tls_options)
        if options["tls_port"] and tls is None:
            raise CommandError(
                "--tls-port needs --demo-pki or --tls-cert/--tls-key/--tls-client-ca."
            )
        # With --tls-port: plain HTTP on --port (control endpoints, JSON shape) and HTTPS with
        # client certificates on --tls-port (SSBTEK v11 as production), one state between them.
        secure = None
        logging.getLogger("bistand.demo.simulator").setLevel(logging.INFO)
        try:
            running = start_simulator(
                host=options["host"],
                port=options["port"],
                scenarios=scenarios,
                allow_real=options["allow_real_personnummer"],
                background=False,
                tls=None if options["tls_port"] else tls,
                latency=latency,
            )
            if options["tls_port"]:
                secure = start_simulator(
                    host=options["host"], port=options["tls_port"], tls=tls, state=running.state
                )
        except (ScenarioError, PermissionError) as exc:
            raise CommandError(f"Bad scenario in the file: {exc}") from exc
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on {options['host']}:{options['port']}: {exc}"
            ) from exc
        self.stdout.write(f"Register simulator on {running.url} ({len(scenarios)} scenarios)")
        if secure is not None:
            self.stdout.write(f"SSBTEK v11 with mutual TLS on {secure.soap_url}")
        self.stdout.flush()
        try:
            running.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            if secure is not None:
                secure.stop()
            running.stop()


def demo_folkbokforing_names() -> list[dict[str, Any]]:
    """Folkbokföring answers with the demo citizens' own names (the e-ID login's), so that the
    person page, letters and print batches show the same name as the login (docs/adr/0150).
    Empty when the database is not there yet."""
    from django.db import DatabaseError

    from bistand.accounts.models import Role, User

    try:
        people = list(
            User.objects.filter(role=Role.CITIZEN, personnummer__isnull=False)
            .exclude(display_name="")
            .values_list("personnummer", "display_name")
        )
    except (DatabaseError, RuntimeError):  # no database yet (or none allowed, in a test)
        return []
    found = []
    for number, name in people:
        first, _, last = str(name).partition(" ")
        if first and last:
            found.append(
                {
                    "personnummer": number,
                    "scenario": "folkbokforing",
                    "params": {"fornamn": first, "efternamn": last},
                }
            )
    return found
