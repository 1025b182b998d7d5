"""The ``bistand`` command.

``bistand calculate FILE.json`` runs the rules engine without Django (see docs/rules-input.md);
every other sub-command is handed to Django's management utility (``bistand migrate``,
``bistand demo``, ``bistand replay`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "calculate":
        from bistand.rules.cli import main as calculate_main

        return calculate_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bistand.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings, which refuse unsafe ones)
    except ImproperlyConfigured as exc:
        # In plain words, every problem at once, without a traceback (docs/adr/0080).
        print(f"bistand: {exc}", file=sys.stderr)
        return 2

    execute_from_command_line(["bistand", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
