"""Declared hooks of the cases app: prepared decision material another app offers a case.

Planning and case work are independent by contract (pyproject, import-linter): the decision
form (casework) cannot import planning, yet the case worker deciding must see the aktivitetskrav
decision planning prepared (docs/adr/0162, 0211). So cases, the layer both stand on, declares
what a "prepared decision material" is; an app registers a provider in its `AppConfig.ready()`
and the decision form asks `prepared_material_for` without knowing who answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PreparedMaterial:
    """Something prepared for the case worker's decision; it decides nothing itself."""

    title: str  # Swedish, e.g. "Aktivitetskrav 2026-10: Anna Andersson"
    text: str  # the prepared text, plain (shown with line breaks)
    url: str  # where it was prepared and can be read in full
    link_text: str  # Swedish link text, unique on the page
    prepared_by: str
    prepared_at: datetime


PreparedMaterialProvider = Callable[..., list[PreparedMaterial]]
"""`provider(case_id=…, month=…)`: the material for a case's decision about `month`."""

_providers: dict[str, PreparedMaterialProvider] = {}


def register_prepared_material(name: str, provider: PreparedMaterialProvider) -> None:
    """Called once per app from `AppConfig.ready()`; registering the same name again replaces
    it (tests, autoreload)."""
    _providers[name] = provider


def prepared_material_for(*, case_id: int, month: date) -> list[PreparedMaterial]:
    """Every registered app's prepared material for the case and month, newest first."""
    found: list[PreparedMaterial] = []
    for provider in _providers.values():
        found.extend(provider(case_id=case_id, month=month))
    return sorted(found, key=lambda m: m.prepared_at, reverse=True)
