"""The same rules over a whole population at once (what-if analysis), vectorised with numpy.

A :class:`HouseholdTable` holds one month's households as columns of integer öre (struct of
arrays: one row per household, per person, per income, per need, per norm adjustment).
:func:`calculate_batch` applies the rules with the *same* parameter tables
(:func:`bistand.rules.law.riksnorm.tables`, the guideline files) and the *same* formulas
(:mod:`bistand.rules.formulas`) as :func:`bistand.rules.calculate`; the property test proves
the two agree to the öre. The batch path computes amounts and status only, not the lines.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np

from bistand.rules import formulas
from bistand.rules.formulas import IntArray
from bistand.rules.inputs import COST_TYPES, ROLES, HouseholdInput, income_types
from bistand.rules.law import inkomster, riksnorm
from bistand.rules.money import ore_to_decimal
from bistand.rules.parameters import ParameterMissingError, guideline_for, law_parameters

__all__ = ["BatchResult", "HouseholdTable", "calculate_batch"]

BoolArray = np.ndarray[tuple[int], np.dtype[np.bool_]]
APPLICANT, PARTNER, CHILD, OTHER_ADULT = 0, 1, 2, 3
ROLE_CODE = {
    "applicant": APPLICANT,
    "partner": PARTNER,
    "child": CHILD,
    "other_adult": OTHER_ADULT,
    "home_member": OTHER_ADULT,  # another household in the home: counted the same (no lines here)
}
assert set(ROLE_CODE) == set(ROLES)
NO_CAP = np.int64(2**62)


def _i64(values: object) -> IntArray:
    return np.asarray(values, dtype=np.int64)


def _sum_by(index: IntArray, values: IntArray, size: int) -> IntArray:
    """Exact integer sum of ``values`` per ``index`` (no float weights)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, index, values)
    return out


def _count_by(index: IntArray, size: int) -> IntArray:
    return np.bincount(index, minlength=size).astype(np.int64, copy=False)


