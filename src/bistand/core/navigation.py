"""The staff menu, contributed by each app.

An app registers its staff pages in a `navigation.py` module beside its models:

    from bistand.core.navigation import StaffLink, staff_link
    staff_link(StaffLink("casework:queue", _("Inkomna ansökningar"), roles={...}, order=10))

The header shows the links whose roles include the logged-in user's role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import reverse

_LINKS: list[StaffLink] = []


@dataclass(frozen=True)
class StaffLink:
    url_name: str
    label: Any  # a lazy translation
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100


def staff_link(link: StaffLink) -> StaffLink:
    if all(existing.url_name != link.url_name for existing in _LINKS):
        _LINKS.append(link)
    return link


def load_navigation_modules() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("bistand."):
            try:
                import_module(f"{config.name}.navigation")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.navigation":
                    raise


def staff_links_for(role: str) -> list[dict[str, str]]:
    return [
        {"url": reverse(link.url_name), "label": str(link.label)}
        for link in sorted(_LINKS, key=lambda item: (item.order, item.url_name))
        if role in link.roles
    ]
