"""The nämnd's delegation to staff roles, as dated data (casework/data/delegation.yaml)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).with_name("data") / "delegation.yaml"


class NotDelegatedError(LookupError):
    """The role has no delegation to decide on that date."""


@cache
def _versions(path: Path = DATA_FILE) -> tuple[tuple[date, dict[str, str]], ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    versions = [(item["valid_from"], dict(item["roles"])) for item in raw["versions"]]
    return tuple(sorted(versions, key=lambda v: v[0]))


def delegation_reference(*, role: str, on: date) -> str:
    """The delegation reference a decision by `role` on `on` is made under."""
    in_force = [roles for valid_from, roles in _versions() if valid_from <= on]
    if not in_force or role not in in_force[-1]:
        raise NotDelegatedError(f"{role} has no delegation on {on}")
    return in_force[-1][role]