@dataclass(slots=True)
class HouseholdTable:
    """One month's households as columns. Money columns are int64 öre.

    Per household (length H): ``municipality_index`` (into ``municipalities``, −1 = none),
    ``days_in_period`` (0 = whole month), the five cost columns, ``radrum_until_ordinal``
    (``date.toordinal()``, −1 = none), ``rent_assessed_max`` (the case worker's assessed highest
    rent, −1 = none), ``months_on_assistance``, ``jobbstimulans_since``
    (months since the start month, used when ``has_jobbstimulans_start``),
    ``previous_month_surplus``, ``surplus_age`` (months since it arose), ``first_time_applicant``,
    ``shortfall_foreseeable``, ``assets_total`` (the family's money: bank and cash),
    ``rent_agreed_share`` and ``household_electricity_agreed_share`` (−1 = none recorded). Per
    person (P): ``person_household``, ``person_position`` (order in the household), ``role``
    (0 applicant, 1 partner, 2 child, 3 other_adult — a child 18–20 who has left school and a
    ``home_member`` are coded 3 too: the home's own households, counted per head, never in the
    family; the batch makes no lines, so they need no code of their own), ``age`` (−1 unknown),
    ``lunch_at_home`` (−1 unknown, 0, 1), ``umgange_days`` (0 = lives here all month),
    ``earnings_exempted``, ``days_with_other_parent`` (a child living here: days with the other
    parent, 0 = none recorded). Per income (I): ``income_person`` (index into the persons),
    ``income_type`` (index into :func:`income_types`), ``income_amount``. Per assessed or
    pending need (N): ``need_household``, ``need_granted`` (granted amount, 0 if pending or
    denied). Per norm adjustment (A): ``adjustment_household``, ``adjustment_order``,
    ``adjustment_amount`` (signed).
    """

    year: int
    month: int
    municipalities: tuple[str | None, ...]
    municipality_index: IntArray
    days_in_period: IntArray
    rent: IntArray
    household_electricity: IntArray
    home_insurance: IntArray
    union_and_a_kassa: IntArray
    work_travel: IntArray
    rent_agreed_share: IntArray
    household_electricity_agreed_share: IntArray
    radrum_until_ordinal: IntArray
    rent_assessed_max: IntArray
    months_on_assistance: IntArray
    has_jobbstimulans_start: BoolArray
    jobbstimulans_since: IntArray
    previous_month_surplus: IntArray
    surplus_age: IntArray
    first_time_applicant: BoolArray
    shortfall_foreseeable: BoolArray
    assets_total: IntArray
    person_household: IntArray
    person_position: IntArray
    role: IntArray
    age: IntArray
    lunch_at_home: IntArray
    umgange_days: IntArray
    earnings_exempted: IntArray
    days_with_other_parent: IntArray
    income_person: IntArray
    income_type: IntArray
    income_amount: IntArray
    need_household: IntArray
    need_granted: IntArray
    adjustment_household: IntArray
    adjustment_order: IntArray
    adjustment_amount: IntArray

    @property
    def size(self) -> int:
        return int(self.rent.shape[0])

    @classmethod
    def from_inputs(cls, inputs: Sequence[HouseholdInput]) -> HouseholdTable:
        """Columns from validated single-household inputs (all for the same month)."""
        if not inputs:
            raise ValueError("Tabellen behöver minst ett hushåll.")
        year, month = inputs[0].year, inputs[0].month
        munis: list[str | None] = [None]
        types = income_types()
        h: dict[str, list[int]] = {
            k: []
            for k in (
                "muni",
                "dip",
                *COST_TYPES,
                "radrum",
                "agreed_rent",
                "agreed_el",
                "assessed_rent",
                "surplus_age",
                "months",
                "has_start",
                "since",
                "surplus",
                "first",
                "foresee",
                "assets",
            )
        }
        p: dict[str, list[int]] = {
            k: [] for k in ("hh", "pos", "role", "age", "lunch", "umg", "exempted", "other_parent")
        }
        inc: dict[str, list[int]] = {"person": [], "type": [], "amount": []}
        need: dict[str, list[int]] = {"hh": [], "granted": []}
        adj: dict[str, list[int]] = {"hh": [], "order": [], "amount": []}
        for index, inp in enumerate(inputs):
            if (inp.year, inp.month) != (year, month):
                raise ValueError("Alla hushåll i en tabell ska gälla samma månad.")
            if inp.municipality is not None:
                g = guideline_for(inp.municipality)
                key = g.key if g is not None else inp.municipality
            else:
                key = None
            if key not in munis:
                munis.append(key)
            h["muni"].append(munis.index(key) - 1)
            h["dip"].append(inp.days_in_period or 0)
            for cost in COST_TYPES:
                h[cost].append(getattr(inp.costs, cost))
            radrum = inp.costs.rent_radrum_until
            h["radrum"].append(radrum.toordinal() if radrum is not None else -1)
            agreed = (inp.costs.rent_agreed_share, inp.costs.household_electricity_agreed_share)
            h["agreed_rent"].append(-1 if agreed[0] is None else agreed[0])
            h["agreed_el"].append(-1 if agreed[1] is None else agreed[1])
            assessed_rent = inp.costs.rent_assessed_max
            h["assessed_rent"].append(-1 if assessed_rent is None else assessed_rent)
            arose = inp.surplus_arose
            h["surplus_age"].append(
                1 if arose is None else (year * 12 + month) - (arose[0] * 12 + arose[1])
            )
            h["months"].append(inp.months_on_assistance)
            start = inp.jobbstimulans_start
            h["has_start"].append(start is not None)
            h["since"].append(
                (year * 12 + month) - (start[0] * 12 + start[1]) if start is not None else 0
            )
            h["surplus"].append(inp.previous_month_surplus)
            h["first"].append(inp.first_time_applicant)
            h["foresee"].append(inp.shortfall_foreseeable)
            own = {m.id for m in inp.household if m.own_household}
            h["assets"].append(
                sum(
                    a.amount
                    for a in inp.assets
                    if a.member not in own and a.kind in inkomster.LIQUID_ASSETS
                )
            )
            first_person = len(p["hh"])
            ids: dict[str, int] = {}
            for pos, m in enumerate(inp.household):
                ids[m.id] = first_person + pos
                p["hh"].append(index)
                p["pos"].append(pos)
                p["role"].append(OTHER_ADULT if m.own_household else ROLE_CODE[m.role])
                p["age"].append(-1 if m.age is None else m.age)
                p["lunch"].append(-1 if m.lunch_at_home is None else int(m.lunch_at_home))
                p["umg"].append(m.umgange_days or 0)
                p["exempted"].append(m.earnings_exempted_this_year)
                p["other_parent"].append(m.days_with_other_parent or 0)
            for i in inp.incomes:
                inc["person"].append(ids[i.member])
                inc["type"].append(types.index(i.type))
                inc["amount"].append(i.amount)
            assessed = {a.need: a for a in inp.assessed_needs}
            for n in inp.other_needs:
                a = assessed.get(n.id)
                need["hh"].append(index)
                need["granted"].append(a.amount if a is not None and a.decision == "granted" else 0)
            for order, adjustment in enumerate(inp.norm_adjustments):
                adj["hh"].append(index)
                adj["order"].append(order)
                adj["amount"].append(adjustment.amount)
        return cls(
            year=year,
            month=month,
            municipalities=tuple(munis[1:]),
            municipality_index=_i64(h["muni"]),
            days_in_period=_i64(h["dip"]),
            rent=_i64(h["rent"]),
            household_electricity=_i64(h["household_electricity"]),
            home_insurance=_i64(h["home_insurance"]),
            union_and_a_kassa=_i64(h["union_and_a_kassa"]),
            work_travel=_i64(h["work_travel"]),
            rent_agreed_share=_i64(h["agreed_rent"]),
            household_electricity_agreed_share=_i64(h["agreed_el"]),
            radrum_until_ordinal=_i64(h["radrum"]),
            rent_assessed_max=_i64(h["assessed_rent"]),
            months_on_assistance=_i64(h["months"]),
            has_jobbstimulans_start=np.asarray(h["has_start"], dtype=np.bool_),
            jobbstimulans_since=_i64(h["since"]),
            previous_month_surplus=_i64(h["surplus"]),
            surplus_age=_i64(h["surplus_age"]),
            first_time_applicant=np.asarray(h["first"], dtype=np.bool_),
            shortfall_foreseeable=np.asarray(h["foresee"], dtype=np.bool_),
            assets_total=_i64(h["assets"]),
            person_household=_i64(p["hh"]),
            person_position=_i64(p["pos"]),
            role=_i64(p["role"]),
            age=_i64(p["age"]),
            lunch_at_home=_i64(p["lunch"]),
            umgange_days=_i64(p["umg"]),
            earnings_exempted=_i64(p["exempted"]),
            days_with_other_parent=_i64(p["other_parent"]),
            income_person=_i64(inc["person"]),
            income_type=_i64(inc["type"]),
            income_amount=_i64(inc["amount"]),
            need_household=_i64(need["hh"]),
            need_granted=_i64(need["granted"]),
            adjustment_household=_i64(adj["hh"]),
            adjustment_order=_i64(adj["order"]),
            adjustment_amount=_i64(adj["amount"]),
        )


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Per-household results (int64 öre) in table order."""

    riksnorm: IntArray
    costs_approved: IntArray
    livsforing_granted: IntArray
    income_counted: IntArray
    assets_counted: IntArray
    amount: IntArray
    normoverskott: IntArray
    eligible: BoolArray

    def total_amount(self) -> Decimal:
        """The sum paid, exact (Python int sum of int64 öre)."""
        return ore_to_decimal(int(self.amount.sum(dtype=np.int64)))


def _practice(t: HouseholdTable, name: str, on: date, convert: Callable[[Any], int]) -> IntArray:
    """``practice.<name>`` per household, as ``convert(value)`` in an int64 array: the
    municipality's guideline value where it sets one (as :meth:`Context.practice`), the
    interpretation parameter otherwise. One value per municipality, then a numpy gather (no
    Python loop over the households)."""
    default: object | None = None
    by_muni: list[object] = []
    for key in t.municipalities:
        g = guideline_for(key) if key is not None else None
        if g is not None and f"guideline.{name}" in g.parameters:
            by_muni.append(g.parameters.at(f"guideline.{name}", on).value)
        else:
            if default is None:
                default = law_parameters().at(f"practice.{name}", on).value
            by_muni.append(default)
    if default is None:
        default = law_parameters().at(f"practice.{name}", on).value
    by_muni.append(default)
    values = _i64([convert(v) for v in by_muni])
    if (values == values[0]).all():  # one value for every household: a view, no array made
        return np.broadcast_to(values[:1], (t.size,))
    index = np.where(t.municipality_index < 0, len(t.municipalities), t.municipality_index)
    return values[index]


@dataclass(frozen=True, slots=True)
class _Family:
    """Per household: the applicant's family and the home (as bistand.rules.household)."""

    adults: IntArray
    children: IntArray  # full-month children and skolungdomar
    umgange: IntArray
    others: IntArray  # sharing the home as their own household
    family: IntArray  # adults + children
    home: IntArray  # family + others
    any_umgange: bool  # some child in the table has umgänge days
    any_others: bool  # some household shares its home with others


