"""Aktivitetskrav för mottagare av försörjningsstöd: who is due for the requirement in a month,
and whether the hours attended meet the plan (issue 14 item 9).

Law (PROVISIONAL: prop. 2025/26:207 as summarised in law-2026.md §2a; the enacted SFS text was
not found, so every parameter in ``parameters/aktivitetskrav.yaml`` is marked provisional):
- in force 2026-07-01; the nämnd shall require participation "första gången på försörjningsstöd
  som avser oktober 2026";
- it applies to whoever "har fått försörjningsstöd under minst tre sammanhängande månader";
- participation is normally full time, adapted to the person's ability, reduced for part-time
  work or programmes; exempt are the under-18s, 18–20-year-olds in grundskola/gymnasieskola or
  comparable, those in full-time occupation (work, studies, a full-time arbetsmarknadspolitiskt
  program as assessed by Arbetsförmedlingen), those who have reached the riktålder för pension,
  and those with sjukpenning, sjukersättning or certain other benefits (press release,
  SECONDARY).
- Without "godtagbart skäl" the nämnd "ska … vägra eller sätta ned fortsatt försörjningsstöd"
  (press release; compare "får" in 12 kap. 5 §). That is always a person's decision: nothing
  here refuses or reduces, and the automated decision function never reads this module.

Plain Python: the case worker's page (planning) asks :func:`assess` per adult and month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bistand.rules.released.r2_0_8.parameters import ParameterMissingError, law_parameters

__all__ = [
    "EXEMPTIONS",
    "ActivityAssessment",
    "ActivityFacts",
    "assess",
    "consecutive_months",
    "expected_weekly_hours",
]

# Exemption codes the case worker records, with the press release's wording (SECONDARY).
EXEMPTIONS = {
    "school_18_20": "18–20 år och går i grundskola, gymnasieskola eller motsvarande",
    "full_time_occupation": "Heltidssysselsatt (arbete, studier eller heltidsprogram via "
    "Arbetsförmedlingen)",
    "sickness_benefit": "Sjukpenning, sjukersättning eller liknande ersättning",
    "pension_age": "Har uppnått riktåldern för pension",
}
SOURCE = "Prop. 2025/26:207 (aktivitetskrav), preliminärt: lagtexten är inte verifierad mot SFS"


@dataclass(frozen=True)
class ActivityFacts:
    """One adult in one month: age, exemption, children under 8, hours planned and attended."""

    month: date  # the month of försörjningsstöd (first day)
    age: int
    granted_months_before: tuple[date, ...]  # months with försörjningsstöd granted, any order
    exemption: str = ""
    has_child_under_8: bool = False
    planned_hours: Decimal | None = None  # for the month, in the plan
    attended_hours: Decimal | None = None  # for the month, as reported


@dataclass(frozen=True)
class ActivityAssessment:
    status: str  # not_in_force | not_yet | not_due | exempt | no_plan | not_reported | met | short
    label: str
    qualifying_months: int
    consecutive: int
    expected_weekly_hours: Decimal | None
    shortfall: Decimal
    provisional: bool
    source: str

    @property
    def due(self) -> bool:
        return self.status in {"no_plan", "not_reported", "met", "short"}


def _previous(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def consecutive_months(month: date, granted: tuple[date, ...]) -> int:
    """How many months in a row, ending the month before `month`, försörjningsstöd was granted."""
    months = {m.replace(day=1) for m in granted}
    count, current = 0, _previous(month)
    while current in months:
        count += 1
        current = _previous(current)
    return count


def expected_weekly_hours(month: date, *, has_child_under_8: bool) -> Decimal:
    """The full-time hours per week (provisional), less the reduction for a child under 8."""
    p = law_parameters()
    hours = Decimal(p.at("aktivitetskrav.full_time_hours_per_week", month).value)
    if has_child_under_8:
        hours -= Decimal(p.at("aktivitetskrav.child_under_8_reduction_hours", month).value)
    return hours


def _result(
    status: str,
    label: str,
    *,
    qualifying: int = 0,
    consecutive: int = 0,
    weekly: Decimal | None = None,
    shortfall: Decimal = Decimal("0"),
) -> ActivityAssessment:
    return ActivityAssessment(
        status=status,
        label=label,
        qualifying_months=qualifying,
        consecutive=consecutive,
        expected_weekly_hours=weekly,
        shortfall=shortfall,
        provisional=True,
        source=SOURCE,
    )


def assess(facts: ActivityFacts) -> ActivityAssessment:
    """Where one adult stands for the month. Never a decision: a case worker decides."""
    p = law_parameters()
    month = facts.month.replace(day=1)
    try:
        in_force = bool(p.at("aktivitetskrav.in_force", month).value)
    except ParameterMissingError:
        in_force = False
    if not in_force:
        return _result("not_in_force", "Aktivitetskravet gäller inte än (från 1 juli 2026).")
    if not p.at("aktivitetskrav.applies_to_month", month).value:
        return _result(
            "not_yet", "Kravet tillämpas första gången på försörjningsstöd för oktober 2026."
        )
    qualifying = int(p.at("aktivitetskrav.qualifying_months", month).value)
    consecutive = consecutive_months(month, facts.granted_months_before)
    if facts.age >= int(p.at("aktivitetskrav.pension_age", month).value):
        return _result(
            "exempt", EXEMPTIONS["pension_age"], qualifying=qualifying, consecutive=consecutive
        )
    if facts.exemption:
        return _result(
            "exempt",
            EXEMPTIONS.get(facts.exemption, facts.exemption),
            qualifying=qualifying,
            consecutive=consecutive,
        )
    if consecutive < qualifying:
        return _result(
            "not_due",
            f"Försörjningsstöd {consecutive} månader i följd; kravet gäller efter {qualifying}.",
            qualifying=qualifying,
            consecutive=consecutive,
        )
    weekly = expected_weekly_hours(month, has_child_under_8=facts.has_child_under_8)
    if facts.planned_hours is None or facts.planned_hours <= 0:
        return _result(
            "no_plan",
            "Omfattas, men inga aktivitetstimmar är planerade.",
            weekly=weekly,
            qualifying=qualifying,
            consecutive=consecutive,
        )
    if facts.attended_hours is None:
        return _result(
            "not_reported",
            "Omfattas; närvaron är inte rapporterad än.",
            weekly=weekly,
            qualifying=qualifying,
            consecutive=consecutive,
        )
    if facts.attended_hours >= facts.planned_hours:
        return _result(
            "met",
            "Omfattas och deltog enligt planen.",
            weekly=weekly,
            qualifying=qualifying,
            consecutive=consecutive,
        )
    return _result(
        "short",
        "Omfattas och deltog mindre än planerat.",
        weekly=weekly,
        shortfall=facts.planned_hours - facts.attended_hours,
        qualifying=qualifying,
        consecutive=consecutive,
    )
