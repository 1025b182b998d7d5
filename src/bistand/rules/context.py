"""What a rule function works on: the input, the month's parameters and the lines so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bistand.rules.citations import Rule
from bistand.rules.inputs import HouseholdInput
from bistand.rules.money import Ore
from bistand.rules.parameters import Guideline, ParamValue

__all__ = ["Context", "Effect", "Line"]

Effect = Literal["add", "subtract", "info"]
Category = Literal[
    "riksnorm", "kostnader", "livsforing_i_ovrigt", "inkomster", "tillgangar", "resultat"
]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the calculation.

    ``effect`` says how the line enters the amount: ``add`` (a need), ``subtract`` (income or
    assets counted) or ``info`` (shown for the explanation, does not change the amount). For
    every result, max(0, sum of add − sum of subtract) is the amount paid.
    """

    category: Category
    what: str
    amount: Ore
    effect: Effect
    rule: Rule
    text: str
    member: str | None = None
    guideline: str | None = None


@dataclass(slots=True)
class Context:
    inp: HouseholdInput
    guideline: Guideline | None
    lines: list[Line] = field(default_factory=list)
    params: dict[str, ParamValue] = field(default_factory=dict)

    def use(self, value: ParamValue) -> ParamValue:
        """Record that the calculation used this parameter value."""
        self.params[value.id] = value
        return value