def _none(n: int) -> IntArray:
    """n zeros as a read-only view of one (no array of n made: nothing is counted)."""
    return np.broadcast_to(np.int64(0), (n,))


def _family(t: HouseholdTable) -> _Family:
    n = t.size
    hh = t.person_household
    role = t.role
    is_child = role == CHILD
    # Counts only where someone is counted (a maximum is one pass without an array; rules 2.0.7).
    any_umgange = bool(hh.size) and int(t.umgange_days.max()) > 0
    umg = is_child & (t.umgange_days > 0) if any_umgange else None
    adults = _count_by(hh[role == PARTNER], n)
    np.minimum(adults, 1, out=adults)  # 1 + (a partner here): the count is never negative
    adults += 1
    children = _count_by(hh[is_child & ~umg] if umg is not None else hh[is_child], n)
    any_others = bool(hh.size) and bool((role == OTHER_ADULT).any())
    others = _count_by(hh[role == OTHER_ADULT], n) if any_others else _none(n)
    family = adults + children
    return _Family(
        adults,
        children,
        _count_by(hh[umg], n) if umg is not None else _none(n),
        others,
        family,
        family + others if any_others else family,
        any_umgange,
        any_others,
    )


class _Children(NamedTuple):
    """The children's personal amounts (riksnorm), over the children only."""

    kid: IntArray  # every child (person index)
    kid_amount: IntArray  # each child's personal amount by age and lunch
    kid_full: BoolArray | None  # which of them live here the whole month (None: all)
    full_kid: IntArray  # those who do
    full_hh: IntArray  # their households
    full_amount: IntArray  # their amounts, less days with the other parent where reduced


