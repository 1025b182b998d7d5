"""The event-kind registry: every kind of case event is declared by the app that records it.

An app puts an `events.py` module beside its models and declares its kinds there::

    from bistand.cases.events import event_kind

    DECIDED = event_kind("decided", _("Beslut fattat"))

`event_kind` returns an `EventKind` (a `str`, so it is stored and compared as before) and
registers its citizen-facing label. `cases.services.event_record` refuses a kind nobody
declared, and `CaseEvent.get_kind_display()` shows the declared label. The stored values never
change (old events keep their meaning); the `cases` app itself knows no domain kind.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.functional import Promise


class EventKind(str):
    """A declared kind of case event. Compares and stores as its plain string value."""

    __slots__ = ()

    @property
    def label(self) -> str:
        return label_for(self)


_LABELS: dict[str, str | Promise] = {}


class UnknownEventKindError(LookupError):
    """A case event of a kind no app has declared."""


def event_kind(value: str, label: str | Promise) -> EventKind:
    """Declare (register) a kind of case event with its Swedish label, once per value."""
    if len(value) > 30:
        raise ValueError(f"Event kind {value!r} is longer than the 30 characters stored")
    known = _LABELS.get(value)
    if known is not None and str(known) != str(label):
        raise ValueError(f"Event kind {value!r} is already declared as {known!r}")
    _LABELS[value] = label
    return EventKind(value)


def is_declared(value: str) -> bool:
    return value in _LABELS


def label_for(value: str) -> str:
    """The Swedish label of a kind; an undeclared (historic) kind shows its stored value."""
    label = _LABELS.get(value)
    return str(label) if label is not None else value


def declared_kinds() -> dict[str, str]:
    return {value: str(label) for value, label in sorted(_LABELS.items())}


def load_event_modules() -> None:
    """Import every Bistånd app's `events` module so that its kinds are declared."""
    for config in apps.get_app_configs():
        if config.name.startswith("bistand."):
            try:
                import_module(f"{config.name}.events")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.events":
                    raise
