"""The nämnd's delegationsordning, as dated data in the municipality's configuration directory
(``delegation.yaml``, see :mod:`bistand.core.municipality` and docs/configuration.md).

The file has dated versions; each version is one decision of the nämnd (date and § in its
minutes). The version whose ``valid_from`` is the latest on or before the **decision day**
applies; before the first one nothing is delegated. Each version names its delegates: the staff
roles that may decide and ``automated``, the automated decision function (KL 6 kap. 37 §). Each
delegate has its points: the point number, the matter, what it may decide (grant, refuse) and
optionally the largest amount per decision.

- :func:`delegation_reference`: the reference a staff role decides under (for the decision
  record and the letter, FL 31 §);
- :func:`delegation_in_force`: what the automated function may decide (for the triage);
- :func:`delegation_authorise`: the check every decision passes before it is recorded; a
  decision outside the delegate's points raises :class:`OutsideDelegationError`.

The automated function never refuses: a version that lets it is a configuration fault
(:func:`problems`). Plain Python (no Django).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .municipality import DELEGATION_FILE, config_file

AUTOMATED = "automated"
GRANT = "grant"
REFUSE = "refuse"
ACTIONS = frozenset({GRANT, REFUSE})
# What a point covers (`kind` in delegation.yaml; a point without one is ordinary bistånd):
# ordinary ekonomiskt bistånd, a same-day nödprövning, and återkrav with eftergift
# (SoL 2025:400 33 kap.). A delegate without a point of the kind may not decide that matter.
# Bistånd utöver (SoL 2025:400 12 kap. 2 §; 4 kap. 2 § SoL 2001:453 before 2025-07-01) is a
# matter of its own: a nämnd delegates it apart from the right to bistånd (12 kap. 1 §), often to
# fewer delegates, and never to the automated function (KL 6 kap. 38 § andra stycket 1).
BISTAND = "bistand"
UTOVER = "utover"
NODPROVNING = "nodprovning"
ATERKRAV = "aterkrav"
KINDS = frozenset({BISTAND, UTOVER, NODPROVNING, ATERKRAV})


class NotDelegatedError(LookupError):
    """Nothing is delegated for that role (or to the automated function) on that date."""


class OutsideDelegationError(NotDelegatedError):
    """The decision is outside the delegate's points (a refusal, or too large an amount)."""


@dataclass(frozen=True)
class Point:
    """One point of the delegationsordning for one delegate."""

    point: str
    matter: str
    may: frozenset[str]
    max_amount: Decimal | None
    kind: str = BISTAND


@dataclass(frozen=True)
class Delegate:
    key: str  # a staff role, or "automated"
    points: tuple[Point, ...]
    reference: str  # the nämnd's decision and the delegate's points, for the decision record

    def allows(self, *, refuses: bool, amount: Decimal, kind: str = BISTAND) -> bool:
        """Some point of the matter's kind covers the decision: granting (and refusing, if it
        refuses), up to its largest amount."""
        needed = {GRANT, REFUSE} if refuses and amount > 0 else {REFUSE} if refuses else {GRANT}
        return any(
            point.kind == kind
            and needed <= point.may
            and (point.max_amount is None or amount <= point.max_amount)
            for point in self.points
        )

    def points_of(self, kind: str) -> tuple[Point, ...]:
        return tuple(point for point in self.points if point.kind == kind)


@dataclass(frozen=True)
class Delegation:
    """The delegation to the automated decision function in one version."""

    valid_from: date
    reference: str
    legal_basis: str
    recurring_applications: bool
    new_applications: bool
    max_amount: Decimal
    income_mismatch_threshold: Decimal
    required_sources: tuple[str, ...]