def _children(
    t: HouseholdTable, f: _Family, on: date, dim: int, tables: riksnorm.RiksnormTables
) -> _Children:
    hh = t.person_household
    default_lunch = 1 if tables.lunch_default.value else 0
    kid = np.flatnonzero(t.role == CHILD)
    kid_age = t.age[kid]
    np.clip(kid_age, 0, 20, out=kid_age)
    full_by_age = _i64([tables.child_amount(a, True).value for a in range(21)])
    kid_amount = full_by_age[kid_age]
    # Without lunch at home only where a child has lunch_at_home 0, or unknown (−1) with the
    # default "not at home" (the same test as before, skipped when no person can pass it).
    if default_lunch == 0 or bool((t.lunch_at_home == 0).any()):
        kid_lunch = t.lunch_at_home[kid]  # -1 unknown (the default), 0, 1
        utan = (kid_age <= 6) & ((kid_lunch == 0) | ((kid_lunch < 0) & (default_lunch == 0)))
        if utan.any():
            utan_by_age = _i64([tables.child_amount(a, False).value for a in range(7)])
            kid_amount = np.where(utan, utan_by_age[np.minimum(kid_age, 6)], kid_amount)
    del kid_age
    kid_full: BoolArray | None
    if f.any_umgange:
        kid_full = t.umgange_days[kid] <= 0
        full_kid = kid[kid_full]
        full_amount = kid_amount[kid_full]
    else:  # every child lives here the whole month
        kid_full = None
        full_kid = kid
        full_amount = kid_amount
    full_hh = hh[full_kid]
    if hh.size and int(t.days_with_other_parent.max()) > 0:
        other_days = t.days_with_other_parent[full_kid]
        if (other_days > 0).any():  # a child living here with days at the other parent's
            reduced = _practice(t, "umgange_main_home_reduced", on, int)[full_hh] > 0
            if reduced.any():
                den = _practice(t, "umgange_method", on, lambda m: 30 if m == "thirtieths" else dim)
                den = den[full_hh]
                cut = np.where(
                    reduced,
                    formulas.pro_rata(full_amount, np.minimum(other_days, den), den),
                    np.int64(0),
                )
                full_amount = full_amount - cut
    return _Children(kid, kid_amount, kid_full, full_kid, full_hh, full_amount)


