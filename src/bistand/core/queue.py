"""The shared queue ("Inkomna ansökningar") lists work from several apps.

The casework app owns the queue page and the applications the robot did not decide. Other apps
contribute their own open items (appeals, messages, post-checks …) by registering a source in a
`queue.py` module beside their models:

    from bistand.core.queue import QueueItem, queue_source

    @queue_source
    def open_appeals() -> list[QueueItem]: ...

A source returns the items that still need a case worker; each links to the app's own page where
the work is done. Sources are called for each request, so their labels, titles and reasons are
marked with gettext and come in the staff member's language (Swedish, or English).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class QueueItem:
    kind: str  # machine-readable: "appeal", "message", "post_check" …
    kind_label: str  # shown in the queue, in the page's language (gettext)
    title: str  # e.g. "Överklagande av beslut 2026-11-03" (no names, no personnummer)
    url: str  # where a case worker handles it
    case_number: str
    received_at: datetime
    due_at: datetime | None = None
    reasons: tuple[str, ...] = field(default_factory=tuple)  # sentences, page's language
    channel: str = "digital"


QueueSource = Callable[[], list[QueueItem]]
_SOURCES: list[QueueSource] = []


def queue_source(func: QueueSource) -> QueueSource:
    if func not in _SOURCES:
        _SOURCES.append(func)
    return func


def load_queue_modules() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("bistand."):
            try:
                import_module(f"{config.name}.queue")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.queue":
                    raise


def contributed_items() -> list[QueueItem]:
    """Every registered source's open items, oldest first."""
    items = [item for source in _SOURCES for item in source()]
    return sorted(items, key=lambda item: item.received_at)
