"""What a rule function works on: the input, the month's parameters and the lines so far.

Speed (docs/adr/0016-rules-lazy-explanation.md): a rule records each line as a cheap
:data:`LineSpec` (a plain tuple) whose Swedish sentence is a *template* plus its arguments. The
sentence, the money formatting and the :class:`Line` objects are made only when someone reads
``CalculationResult.lines`` or ``to_dict()``; the amounts never depend on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from string import Formatter
from typing import Any, Literal

from bistand.rules.released.r2_0_1.citations import Rule
from bistand.rules.released.r2_0_1.household import Household, household_of
from bistand.rules.released.r2_0_1.inputs import HouseholdInput, month_facts
from bistand.rules.released.r2_0_1.money import Ore, format_kronor_sv
from bistand.rules.released.r2_0_1.parameters import Guideline, ParamValue

__all__ = [
    "Context",
    "Effect",
    "Line",
    "LineSpec",
    "line",
    "make_line",
    "month_facts",
    "render_text",
]

Effect = Literal["add", "subtract", "info"]
Category = Literal[
    "riksnorm", "kostnader", "livsforing_i_ovrigt", "inkomster", "tillgangar", "resultat"
]

Text = str | Callable[..., str]
"""A line's sentence: a template (``"… är {0:kr}."``, ``:kr`` = Swedish kronor) or a function
of the line's ``args``."""


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


def _compile(template: str) -> tuple[str, tuple[int, ...]]:
    """``"… {0:kr} …"`` → (``"… {0} …"``, the positions of the ``:kr`` arguments)."""
    plain: list[str] = []
    money: list[int] = []
    for literal, name, spec, conversion in Formatter().parse(template):
        plain.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if spec == "kr":
            if int(name) not in money:  # an argument may be shown twice
                money.append(int(name))
            spec = ""
        plain.append(
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
    return "".join(plain), tuple(money)


_TEMPLATES: dict[str, tuple[str, tuple[int, ...]]] = {}


def render_text(text: Text, args: tuple[Any, ...]) -> str:
    """The Swedish sentence of a line: the template filled in (``{0:kr}`` → ``"5 220 kr"``,
    :func:`~bistand.rules.money.format_kronor_sv`), or the function called."""
    if not isinstance(text, str):
        return text(*args)
    if not args:
        return text
    compiled = _TEMPLATES.get(text)
    if compiled is None:
        compiled = _TEMPLATES[text] = _compile(text)
    plain, money = compiled
    if money:
        values = list(args)
        for i in money:
            values[i] = format_kronor_sv(values[i])
        return plain.format(*values)
    return plain.format(*args)


LineSpec = tuple[Category, str, Ore, Effect, Rule, Text, tuple[Any, ...], str | None, str | None]
"""A line as a rule records it, in this order (all nine, ``None`` where not applicable):

    (category, what, amount, effect, rule, text, args, member, guideline)

``text`` is a template or a function and ``args`` its arguments (:func:`render_text`). A plain
tuple because a calculation makes several and a tuple costs the least to make; the public
:class:`Line` with its sentence is made from it by :func:`make_line` when the lines are read.
"""


def line(
    *,
    category: Category,
    what: str,
    amount: Ore,
    effect: Effect,
    rule: Rule,
    text: Text,
    args: tuple[Any, ...] = (),
    member: str | None = None,
    guideline: str | None = None,
) -> LineSpec:
    """A line spec built by keyword, so a rule reads ``line(what=…, amount=…, rule=…)`` rather
    than a nine-field positional tuple."""
    return (category, what, amount, effect, rule, text, args, member, guideline)


def make_line(spec: LineSpec) -> Line:
    """The public :class:`Line` of a recorded line, its Swedish sentence rendered."""
    category, what, amount, effect, rule, text, args, member, guideline = spec
    return Line(category, what, amount, effect, rule, render_text(text, args), member, guideline)


class Context:
    """The input, its month (``on``: the first day; ``days_in_month``), the guideline, who
    belongs in the household, the lines recorded so far and the parameter values used.

    ``child_share`` is each child's own share of the need (personal costs and per-head shares
    of the shared and housing costs), which that child's own income covers first (inkomster).
    """

    __slots__ = (
        "child_share",
        "days_in_month",
        "guideline",
        "household",
        "inp",
        "lines",
        "on",
        "params",
    )

    def __init__(self, inp: HouseholdInput, guideline: Guideline | None) -> None:
        self.inp = inp
        self.guideline = guideline
        self.on, self.days_in_month = month_facts(inp.year, inp.month)
        self.household: Household = household_of(inp)
        self.lines: list[LineSpec] = []
        self.params: dict[str, ParamValue] = {}
        self.child_share: dict[str, int] = {}

    def add(self, spec: LineSpec) -> None:
        """Record a line (made with :func:`line`)."""
        self.lines.append(spec)

    def use(self, value: ParamValue) -> ParamValue:
        """Record that the calculation used this parameter value."""
        self.params[value.id] = value
        return value

    def practice(self, name: str) -> ParamValue:
        """An interpretation parameter (``practice.<name>``), or the municipality's guideline
        (``guideline.<name>``) where it sets one, recorded as used."""
        from bistand.rules.released.r2_0_1.parameters import law_parameters

        g = self.guideline
        if g is not None and f"guideline.{name}" in g.parameters:
            return self.use(g.parameters.at(f"guideline.{name}", self.on))
        return self.use(law_parameters().at(f"practice.{name}", self.on))