def _riksnorm(
    t: HouseholdTable, f: _Family, on: date, dim: int
) -> tuple[IntArray, Callable[[], IntArray]]:
    """(riksnorm per household, a function giving each child's share of it per person). The
    shares are made only when asked for: only a child's own income needs them, and then the
    children's amounts are made again rather than kept meanwhile (rules 2.0.7)."""
    tables = riksnorm.tables(on)
    n = t.size
    hh = t.person_household
    ensam: int = tables.ensamstaende.value
    # adults is 1 or 2: the adults' personal costs by a look-up (as np.where(adults == 2, …)).
    total = _i64([ensam, ensam, tables.sambo.value])[f.adults]

    # Children's personal amounts by age and lunch, over the children only.
    children = _children(t, f, on, dim, tables)
    np.add.at(total, children.full_hh, children.full_amount)  # as total += _sum_by(…)

    # The family's part of the shared costs of everyone in the home (12 kap. 3 § SoF): the
    # shared cost of each home size computed once, then looked up (same formula, same öre).
    table = tables.shared_table
    extra = tables.extra_person
    by_size = formulas.shared_cost(
        np.arange(int(f.home.max(initial=0)) + 1, dtype=np.int64), table, extra
    )
    shared = by_size[f.home]
    if f.any_others and (f.others > 0).any():
        part = np.where(
            f.others > 0,
            formulas.div_half_up(shared * f.family, np.maximum(f.home, 1)),
            shared,
        )
        total += part
        del part
    else:
        total += shared
    del shared

    umgange_idx: IntArray | None = None
    umgange_part: IntArray | None = None
    if children.kid_full is not None and not children.kid_full.all():  # umgängesbarn
        umg = (t.role == CHILD) & (t.umgange_days > 0)
        denominator = _practice(t, "umgange_method", on, lambda m: 30 if m == "thirtieths" else dim)
        amount = np.zeros(hh.size, dtype=np.int64)
        amount[children.kid] = children.kid_amount
        idx = np.flatnonzero(umg)
        order = np.lexsort((t.person_position[idx], -t.umgange_days[idx], hh[idx]))
        idx = idx[order]
        group = hh[idx]
        stay = t.umgange_days[idx]
        starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
        rank = np.arange(idx.size) - np.repeat(starts, np.diff(np.r_[starts, idx.size]))
        # Children of one household staying the same days share their increase equally
        # (rules 2.0.8, riksnorm.RULE_UMGANGE_SAME_DAYS); alone, a child's increase is its step.
        first = np.flatnonzero(np.r_[True, (np.diff(group) != 0) | (np.diff(stay) != 0)])
        same = np.diff(np.r_[first, idx.size])
        before = f.home[group] + np.repeat(rank[first], same)
        same = np.repeat(same, same)
        increase = formulas.shared_cost(before + same, table, extra) - formulas.shared_cost(
            before, table, extra
        )
        marginal = formulas.div_half_up(increase, same)
        den = denominator[group]
        days = np.minimum(stay, den)
        umg_part = formulas.pro_rata(amount[idx], days, den) + formulas.pro_rata(
            marginal, days, den
        )
        total += _sum_by(group, umg_part, n)
        umgange_idx, umgange_part = idx, umg_part
    del children  # made again if a child's share is asked for (not kept meanwhile)

    dip = t.days_in_period
    partial: BoolArray | None = None
    days_of: IntArray | None = None
    if dip.size and int(dip.max()) > 0:
        partial = (dip > 0) & (dip < dim)
        if partial.any():
            days_of = np.where(partial, dip, dim)
            total = np.where(partial, formulas.pro_rata(total, days_of, dim), total)
        else:
            partial = None

    if t.adjustment_amount.size:
        order = np.lexsort((t.adjustment_order, t.adjustment_household))
        ahh = t.adjustment_household[order]
        aamt = t.adjustment_amount[order]
        starts = np.r_[0, np.flatnonzero(np.diff(ahh)) + 1]
        position = np.arange(ahh.size) - np.repeat(starts, np.diff(np.r_[starts, ahh.size]))
        for k in range(int(position.max()) + 1):
            at = position == k
            target = ahh[at]
            total[target] = formulas.maximum(total[target] + aamt[at], 0)

    def child_shares() -> IntArray:
        """Each child's share of the riksnorm per person: personal costs and the per-head
        share of the shared costs (umgängesbarn: their part), for the days applied for."""
        again = _children(t, f, on, dim, tables)
        per_head = formulas.div_half_up(by_size[f.home], np.maximum(f.home, 1))
        share = np.zeros(hh.size, dtype=np.int64)
        share[again.full_kid] = again.full_amount + per_head[again.full_hh]
        if umgange_idx is not None and umgange_part is not None:
            share[umgange_idx] = umgange_part
        if partial is not None and days_of is not None:
            share = np.where(partial[hh], formulas.pro_rata(share, days_of[hh], dim), share)
        return share

    return total, child_shares


