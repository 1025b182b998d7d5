"""The one catalogue of income types, with their Swedish labels.

Every module that names an income type imports it from here: the rules engine (calculation lines),
the e-service and the paper form (what is asked), the register adapters (what FK, PM … deliver is
mapped onto these keys), case work (declared against register incomes) and the synthetic data.

- ``label``: the short Swedish name, used in calculation lines, letters and case work.
- ``question``: what the e-service asks the citizen (``None``: not asked; the type comes only from
  case work or the registers).

Whether a type is counted (12 kap. 1 § SoL) is law and stays in ``parameters/inkomster.yaml``
(``income_type.<key>``); a test checks that the catalogue and that file name the same types.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DECLARED_INCOME_TYPES",
    "INCOME_LABELS",
    "INCOME_TYPES",
    "DeclaredIncomeType",
    "IncomeTypeInfo",
    "income_label",
]

# The types a household declares in the application (and the registers deliver), in the order
# the e-service asks for them.
DeclaredIncomeType = Literal[
    "salary",
    "child_allowance",
    "housing_allowance",
    "maintenance_support",
    "sickness_benefit",
    "activity_support",
    "unemployment_benefit",
    "student_aid",
    "pension",
    "other",
]
DECLARED_INCOME_TYPES: tuple[DeclaredIncomeType, ...] = typing.get_args(DeclaredIncomeType)


@dataclass(frozen=True, slots=True)
class IncomeTypeInfo:
    key: str
    label: str
    question: str | None = None


_CATALOGUE: tuple[IncomeTypeInfo, ...] = (
    IncomeTypeInfo("salary", "Lön", "Lön (efter skatt)"),
    IncomeTypeInfo("child_allowance", "Barnbidrag", "Barnbidrag"),
    IncomeTypeInfo("housing_allowance", "Bostadsbidrag", "Bostadsbidrag"),
    IncomeTypeInfo(
        "maintenance_support", "Underhållsstöd", "Underhållsstöd eller underhållsbidrag"
    ),
    IncomeTypeInfo("sickness_benefit", "Sjukpenning", "Sjukpenning eller sjukersättning"),
    IncomeTypeInfo("activity_support", "Aktivitetsstöd", "Aktivitetsstöd"),
    IncomeTypeInfo("unemployment_benefit", "Arbetslöshetsersättning", "Ersättning från a-kassan"),
    IncomeTypeInfo("student_aid", "Studiemedel", "Studiemedel från CSN (bidragsdelen)"),
    IncomeTypeInfo("pension", "Pension", "Pension"),
    IncomeTypeInfo("parental_benefit", "Föräldrapenning"),
    IncomeTypeInfo("tax_refund", "Skatteåterbäring"),
    IncomeTypeInfo("other", "Övrig inkomst", "Annan inkomst"),
    IncomeTypeInfo("merkostnadsersattning", "Merkostnadsersättning"),
)

INCOME_TYPES: dict[str, IncomeTypeInfo] = {info.key: info for info in _CATALOGUE}
INCOME_LABELS: dict[str, str] = {info.key: info.label for info in _CATALOGUE}


def income_label(key: str) -> str:
    """The Swedish label of an income type (the key itself if the type is unknown)."""
    return INCOME_LABELS.get(key, key)
