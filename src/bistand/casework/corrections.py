"""A case worker's corrections of the facts a calculation rests on: incomes, costs and the
household, each with its reason (issue 14 item 3).

A correction changes the rules input (docs/rules-input.md) before the rules engine calculates;
the engine itself is the one the automated function uses, so the same corrected household gives
the same amount by hand and by the robot. Every correction keeps who-what-old-new-reason for the
case event, the journal and the decision letter's motivering (docs/adr/0155).

Plain data in, plain data out: nothing here reads the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from bistand.core.format import kronor
from bistand.rules.income_types import income_label
from bistand.rules.inputs import COST_TYPES

__all__ = [
    "COST_LABELS",
    "Correction",
    "CorrectionError",
    "IncomeRow",
    "apply_corrections",
    "income_rows",
    "member_label",
    "members",
]

COST_LABELS = {
    "rent": "Hyra",
    "household_electricity": "Hushållsel",
    "home_insurance": "Hemförsäkring",
    "union_and_a_kassa": "Fackförening och a-kassa",
    "work_travel": "Arbetsresor",
}
"""Swedish names of the costs (rules.law.skaliga_kostnader), in the engine's order."""
assert tuple(COST_LABELS) == COST_TYPES

ROLE_LABELS = {
    "applicant": "Sökande",
    "partner": "Make, maka eller sambo",
    "child": "Barn",
    "other_adult": "Annan vuxen i hemmet (eget hushåll)",
    "home_member": "Person i hemmet i ett annat hushåll",
}
KINDS = ("income", "cost", "member_age", "member_school", "member_remove", "member_add")


class CorrectionError(ValueError):
    """A correction that does not fit the input (e.g. a member that is not there)."""


@dataclass(frozen=True)
class Correction:
    """One corrected fact: what (kind + target), old and new value (rules-input format, "" for
    none) and the case worker's reason. `label` names the fact in Swedish."""

    kind: str
    target: str
    label: str
    old: str
    new: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "target": self.target,
            "label": str(self.label),
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
            "sentence": self.sentence(),
        }

    def _shown(self, value: str) -> str:
        if self.kind in ("income", "cost"):
            return kronor(Decimal(value or "0"))
        if self.kind == "member_age":
            return _("%(age)s år") % {"age": value} if value else _("uppgift saknas")
        if self.kind == "member_school":
            return {
                "true": _("går i skolan"),
                "false": _("går inte i skolan"),
            }.get(value, _("uppgift saknas"))
        if self.kind == "member_remove":
            return _("ingår inte i hushållet") if value == "removed" else _("ingår i hushållet")
        if self.kind == "member_add":
            return new_member_label(value) if value else ""
        return value

    def sentence(self) -> str:
        """ "Lön, sökande: 1 500 kr ändras till 2 750 kr. Skäl: …" for the letter and the
        journal."""
        reason = self.reason.strip()
        if not reason.endswith((".", "!", "?")):
            reason += "."
        if self.kind == "member_add":
            return _("Ny i hushållet: %(who)s. Skäl: %(reason)s") % {
                "who": self._shown(self.new),
                "reason": reason,
            }
        if self.kind == "member_remove":
            return _("%(who)s ingår inte i hushållet. Skäl: %(reason)s") % {
                "who": self.label,
                "reason": reason,
            }
        return _("%(label)s: %(old)s ändras till %(new)s. Skäl: %(reason)s") % {
            "label": self.label,
            "old": self._shown(self.old),
            "new": self._shown(self.new),
            "reason": reason,
        }


def members(rules_input: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(m) for m in rules_input.get("household", [])]


def member_label(member_id: str, rules_input: dict[str, Any]) -> str:
    """ "Sökande", "Barn 2 (7 år)", "Annan vuxen i hemmet 1" …"""
    for m in rules_input.get("household", []):
        if m.get("id") == member_id:
            role = str(m.get("role", ""))
            base = ROLE_LABELS.get(role, member_id)
            if role in ("child", "other_adult", "home_member"):
                number = member_id[1:] if member_id[1:].isdigit() else ""
                base = f"{base} {number}".strip()
                if m.get("age") is not None:
                    base += " " + _("(%(age)s år)") % {"age": m["age"]}
            return base
    # A person added in the same decision: named by the role the id stands for.
    role = {"p": "partner", "c": "child", "o": "other_adult"}.get(member_id[:1], "")
    if role and member_id[1:].isdigit():
        return ROLE_LABELS[role] if role == "partner" else f"{ROLE_LABELS[role]} {member_id[1:]}"
    return member_id


@dataclass(frozen=True)
class IncomeRow:
    """An income per member and type: as in the calculation input, and the registers' figure."""

    member: str
    type: str
    amount: Decimal
    register: Decimal | None

    @property
    def key(self) -> str:
        return f"{self.member}:{self.type}"


def income_rows(
    rules_input: dict[str, Any], register_totals: dict[tuple[str, str], Decimal] | None = None
) -> list[IncomeRow]:
    """One row per member and income type that the input or the registers have: the input's
    amount (0 if only the registers know it) and the registers' amount (None if not fetched)."""
    declared: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for income in rules_input.get("incomes", []):
        declared[(str(income["member"]), str(income["type"]))] += Decimal(str(income["amount"]))
    known = {str(m.get("id")) for m in rules_input.get("household", [])}
    registered = {k: v for k, v in (register_totals or {}).items() if k[0] in known}
    return [
        IncomeRow(
            member,
            kind,
            declared.get((member, kind), Decimal("0.00")).quantize(Decimal("0.01")),
            registered.get((member, kind), Decimal("0.00")) if register_totals else None,
        )
        for member, kind in sorted(set(declared) | set(registered))
    ]