def _costs(t: HouseholdTable, f: _Family, on: date) -> tuple[IntArray, Callable[[], IntArray]]:
    """(approved costs per household, a function giving each household's per-head share of
    the housing costs: made only when a child's own income asks for it, rules 2.0.7)."""
    adults = f.adults
    children = f.children + f.umgange
    muni = t.municipality_index
    rent_caps = np.full((len(t.municipalities) + 1, 2, 6), NO_CAP, dtype=np.int64)
    flat_caps = {c: np.full(len(t.municipalities) + 1, NO_CAP, dtype=np.int64) for c in COST_TYPES}
    for m, key in enumerate(t.municipalities):
        g = guideline_for(key) if key is not None else None
        if g is None:
            continue
        for a, param in enumerate(("guideline.rent_max.adults_1", "guideline.rent_max.adults_2")):
            if param in g.parameters:
                try:
                    row = g.parameters.at(param, on).value
                except ParameterMissingError:
                    continue
                padded = [*row, *[row[-1]] * (6 - len(row))][:6]
                rent_caps[m, a] = _i64(padded)
        for cost in COST_TYPES:
            if f"guideline.max.{cost}" in g.parameters:
                try:
                    flat_caps[cost][m] = g.parameters.at(f"guideline.max.{cost}", on).value
                except ParameterMissingError:
                    continue
    # Without municipalities every household has the last row (no guideline): index 0.
    index = np.where(muni < 0, len(t.municipalities), muni) if t.municipalities else _none(t.size)
    row_len = np.array(
        [
            len(guideline_for(k).parameters.at("guideline.rent_max.adults_1", on).value)  # type: ignore[union-attr]
            if k is not None and _has_rent_cap(k, on)
            else 6
            for k in t.municipalities
        ]
        + [6],
        dtype=np.int64,
    )

    anyone_else = f.any_others and bool((f.others > 0).any())

    def family_share(whole: IntArray, agreed: IntArray) -> IntArray:
        if not anyone_else:  # the whole cost is the family's in every household
            return whole
        per_head = formulas.div_half_up(whole * f.family, np.maximum(f.home, 1))
        shared_home = np.where(agreed >= 0, agreed, per_head)
        return np.where((f.others > 0) & (whole > 0), shared_home, whole)

    rent = family_share(t.rent, t.rent_agreed_share)
    electricity = family_share(t.household_electricity, t.household_electricity_agreed_share)
    if (
        bool((rent_caps == NO_CAP).all())
        and int(t.rent_assessed_max.max(initial=-1)) < 0
        and int(rent.max(initial=0)) <= NO_CAP
    ):
        # No guideline caps the rent and no case worker has assessed one: every cap is NO_CAP,
        # above every rent, so the capped rent is the rent (rådrum or not).
        rent_ok = rent
    else:
        cap = rent_caps[index, np.minimum(adults, 2) - 1, np.minimum(children, row_len[index] - 1)]
        # A case worker's assessed highest rent replaces the guideline's for that household.
        cap = np.where(t.rent_assessed_max >= 0, t.rent_assessed_max, cap)
        radrum = t.radrum_until_ordinal >= on.toordinal()
        rent_ok = np.where(radrum, rent, formulas.capped(rent, cap))

    def capped(cost: str, actual: IntArray) -> IntArray:
        caps = flat_caps[cost]
        if (caps == NO_CAP).all():  # no guideline caps this cost
            return actual
        return formulas.capped(actual, caps[index])

    el_ok = capped("household_electricity", electricity)
    insurance_ok = capped("home_insurance", t.home_insurance)
    total = rent_ok + el_ok  # a fresh array, then added to in place
    total += insurance_ok
    for cost in COST_TYPES[3:]:
        total += capped(cost, getattr(t, cost))

    def per_head() -> IntArray:
        housing = rent_ok + el_ok + insurance_ok
        return formulas.div_half_up(housing, np.maximum(f.family, 1))

    return total, per_head


