"""The result of one calculation, JSON-safe through :meth:`CalculationResult.to_dict`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

from bistand.rules.released.r2_0_8.citations import Rule
from bistand.rules.released.r2_0_8.context import (
    _RENDERERS,
    Context,
    Line,
    LineSpec,
    make_line,
    render_text,
)
from bistand.rules.released.r2_0_8.explain import Change, change_dicts, changes
from bistand.rules.released.r2_0_8.frozen import FrozenDict, FrozenList, frozen
from bistand.rules.released.r2_0_8.inputs import HouseholdInput
from bistand.rules.released.r2_0_8.law.forsorjningsstod import Outcome, Reason
from bistand.rules.released.r2_0_8.law.livsforing_i_ovrigt import PendingNeed
from bistand.rules.released.r2_0_8.money import _KR_CACHE, Ore, format_kronor, ore_to_decimal
from bistand.rules.released.r2_0_8.parameters import ParamValue

__all__ = ["CalculationResult", "Change"]


def line_to_dict(line: Line, on: date) -> dict[str, Any]:
    """A line as JSON-safe data; its sources are those valid on ``on`` (the month)."""
    return _line_dict(
        on,
        line.category,
        line.what,
        line.amount,
        line.effect,
        line.rule,
        line.text,
        line.member,
        line.guideline,
    )


def spec_to_dict(spec: LineSpec, on: date) -> dict[str, Any]:
    """A recorded line as JSON-safe data, its sentence rendered (the same dict as
    ``line_to_dict(make_line(spec), on)`` without making the :class:`Line`)."""
    category, what, amount, effect, rule, text, args, member, guideline = spec
    return _line_dict(
        on, category, what, amount, effect, rule, render_text(text, args), member, guideline
    )


_RuleOn = tuple[Rule, str, str, str, FrozenList, "str | None", dict[str, Any]]


def _rule_on(rule: Rule, on: date) -> _RuleOn:
    """(the rule, its id, kind, source text, citations as dicts, interpretation, a line's dict
    with these filled in) for the month, made once per rule and month (rules and citations are
    immutable). The dict is only ever copied (:func:`_lines_to_dicts`), never given out."""
    by_rule = _RULES.get(on)
    if by_rule is None:
        by_rule = _RULES[on] = {}
    cached = by_rule.get(id(rule))
    if cached is None or cached[0] is not rule:
        source = rule.source_text(on)
        sources = FrozenList(frozen(c.to_dict()) for c in rule.sources_on(on))
        template: dict[str, Any] = {
            "category": None,
            "what": None,
            "amount": None,
            "effect": None,
            "member": None,
            "rule": rule.id,
            "rule_kind": rule.kind,
            "source": source,
            "sources": sources,
            "interpretation": rule.interpretation,
            "guideline": None,
            "text": None,
        }
        cached = by_rule[id(rule)] = (
            rule,
            rule.id,
            rule.kind,
            source,
            sources,
            rule.interpretation,
            template,
        )
    return cached


def _line_dict(
    on: date,
    category: str,
    what: str,
    amount: Ore,
    effect: str,
    rule: Rule,
    text: str,
    member: str | None,
    guideline: str | None,
) -> dict[str, Any]:
    cached = _rule_on(rule, on)
    return {
        "category": category,
        "what": what,
        "amount": format_kronor(amount),
        "effect": effect,
        "member": member,
        "rule": cached[1],
        "rule_kind": cached[2],
        "source": cached[3],
        "sources": cached[4],  # shared by every output, read-only (frozen.py)
        "interpretation": cached[5],
        "guideline": guideline,
        "text": text,
    }


# month → id(rule) → (the rule, its id, kind, source text, citations as dicts, interpretation,
# the line dict's template). Final: a compiled module reads it without a lookup (rules 2.0.7).
_RULES: Final[dict[date, dict[int, _RuleOn]]] = {}


class CalculationResult:
    """One household, one month: the amounts in öre, every line, and what was used.

    Read-only: every public attribute is a property. The lines (with their Swedish sentences)
    are made from the recorded line specs the first time :attr:`lines` or :meth:`to_dict` is
    read (docs/adr/0016-rules-lazy-explanation.md).
    """

    __slots__ = ("_ctx", "_input", "_lines", "_outcome", "_rules_version")

    def __init__(
        self, input: HouseholdInput, rules_version: str, outcome: Outcome, ctx: Context
    ) -> None:
        self._input = input
        self._rules_version = rules_version
        self._outcome = outcome
        self._ctx = ctx  # its lines and parameters are never changed after the calculation
        self._lines: tuple[Line, ...] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CalculationResult):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"CalculationResult(month={self._input.month_text!r}, "
            f"status={self._outcome.status!r}, amount_ore={self._outcome.amount!r}, "
            f"rules_version={self._rules_version!r})"
        )

    def _key(self) -> tuple[Any, ...]:
        return (
            self._input,
            self._rules_version,
            self._outcome,
            self.line_specs,
            self.parameters,
            self.municipality_label,
        )

    @property
    def input(self) -> HouseholdInput:
        return self._input

    @property
    def rules_version(self) -> str:
        return self._rules_version

    @property
    def outcome(self) -> Outcome:
        return self._outcome

    @property
    def line_specs(self) -> tuple[LineSpec, ...]:
        return tuple(self._ctx.lines)

    @property
    def parameters(self) -> tuple[ParamValue, ...]:
        """The parameter values the calculation used (law, interpretation, guideline)."""
        return tuple(self._ctx.params.values())

    @property
    def municipality_label(self) -> str | None:
        guideline = self._ctx.guideline
        return guideline.label if guideline is not None else None

    @property
    def status(self) -> Literal["eligible", "not_eligible"]:
        return self._outcome.status

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self._outcome.reasons

    @property
    def riksnorm_ore(self) -> Ore:
        return self._outcome.riksnorm

    @property
    def costs_approved_ore(self) -> Ore:
        return self._outcome.costs_approved

    @property
    def livsforing_granted_ore(self) -> Ore:
        return self._outcome.livsforing_granted

    @property
    def income_counted_ore(self) -> Ore:
        return self._outcome.income_counted

    @property
    def assets_counted_ore(self) -> Ore:
        return self._outcome.assets_counted

    @property
    def amount_ore(self) -> Ore:
        return self._outcome.amount

    @property
    def normoverskott_ore(self) -> Ore:
        return self._outcome.normoverskott

    @property
    def needs_requiring_assessment(self) -> tuple[PendingNeed, ...]:
        return self._outcome.pending

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every line of the calculation, with its Swedish sentence (made on first read)."""
        lines = self._lines
        if lines is None:
            lines = self._lines = tuple(make_line(spec) for spec in self._ctx.lines)
        return lines

    @property
    def amount(self) -> Decimal:
        return ore_to_decimal(self.amount_ore)

    @property
    def riksnorm(self) -> Decimal:
        return ore_to_decimal(self.riksnorm_ore)

    @property
    def costs_approved(self) -> Decimal:
        return ore_to_decimal(self.costs_approved_ore)

    @property
    def income_counted(self) -> Decimal:
        return ore_to_decimal(self.income_counted_ore)

    @property
    def eligible(self) -> bool:
        return self._outcome.status == "eligible"

    @property
    def requires_assessment(self) -> bool:
        return bool(self._outcome.pending)

    def what_would_change(self) -> tuple[Change, ...]:
        """The margins: how much income, assets or a cost would have to change, and what
        waits for assessment (docs/rules.md)."""
        return changes(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: kronor as strings with two decimals (``"5220.00"``)."""
        o = self._outcome
        inp = self._input
        on = inp.first_day
        guideline = self._ctx.guideline
        kr = _KR_CACHE  # format_kronor's own cache first (the norms recur), then the call
        return {
            "rules_version": self._rules_version,
            "month": inp.month_text,
            "municipality": inp.municipality,
            "municipality_guideline": guideline.label if guideline is not None else None,
            "status": o.status,
            "reasons": [r.to_dict(on) for r in o.reasons] if o.reasons else [],
            "riksnorm": kr.get(o.riksnorm) or format_kronor(o.riksnorm),
            "costs_approved": kr.get(o.costs_approved) or format_kronor(o.costs_approved),
            "livsforing_i_ovrigt_granted": kr.get(o.livsforing_granted)
            or format_kronor(o.livsforing_granted),
            "income_counted": kr.get(o.income_counted) or format_kronor(o.income_counted),
            "assets_counted": kr.get(o.assets_counted) or format_kronor(o.assets_counted),
            "amount": kr.get(o.amount) or format_kronor(o.amount),
            "normoverskott": kr.get(o.normoverskott) or format_kronor(o.normoverskott),
            "requires_assessment": bool(o.pending),
            "needs_requiring_assessment": [n.to_dict(on) for n in o.pending] if o.pending else [],
            "lines": (
                _lines_to_dicts(self._ctx.lines, on)
                if self._lines is None
                else [line_to_dict(line, on) for line in self._lines]
            ),
            "what_would_change": change_dicts(self),
            "parameters": _param_dicts(self._ctx.params),
            "input": inp.to_dict(),
        }


def _param_dicts(params: dict[str, ParamValue]) -> list[FrozenDict]:
    """The used parameter values' dicts, sorted by id, in a fresh list (rules 2.0.5): the
    sorted dicts are made once per set of values (the values, not the household: a month and
    a municipality use the same few sets) and the list is copied for each output."""
    values = tuple(params.values())
    key = tuple(map(id, values))
    cached = _PARAM_SETS.get(key)
    if cached is None or cached[0] != values:
        cached = (values, [_param_dict(p) for p in sorted(values, key=_param_id)])
        if len(_PARAM_SETS) < 10_000:
            _PARAM_SETS[key] = cached
    return cached[1].copy()


# ids of the values in use order → (the values, their dicts sorted by id); holding the values
# keeps their ids from being reused.
_PARAM_SETS: Final[dict[tuple[int, ...], tuple[tuple[ParamValue, ...], list[FrozenDict]]]] = {}


def _param_id(p: ParamValue) -> str:
    return p.id


def _param_dict(p: ParamValue) -> FrozenDict:
    """``p.to_dict()``, made once per value and shared read-only (frozen.py)."""
    cached = _PARAMS.get(id(p))
    if cached is None or cached[0] is not p:
        cached = _PARAMS[id(p)] = (p, frozen(p.to_dict()))
    return cached[1]


# id(value) → (the value, its dict); holding the value keeps its id from being reused.
_PARAMS: Final[dict[int, tuple[ParamValue, FrozenDict]]] = {}


def _lines_to_dicts(specs: list[LineSpec], on: date) -> list[dict[str, Any]]:
    """Every recorded line as JSON-safe data (:func:`spec_to_dict`, in one loop: the rule's
    part of each line made once per rule and month, its citations shared read-only
    (frozen.py), each sentence by its template's own renderer; docs/adr/0225). Each line's dict
    is a copy of its rule's template with the line's own seven values set (rules 2.0.7: for a
    compiled module a copy of a 12-key dict costs less than building one; same keys, same
    order)."""
    by_rule = _RULES.get(on)
    if by_rule is None:
        by_rule = _RULES[on] = {}
    out: list[dict[str, Any]] = []
    for spec in specs:
        rule = spec[4]
        cached = by_rule.get(id(rule))
        if cached is None or cached[0] is not rule:
            cached = _rule_on(rule, on)
        text = spec[5]
        args = spec[6]
        if args or type(text) is not str:
            render = _RENDERERS.get(text) if type(text) is str else None
            text = render(args) if render is not None else render_text(text, args)
        amount = spec[2]
        line = cached[6].copy()
        line["category"] = spec[0]
        line["what"] = spec[1]
        line["amount"] = _KR_CACHE.get(amount) or format_kronor(amount)
        line["effect"] = spec[3]
        line["member"] = spec[7]
        line["guideline"] = spec[8]
        line["text"] = text
        out.append(line)
    return out
