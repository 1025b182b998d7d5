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
from typing import Any, Final, Literal

from bistand.rules.released.r2_0_8.citations import Rule
from bistand.rules.released.r2_0_8.household import Household, household_of
from bistand.rules.released.r2_0_8.inputs import HouseholdInput, month_facts
from bistand.rules.released.r2_0_8.money import Ore, format_kronor_sv
from bistand.rules.released.r2_0_8.parameters import Guideline, ParamValue

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


Renderer = Callable[[tuple[Any, ...]], str]
"""A compiled sentence template: the line's ``args`` in, the sentence out."""


def _make_renderer(template: str) -> Renderer:
    """``"… {0} … {1:kr} …"`` → a function of the line's ``args`` that fills it in, made once
    per template (an f-string over the arguments: ``{1:kr}`` → ``kr(a[1])``, the literal text
    as constants). Anything but numbered fields with a plain format spec is filled in by
    :meth:`str.format` as before (:func:`_format_renderer`); both give the same sentence."""
    namespace: dict[str, Any] = {"kr": format_kronor_sv}
    pieces: list[str] = []
    for literal, name, spec, conversion in Formatter().parse(template):
        if literal:
            namespace[f"t{len(namespace)}"] = literal
            pieces.append(f"{{t{len(namespace) - 1}}}")
        if name is None:
            continue
        spec = spec or ""
        if not (name.isascii() and name.isdigit()) or any(c in spec for c in "{}'\\\n"):
            return _format_renderer(template)
        value = f"kr(a[{int(name)}])" if spec == "kr" else f"a[{int(name)}]"
        pieces.append(
            "{"
            + value
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec and spec != "kr" else "")
            + "}"
        )
    code = "def render(a):\n    return f'" + "".join(pieces) + "'\n"
    exec(code, namespace)  # noqa: S102 - generated from the template's own fields
    render: Renderer = namespace["render"]
    return render


def _format_renderer(template: str) -> Renderer:
    """The template filled in by :meth:`str.format`, ``:kr`` arguments as Swedish kronor."""
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
    text = "".join(plain)

    def render(args: tuple[Any, ...]) -> str:
        values = list(args)
        for i in money:
            values[i] = format_kronor_sv(values[i])
        return text.format(*values)

    return render


_RENDERERS: Final[dict[str, Renderer]] = {}


def renderer(template: str) -> Renderer:
    """The function that fills in ``template`` (made on first use, kept per process)."""
    found = _RENDERERS.get(template)
    if found is None:
        found = _RENDERERS[template] = _make_renderer(template)
    return found


def render_text(text: Text, args: tuple[Any, ...]) -> str:
    """The Swedish sentence of a line: the template filled in (``{0:kr}`` → ``"5 220 kr"``,
    :func:`~bistand.rules.money.format_kronor_sv`), or the function called."""
    if not isinstance(text, str):
        return text(*args)
    if not args:
        return text
    found = _RENDERERS.get(text)
    if found is None:
        found = renderer(text)
    return found(args)


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
        "add",
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
        self.add: Callable[[LineSpec], None] = self.lines.append
        """Record a line (made with :func:`line`): the list's own append, no call between."""
        self.params: dict[str, ParamValue] = {}
        self.child_share: dict[str, int] = {}

    def use(self, value: ParamValue) -> ParamValue:
        """Record that the calculation used this parameter value."""
        self.params[value.id] = value
        return value

    def practice(self, name: str) -> ParamValue:
        """An interpretation parameter (``practice.<name>``), or the municipality's guideline
        (``guideline.<name>``) where it sets one, recorded as used."""
        from bistand.rules.released.r2_0_8.parameters import law_parameters

        g = self.guideline
        if g is not None and f"guideline.{name}" in g.parameters:
            return self.use(g.parameters.at(f"guideline.{name}", self.on))
        return self.use(law_parameters().at(f"practice.{name}", self.on))