def _has_rent_cap(key: str, on: date) -> bool:
    g = guideline_for(key)
    if g is None or "guideline.rent_max.adults_1" not in g.parameters:
        return False
    try:
        g.parameters.at("guideline.rent_max.adults_1", on)
    except ParameterMissingError:
        return False
    return True


def _incomes(
    t: HouseholdTable, on: date, child_share: Callable[[IntArray], IntArray]
) -> tuple[IntArray, IntArray]:
    """(income counted, assets counted) per household; ``child_share(persons)`` is each of
    those children's own share of the need (asked only when a child has an income)."""
    n = t.size
    persons = t.person_household.size
    p = law_parameters()
    types = income_types()
    kinds = [p.at(f"income_type.{k}", on).value for k in types]
    counted_type = np.array([k["counted"] for k in kinds], dtype=np.bool_)
    employment_type = np.array([k["employment"] for k in kinds], dtype=np.bool_)
    person = t.income_person
    income_role = t.role[person]
    in_family = income_role != OTHER_ADULT
    child_income = income_role == CHILD
    del income_role  # (arrays dropped as soon as they are used: a lower peak, rules 2.0.7)
    employment = employment_type[t.income_type] & in_family
    plain = counted_type[t.income_type] & ~employment_type[t.income_type] & in_family
    adult_plain = plain & ~child_income
    counted = _sum_by(t.person_household[person[adult_plain]], t.income_amount[adult_plain], n)
    # A child's own incomes per person (none made when no child has any).
    own: IntArray | None = None
    has_own: BoolArray | None = None
    child_plain = plain & child_income
    if child_plain.any():
        own = _sum_by(person[child_plain], t.income_amount[child_plain], persons)
        has_own = _count_by(person[child_plain], persons) > 0

    if employment.any():
        # Salaries per person, then the rest over the persons who have one only. A person
        # with one salary (the usual case, checked) has it as it is; else the sum per person.
        salaried = person[employment]
        amounts = t.income_amount[employment]
        seen = np.zeros(persons, dtype=np.bool_)
        seen[salaried] = True
        nobody_twice = int(np.count_nonzero(seen)) == salaried.size
        del seen
        if nobody_twice:
            who, salary = salaried, amounts
        else:
            salary_of = _sum_by(salaried, amounts, persons)
            who = np.flatnonzero(_count_by(salaried, persons))
            salary = salary_of[who]
        who_role = t.role[who]
        who_hh = t.person_household[who]
        qualifying = p.at("jobbstimulans.qualifying_months", on).value
        duration = p.at("jobbstimulans.duration_months", on).value
        percent = p.at("jobbstimulans.disregarded_percent", on).value
        adult = (who_role != CHILD) & (who_role != OTHER_ADULT)
        kids = who_role == CHILD
        del who_role
        if adult.all():
            adult_hh, adult_salary = who_hh, salary
        else:
            adult_hh, adult_salary = who_hh[adult], salary[adult]
        # Jobbstimulans only where it can be active (a start month given, or enough months on
        # assistance); the disregard over the salaries where it is.
        if t.has_jobbstimulans_start.any() or (
            t.months_on_assistance.size and int(t.months_on_assistance.max()) >= qualifying
        ):
            by_months = formulas.jobbstimulans_active_by_months(
                t.months_on_assistance, qualifying, duration
            )
            by_start = (t.jobbstimulans_since >= 0) & (t.jobbstimulans_since < duration)
            active = np.where(t.has_jobbstimulans_start, by_start, by_months)[adult_hh]
            if active.any():
                disregard = np.zeros(adult_salary.size, dtype=np.int64)
                disregard[active] = formulas.percent_of(adult_salary[active], percent)
                adult_salary = adult_salary - disregard
        np.add.at(counted, adult_hh, adult_salary)
        del adult_hh, adult_salary
        if kids.any():
            pbb = (
                p.at("prisbasbelopp", on).value
                * p.at("child_earnings.limit_prisbasbelopp", on).value
            )
            kid = who[kids]
            kid_salary = salary[kids]
            exempt = formulas.child_earnings_exempt(kid_salary, pbb, t.earnings_exempted[kid])
            if own is None or has_own is None:
                own = np.zeros(persons, dtype=np.int64)
                has_own = np.zeros(persons, dtype=np.bool_)
            own[kid] += kid_salary - exempt
            has_own[kid] = True

    if own is not None and has_own is not None and has_own.any():
        own_only = _practice(t, "child_income_own_share_only", on, lambda v: int(bool(v))).astype(
            np.bool_
        )
        who = np.flatnonzero(has_own)
        who_hh = t.person_household[who]
        mine = own[who]
        capped = np.where(own_only[who_hh], np.minimum(mine, child_share(who)), mine)
        counted += _sum_by(who_hh, capped, n)

    if t.previous_month_surplus.size and int(t.previous_month_surplus.max()) > 0:
        limit = _practice(t, "normoverskott_max_months", on, int)
        carry = ~(t.first_time_applicant & ~t.shortfall_foreseeable) & (t.surplus_age <= limit)
        counted += np.where(carry, t.previous_month_surplus, np.int64(0))

    buffers = _practice(t, "asset_buffer", on, int)
    assets = t.assets_total - buffers
    np.maximum(assets, 0, out=assets)  # formulas.maximum(assets_total - buffers, 0), in place
    return counted, assets