@cache
def _document(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _path() -> Path:
    return config_file(DELEGATION_FILE)


def _version_on(on: date) -> dict[str, Any]:
    versions = _document(_path())["versions"]
    in_force = [v for v in versions if v["valid_from"] <= on]
    if not in_force:
        raise NotDelegatedError(f"No delegationsordning in force on {on}")
    return max(in_force, key=lambda v: v["valid_from"])


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _largest(limits: list[Decimal | None]) -> Decimal:
    """The largest amount any granting point allows (a point without a limit: no limit)."""
    if not limits:
        return Decimal("0.00")
    if any(limit is None for limit in limits):
        return Decimal("Infinity")
    return max(limit for limit in limits if limit is not None)


def _reference(version: dict[str, Any], points: list[dict[str, Any]]) -> str:
    decision = version["namnd_decision"]
    numbers = " och ".join(str(p["point"]) for p in points)
    note = f" ({version['note']})" if version.get("note") else ""
    return (
        f"{version['title']}, beslut {decision['date']:%Y-%m-%d} {decision['paragraph']}, "
        f"punkt {numbers}{note}"
    )


def delegate_on(*, key: str, on: date, kind: str | tuple[str, ...] | None = None) -> Delegate:
    """The delegate `key` (a staff role or "automated") in the version in force on `on`. With
    `kind` (one kind, or several), its reference names only the points of those kinds (and it
    must have one of each)."""
    version = _version_on(on)
    item = (version.get("delegates") or {}).get(key)
    if not item:
        raise NotDelegatedError(f"{key} has no delegation on {on}")
    points = item["points"]
    if kind is not None:
        kinds = (kind,) if isinstance(kind, str) else kind
        for wanted in kinds:
            if not any(p.get("kind", BISTAND) == wanted for p in points):
                raise NotDelegatedError(f"{key} has no point of kind {wanted} on {on}")
        points = [p for p in points if p.get("kind", BISTAND) in kinds]
    return Delegate(
        key=key,
        points=tuple(
            Point(
                point=str(p["point"]),
                matter=str(p["matter"]),
                may=frozenset(p["may"]),
                max_amount=_amount(p.get("max_amount")),
                kind=str(p.get("kind", BISTAND)),
            )
            for p in points
        ),
        reference=_reference(version, points),
    )


def delegation_reference(*, role: str, on: date, kind: str | tuple[str, ...] = BISTAND) -> str:
    """The delegation reference a decision by staff `role` on `on` is made under (with `kind`:
    the points of that matter only; with several kinds, e.g. a decision on försörjningsstöd
    with a post of bistånd utöver, the points of each)."""
    return delegate_on(key=role, on=on, kind=kind).reference


def delegation_in_force(on: date) -> Delegation:
    """The delegation to the automated decision function in force on the decision day."""
    version = _version_on(on)
    delegate = delegate_on(key=AUTOMATED, on=on, kind=BISTAND)
    item = version["delegates"][AUTOMATED]
    conditions = item.get("conditions") or {}
    limits = [p.max_amount for p in delegate.points if GRANT in p.may]
    return Delegation(
        valid_from=version["valid_from"],
        reference=delegate.reference,
        legal_basis=str(item["legal_basis"]),
        recurring_applications=bool(conditions.get("recurring_applications", False)),
        new_applications=bool(conditions.get("new_applications", False)),
        max_amount=_largest(limits),
        income_mismatch_threshold=Decimal(str(conditions.get("income_mismatch_threshold", "0"))),
        required_sources=tuple(conditions.get("required_sources") or ()),
    )


def delegation_authorise(
    *, key: str, on: date, refuses: bool, amount: Decimal, kind: str = BISTAND
) -> Delegate:
    """The delegate, if the decision (granting `amount`, refusing something or not, in a matter
    of `kind`) is within its points on the decision day `on`; else OutsideDelegationError (or
    NotDelegatedError when nothing is delegated to it at all)."""
    delegate = delegate_on(key=key, on=on)
    if key == AUTOMATED and (refuses or kind != BISTAND):
        raise OutsideDelegationError("The automated decision function never refuses")
    if not delegate.points_of(kind):
        raise NotDelegatedError(f"{key} has no point of kind {kind} on {on}")
    if not delegate.allows(refuses=refuses, amount=amount, kind=kind):
        raise OutsideDelegationError(f"{key}: outside the delegation on {on} ({kind})")
    return delegate


def problems(data: Any) -> list[str]:
    """Schema faults in a parsed delegation.yaml (empty: valid)."""
    faults: list[str] = []
    versions = data.get("versions") if isinstance(data, dict) else None
    if not isinstance(versions, list) or not versions:
        return ["delegation.versions: must be a non-empty list"]
    for i, version in enumerate(versions):
        at = f"delegation.versions[{i}]"
        if not isinstance(version, dict) or not isinstance(version.get("valid_from"), date):
            faults.append(f"{at}.valid_from: must be a date (YYYY-MM-DD)")
            continue
        decision = version.get("namnd_decision")
        if not (
            isinstance(decision, dict)
            and isinstance(decision.get("date"), date)
            and isinstance(decision.get("paragraph"), str)
            and "§" in decision["paragraph"]
        ):
            faults.append(f"{at}.namnd_decision: needs date (YYYY-MM-DD) and paragraph (§ …)")
        if not isinstance(version.get("title"), str):
            faults.append(f"{at}.title: must be a string")
        delegates = version.get("delegates")
        if not isinstance(delegates, dict) or not delegates:
            faults.append(f"{at}.delegates: must be a non-empty mapping")
            continue
        for key, item in delegates.items():
            faults.extend(_delegate_problems(f"{at}.delegates.{key}", key, item))
    return faults


def _delegate_problems(at: str, key: str, item: Any) -> list[str]:
    faults: list[str] = []
    points = item.get("points") if isinstance(item, dict) else None
    if not isinstance(points, list) or not points:
        return [f"{at}.points: must be a non-empty list"]
    for j, point in enumerate(points):
        where = f"{at}.points[{j}]"
        if not isinstance(point, dict) or not point.get("point") or not point.get("matter"):
            faults.append(f"{where}: needs point and matter")
            continue
        may = point.get("may")
        if not isinstance(may, list) or not may or not set(may) <= ACTIONS:
            faults.append(f"{where}.may: a list of grant, refuse")
        elif key == AUTOMATED and REFUSE in may:
            faults.append(f"{where}.may: the automated decision function may never refuse")
        kind = point.get("kind", BISTAND)
        if kind not in KINDS:
            faults.append(f"{where}.kind: one of {', '.join(sorted(KINDS))}")
        elif key == AUTOMATED and kind != BISTAND:
            faults.append(
                f"{where}.kind: the automated decision function decides no {kind} (a person does)"
            )
        if point.get("max_amount") is not None:
            try:
                if Decimal(str(point["max_amount"])) <= 0:
                    raise InvalidOperation
            except InvalidOperation:
                faults.append(f"{where}.max_amount: must be an amount")
    if key == AUTOMATED:
        if not isinstance(item.get("legal_basis"), str):
            faults.append(f"{at}.legal_basis: must be a string")
        conditions = item.get("conditions")
        if not isinstance(conditions, dict):
            faults.append(f"{at}.conditions: must be a mapping")
        else:
            for flag in ("recurring_applications", "new_applications"):
                if not isinstance(conditions.get(flag), bool):
                    faults.append(f"{at}.conditions.{flag}: must be true or false")
            try:
                Decimal(str(conditions.get("income_mismatch_threshold")))
            except InvalidOperation:
                faults.append(f"{at}.conditions.income_mismatch_threshold: must be an amount")
            if not isinstance(conditions.get("required_sources"), list):
                faults.append(f"{at}.conditions.required_sources: must be a list")
        if "may_reject" in item or "may_reject" in (conditions or {}):
            faults.append(f"{at}.may_reject: removed; the automated function never refuses")
    return faults
