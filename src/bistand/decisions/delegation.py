"""The nämnd's delegation to the automated decision function, as dated data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("data") / "delegation.yaml"


@dataclass(frozen=True)
class Delegation:
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
def _versions(path: Path = DATA_FILE) -> tuple[Delegation, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = [
        Delegation(
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
        for item in raw["versions"]
    ]
    return tuple(sorted(versions, key=lambda d: d.valid_from))


def delegation_in_force(on: date) -> Delegation:
    """The delegation in force on a date. Before the first one, nothing is delegated."""
    in_force = [d for d in _versions() if d.valid_from <= on]
    if not in_force:
        raise LookupError(f"No delegation to the automated decision function on {on}")
    return in_force[-1]
