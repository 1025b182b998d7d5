"""The staff menu, contributed by each app.

An app registers its staff pages in a `navigation.py` module beside its models:

    from bistand.core.navigation import StaffLink, staff_link
    staff_link(StaffLink("casework:queue", _("Inkomna ansökningar"), roles={...}, order=10))

The header shows the links whose roles include the logged-in user's role.

An app can also put a notice on the start page of staff in some roles (`staff_notice`): a
function that gets the user and returns a `StaffNotice`, or None when there is nothing to say
(for example: the installed rules version is not approved by the nämnd, so the robot decides
nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import reverse

_LINKS: list[StaffLink] = []
_NOTICES: list[Callable[[Any], StaffNotice | None]] = []


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


@dataclass(frozen=True)
class StaffNotice:
    """A message at the top of a staff member's start page, with a link to act on it."""

    title: str
    text: str
    url: str = ""
    link_label: str = ""


def staff_notice(func: Callable[[Any], StaffNotice | None]) -> Callable[[Any], StaffNotice | None]:
    if func not in _NOTICES:
        _NOTICES.append(func)
    return func


def staff_notices_for(user: Any) -> list[StaffNotice]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", True):
        return []
    return [notice for func in _NOTICES if (notice := func(user)) is not None]
