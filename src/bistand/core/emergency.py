"""The municipality's rules for nödprövning (same-day emergency assistance), as data in the
configuration directory (``emergency.yaml``, see :mod:`bistand.core.municipality`).

- ``needs``: what a nödprövning can meet (food, medicine, a night's housing …) with the
  riktlinje's largest amount per decision;
- ``means``: how the money is paid at once: ``kontant``, ``kort`` or ``leverantor``
  (a rekvisition direct to a supplier);
- ``suppliers``: the suppliers with an agreement, and which needs each may meet.

Plain Python (no Django). :func:`problems` is run by ``bistand check`` with the rest of the
directory; :func:`emergency_rules` raises on a faulty file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .municipality import config_file

EMERGENCY_FILE = "emergency.yaml"
CASH, CARD, SUPPLIER = "kontant", "kort", "leverantor"
MEANS = (CASH, CARD, SUPPLIER)
MEANS_LABELS = {
    CASH: "Kontant i kassan",
    CARD: "Laddat på kort",
    SUPPLIER: "Rekvisition direkt till leverantör",
}


class EmergencyConfigError(ValueError):
    """emergency.yaml does not follow the schema (the message lists every fault)."""


@dataclass(frozen=True)
class Need:
    key: str
    label: str
    max_amount: Decimal


@dataclass(frozen=True)
class Supplier:
    key: str
    name: str
    needs: frozenset[str]


@dataclass(frozen=True)
class EmergencyRules:
    needs: tuple[Need, ...]
    means: tuple[str, ...]
    suppliers: tuple[Supplier, ...]

    def need(self, key: str) -> Need | None:
        return next((n for n in self.needs if n.key == key), None)

    def supplier(self, key: str) -> Supplier | None:
        return next((s for s in self.suppliers if s.key == key), None)


def problems(data: Any) -> list[str]:
    """Schema faults in a parsed emergency.yaml (empty: valid)."""
    if not isinstance(data, dict):
        return [f"{EMERGENCY_FILE}: must be a mapping"]
    faults: list[str] = []
    needs = data.get("needs")
    keys: set[str] = set()
    if not isinstance(needs, list) or not needs:
        faults.append("emergency.needs: must be a non-empty list of {key, label, max_amount}")
        needs = []
    for i, need in enumerate(needs):
        at = f"emergency.needs[{i}]"
        if not isinstance(need, dict) or not need.get("key") or not need.get("label"):
            faults.append(f"{at}: needs key and label")
            continue
        keys.add(str(need["key"]))
        try:
            if Decimal(str(need.get("max_amount"))) <= 0:
                raise InvalidOperation
        except InvalidOperation:
            faults.append(f"{at}.max_amount: must be an amount above 0")
    means = data.get("means")
    if not isinstance(means, list) or not means or not set(means) <= set(MEANS):
        faults.append(f"emergency.means: a non-empty list of {', '.join(MEANS)}")
        means = []
    suppliers = data.get("suppliers") or []
    if not isinstance(suppliers, list):
        faults.append("emergency.suppliers: must be a list")
        suppliers = []
    if SUPPLIER in means and not suppliers:
        faults.append("emergency.suppliers: leverantor needs at least one supplier")
    for i, supplier in enumerate(suppliers):
        at = f"emergency.suppliers[{i}]"
        if not isinstance(supplier, dict) or not supplier.get("key") or not supplier.get("name"):
            faults.append(f"{at}: needs key and name")
            continue
        covered = supplier.get("needs")
        if not isinstance(covered, list) or not covered or not set(covered) <= keys:
            faults.append(f"{at}.needs: a non-empty list of the needs' keys")
    return faults


def _parse(data: dict[str, Any]) -> EmergencyRules:
    return EmergencyRules(
        needs=tuple(
            Need(str(n["key"]), str(n["label"]), Decimal(str(n["max_amount"])))
            for n in data["needs"]
        ),
        means=tuple(data["means"]),
        suppliers=tuple(
            Supplier(str(s["key"]), str(s["name"]), frozenset(s["needs"]))
            for s in data.get("suppliers") or []
        ),
    )


@cache
def _load(path: Path) -> EmergencyRules:
    if not path.is_file():
        raise EmergencyConfigError(f"{EMERGENCY_FILE}: missing in {path.parent}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    faults = problems(data)
    if faults:
        raise EmergencyConfigError(f"{path} is not valid:\n- " + "\n- ".join(faults))
    return _parse(data)


def emergency_rules(directory: Path | None = None) -> EmergencyRules:
    """The municipality's nödprövning rules (emergency.yaml), checked."""
    return _load(config_file(EMERGENCY_FILE, directory))
