"""System check for the gallring rules (gallring.yaml in the municipality directory), run by
`bistand check` and at start-up of the web server and migrations."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from .gallring import GallringConfigError, load_rules, rules_file


@register()
def check_gallring(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        load_rules()
    except (GallringConfigError, OSError, KeyError, TypeError) as error:
        return [Error(f"{rules_file()}: {error}", id="privacy.E001")]
    return []