def calculate_batch(table: HouseholdTable) -> BatchResult:
    """Every household of ``table`` for its month: amounts (öre) and eligibility."""
    on = date(table.year, table.month, 1)
    dim = calendar.monthrange(table.year, table.month)[1]
    family = _family(table)
    norm, norm_share = _riksnorm(table, family, on, dim)
    costs, housing_per_head = _costs(table, family, on)

    def child_share(who: IntArray) -> IntArray:
        """Each child's own share of the need: personal costs and shared costs (riksnorm)
        and, for a child living here the whole month, the per-head housing costs."""
        full_month = (table.role[who] == CHILD) & (table.umgange_days[who] == 0)
        housing = housing_per_head()[table.person_household[who]]
        return norm_share()[who] + np.where(full_month, housing, np.int64(0))

    granted = _sum_by(table.need_household, table.need_granted, table.size)
    income, assets = _incomes(table, on, child_share)
    # The arithmetic of forsorjningsstod.decide (formulas.payable and formulas.maximum), in
    # place where an array is fresh: fewer whole-population arrays (rules 2.0.7).
    need = norm + costs
    if table.need_granted.size:
        need += granted
    amount = income + assets
    np.subtract(need, amount, out=amount)
    np.maximum(amount, 0, out=amount)  # payable(need, income + assets)
    uncovered = need - income
    not_eligible = (assets > 0) & (uncovered > 0) & (assets >= uncovered)
    surplus = np.negative(uncovered, out=uncovered)  # income - need
    np.maximum(surplus, 0, out=surplus)  # maximum(income - need, 0)
    return BatchResult(norm, costs, granted, income, assets, amount, surplus, ~not_eligible)