def income_correction(
    rules_input: dict[str, Any], *, member: str, kind: str, old: Decimal, new: Decimal, reason: str
) -> Correction:
    return Correction(
        kind="income",
        target=f"{member}:{kind}",
        label=f"{income_label(kind)}, {member_label(member, rules_input).lower()}",
        old=f"{old:.2f}",
        new=f"{new:.2f}",
        reason=reason,
    )


def apply_corrections(base: dict[str, Any], corrections: list[Correction]) -> dict[str, Any]:
    """The rules input with the corrections applied, in order. The base is not changed.

    - income "a1:salary": every income of that member and type is replaced by one of the new
      amount (none when 0 kr);
    - cost "rent": the cost's new amount;
    - member_age / member_school "c1": the member's age / whether in school ("true"/"false");
    - member_remove "c1": the member leaves the household, with the incomes and assets that
      were his or hers; a need or norm change that named the member stays, without the name;
    - member_add "child"/"partner"/"other_adult": a new member; `new` is "<role>:<age>" and,
      for 18–20-year-olds, ":true"/":false" for school.
    """
    out: dict[str, Any] = {
        **base,
        "household": [dict(m) for m in base.get("household", [])],
        "incomes": [dict(i) for i in base.get("incomes", [])],
        "costs": dict(base.get("costs", {})),
    }
    for c in corrections:
        if c.kind == "income":
            member, _sep, kind = c.target.partition(":")
            _require_member(out, member)
            incomes = [i for i in out["incomes"] if (i["member"], i["type"]) != (member, kind)]
            amount = Decimal(c.new or "0")
            if amount:
                incomes.append({"member": member, "type": kind, "amount": f"{amount:.2f}"})
            out["incomes"] = incomes
        elif c.kind == "cost":
            if c.target not in COST_TYPES:
                raise CorrectionError(c.target)
            out["costs"][c.target] = f"{Decimal(c.new or '0'):.2f}"
        elif c.kind in ("member_age", "member_school"):
            row = _require_member(out, c.target)
            if c.kind == "member_age":
                row["age"] = int(c.new)
            else:
                row["in_school"] = c.new == "true"
        elif c.kind == "member_remove":
            row = _require_member(out, c.target)
            if row.get("role") == "applicant":
                raise CorrectionError(_("Den sökande kan inte tas bort ur hushållet."))
            _remove_member(out, c.target)
        elif c.kind == "member_add":
            out["household"].append(_new_member(out, c.new))
        else:
            raise CorrectionError(c.kind)
    return out


def _require_member(rules_input: dict[str, Any], member_id: str) -> dict[str, Any]:
    for row in rules_input["household"]:
        if row.get("id") == member_id:
            return row  # type: ignore[no-any-return]
    raise CorrectionError(member_id)


def _remove_member(out: dict[str, Any], member_id: str) -> None:
    out["household"] = [m for m in out["household"] if m.get("id") != member_id]
    out["incomes"] = [i for i in out["incomes"] if i.get("member") != member_id]
    if "assets" in out:
        out["assets"] = [a for a in out["assets"] if a.get("member") != member_id]
    for key in ("other_needs", "norm_adjustments"):
        if key in out:
            out[key] = [
                {**row, "member": None} if row.get("member") == member_id else dict(row)
                for row in out[key]
            ]


def new_member_value(role: str, age: int, in_school: bool | None) -> str:
    school = "" if in_school is None else (":true" if in_school else ":false")
    return f"{role}:{age}{school}"


def _new_member(out: dict[str, Any], value: str) -> dict[str, Any]:
    parts = value.split(":")
    role, age = parts[0], int(parts[1])
    if role not in ("partner", "child", "other_adult"):
        raise CorrectionError(role)
    if role == "partner" and any(m.get("role") == "partner" for m in out["household"]):
        raise CorrectionError(_("Hushållet har redan en make, maka eller sambo."))
    row: dict[str, Any] = {"id": next_member_id(out, role), "role": role, "age": age}
    if len(parts) > 2:
        row["in_school"] = parts[2] == "true"
    return row


def next_member_id(rules_input: dict[str, Any], role: str) -> str:
    """The id a member added with `role` gets: "p1", or the next free "cN" / "oN"."""
    ids = {str(m.get("id")) for m in rules_input.get("household", [])}
    if role == "partner":
        return "p1"
    prefix = "c" if role == "child" else "o"
    n = 1
    while f"{prefix}{n}" in ids:
        n += 1
    return f"{prefix}{n}"


HOUSEHOLD_FIRST = {"member_remove": 0, "member_age": 1, "member_school": 1, "member_add": 2}


def in_order(corrections: list[Correction]) -> list[Correction]:
    """The household first (who is in it), then incomes and costs: an income can then belong
    to a person added in the same decision."""
    return sorted(corrections, key=lambda c: HOUSEHOLD_FIRST.get(c.kind, 3))


def new_member_label(value: str) -> str:
    """ "Barn, 7 år" for the added-member correction's new value."""
    parts = value.split(":")
    text = f"{ROLE_LABELS.get(parts[0], parts[0])}, " + _("%(age)s år") % {"age": parts[1]}
    if len(parts) > 2:
        text += ", " + (_("går i skolan") if parts[2] == "true" else _("går inte i skolan"))
    return text
