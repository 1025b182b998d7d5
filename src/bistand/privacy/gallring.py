"""The gallring rules file (gallring.yaml in the municipality's configuration directory, see
bistand.core.municipality): loaded, checked and resolved for a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bistand.core.municipality import GALLRING_FILE, config_file

ACTIONS = {"delete", "anonymise"}
RETAIN_UNITS = {"days", "months", "years"}


class GallringConfigError(ValueError):
    pass


@dataclass(frozen=True)
class GallringRule:
    id: str
    title: str
    action: str
    valid_from: date
    retain: dict[str, int]
    reference: str
    example: bool

    def cutoff(self, today: date) -> date:
        """Records counted from a date before this are due."""
        return months_before(
            today, 12 * self.retain.get("years", 0) + self.retain.get("months", 0)
        ) - timedelta(days=self.retain.get("days", 0))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _check_version(rule_id: str, version: dict[str, Any]) -> None:
    if not isinstance(version.get("valid_from"), date):
        raise GallringConfigError(f"{rule_id}: valid_from must be a date")
    retain = version.get("retain")
    if (
        not isinstance(retain, dict)
        or not retain
        or set(retain) - RETAIN_UNITS
        or not all(isinstance(v, int) and v >= 0 for v in retain.values())
    ):
        raise GallringConfigError(f"{rule_id}: retain must be days/months/years ≥ 0")
    if not str(version.get("reference", "")).strip():
        raise GallringConfigError(f"{rule_id}: every version needs a reference")
    if not isinstance(version.get("example"), bool):
        raise GallringConfigError(f"{rule_id}: say whether the value is an example")


def rules_file() -> Path:
    """gallring.yaml in the municipality's configuration directory."""
    return config_file(GALLRING_FILE)


def load_rules(path: Path | None = None) -> dict[str, Any]:
    return _load_rules(path or rules_file())


@cache
def _load_rules(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule.get("action") not in ACTIONS:
            raise GallringConfigError(f"{rule.get('id')}: action must be one of {ACTIONS}")
        for version in rule["versions"]:
            _check_version(rule["id"], version)
    return data  # type: ignore[no-any-return]


def rules_in_force(on: date, path: Path | None = None) -> dict[str, GallringRule]:
    """Each rule's version in force on `on` (rules with no version yet in force are left out)."""
    found: dict[str, GallringRule] = {}
    for rule in load_rules(path)["rules"]:
        versions = [v for v in rule["versions"] if v["valid_from"] <= on]
        if not versions:
            continue
        version = max(versions, key=lambda v: v["valid_from"])
        found[rule["id"]] = GallringRule(
            id=rule["id"],
            title=rule["title"],
            action=rule["action"],
            valid_from=version["valid_from"],
            retain=dict(version["retain"]),
            reference=" ".join(str(version["reference"]).split()),
            example=version["example"],
        )
    return found
