"""The nämnd's delegationsordning, as dated data in the municipality's configuration directory
(``delegation.yaml``, see :mod:`bistand.core.municipality` and docs/configuration.md).

One loader for both parts of the file:

- ``staff``: which staff roles may decide, each with the reference to the nämnd's decision
  (:func:`delegation_reference`; a missing role may not decide);
- ``automated``: what the automated decision function may decide (:func:`delegation_in_force`).

Each part has dated versions; the version whose ``valid_from`` is the latest on or before the
date applies, and before the first one nothing is delegated. Plain Python (no Django).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .municipality import DELEGATION_FILE, config_file


class NotDelegatedError(LookupError):
    """Nothing is delegated for that role (or to the automated function) on that date."""


@dataclass(frozen=True)
class Delegation:
    """One version of the delegation to the automated decision function."""

    valid_from: date
    reference: str
    legal_basis: str
    recurring_applications: bool
    new_applications: bool
    may_reject: bool
    max_amount: Decimal
    income_mismatch_threshold: Decimal
    required_sources: tuple[str, ...]


@cache
def _document(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _path() -> Path:
    return config_file(DELEGATION_FILE)


def _in_force(versions: list[dict[str, Any]], on: date) -> dict[str, Any] | None:
    in_force = [v for v in versions if v["valid_from"] <= on]
    return max(in_force, key=lambda v: v["valid_from"]) if in_force else None


def delegation_reference(*, role: str, on: date) -> str:
    """The delegation reference a decision by staff `role` on `on` is made under."""
    version = _in_force(_document(_path())["staff"]["versions"], on)
    if version is None or role not in version["roles"]:
        raise NotDelegatedError(f"{role} has no delegation on {on}")
    return str(version["roles"][role])


def delegation_in_force(on: date) -> Delegation:
    """The delegation to the automated decision function in force on a date."""
    item = _in_force(_document(_path())["automated"]["versions"], on)
    if item is None:
        raise NotDelegatedError(f"No delegation to the automated decision function on {on}")
    return Delegation(
        valid_from=item["valid_from"],
        reference=item["reference"],
        legal_basis=item["legal_basis"],
        recurring_applications=bool(item["recurring_applications"]),
        new_applications=bool(item["new_applications"]),
        may_reject=bool(item["may_reject"]),
        max_amount=Decimal(str(item["max_amount"])),
        income_mismatch_threshold=Decimal(str(item["income_mismatch_threshold"])),
        required_sources=tuple(item["required_sources"]),
    )
