"""Reads from followup: the enhetschef's figures, computed from case records and events.

Every figure is computed from applications, decisions, triage results, calculations, payment
orders and stickprov. The closed months' per-month figures are folded into stored rows by a job
(`services.fold_refresh`, `bistand followup_fold`); a request computes live only the months the
fold does not hold and the months and cases that changed after it, so the page shows what a
computation from scratch would show (docs/adr/0230-followup-monthly-fold.md). The definitions
shown on the dashboard are the docstrings' words; see also docs/adr/0050-followup-dashboard.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from bistand.appeals import selectors as appeal_selectors
from bistand.applications.models import Application, ApplicationStatus, Channel
from bistand.cases.models import CaseEvent
from bistand.core.workdays import next_working_day
from bistand.decisions import reasons as reason_catalogue
from bistand.decisions.models import Calculation, Decision, Outcome, Triage
from bistand.messaging import selectors as messaging_selectors
from bistand.payments import selectors as payment_selectors
from bistand.planning import selectors as planning_selectors

from . import metrics as m
from .charts import bar_chart
from .metrics import Column, Table, month_label, month_short
from .models import Fold, FoldedExit, FoldedMonth

GOAL_DIGITAL = Decimal("0.85")
GOAL_DIGITAL_TRELLEBORG = Decimal("0.75")
NOT_SUBMITTED = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.AWAITING_PARTNER,
    ApplicationStatus.WITHDRAWN,
]
GRANTED = (Outcome.GRANTED, Outcome.PARTLY_GRANTED)
RETURN_WINDOW_MONTHS = 6
# Income types in the last decided month that suggest why a household left assistance.
EXIT_REASON_BY_INCOME = [
    ("salary", "Arbete (lön i sista ansökan)"),
    ("unemployment_benefit", "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)"),
    ("sickness_benefit", "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)"),
    ("activity_support", "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)"),
    ("pension", "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)"),
    ("parental_benefit", "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)"),
    ("student_aid", "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)"),
]
EXIT_REASONS = [
    "Arbete (lön i sista ansökan)",
    "Annan ersättning (a-kassa, sjukpenning, pension, studiemedel …)",
    "Skäl okänt",
]
NO_DATA = "inga uppgifter än"


@dataclass
class Section:
    slug: str
    title: str
    tables: list[Table] = field(default_factory=list)
    missing: str = ""  # "inga uppgifter än" when another app does not provide figures yet


@dataclass
class Dashboard:
    start: date
    end: date
    today: date
    sections: list[Section]

    def table(self, slug: str) -> Table | None:
        for section in self.sections:
            for table in section.tables:
                if table.slug == slug:
                    return table
        return None


@dataclass(frozen=True)
class _App:
    pk: int
    case_id: int
    channel: str
    month: date
    submitted_at: datetime


@dataclass(frozen=True)
class _Decision:
    pk: int
    application_id: int
    case_id: int
    decided_at: datetime
    automated: bool
    granted: bool
    amount: Decimal
    calculation_id: int


def _local(dt: datetime) -> datetime:
    # The default time zone (no request activates another): timezone.localtime asks for the
    # current one on every call, which is most of the time over a few years' applications.
    return dt.astimezone(timezone.get_default_timezone())


def _month_bounds(months: list[date]) -> tuple[datetime, datetime]:
    """The moments the first month starts and the month after the last starts (local time)."""
    return _aware(months[0]), _aware(m.add_months(months[-1], 1))


def _in_months(apps: list[_App], months: list[date]) -> list[_App]:
    """Applications sent in during the months (by the local day they were sent in)."""
    start, end = _month_bounds(months)
    return [a for a in apps if start <= a.submitted_at < end]


def _load(*only: Q) -> tuple[list[_App], dict[int, _Decision]]:
    """Submitted applications and their original decisions (not the changed ones); with
    conditions, the applications matching any of them (each asked on its own, so that each
    can use its index) and the decisions on those applications."""
    submitted = Application.objects.exclude(status__in=NOT_SUBMITTED).filter(
        submitted_at__isnull=False
    )
    rows: dict[int, tuple[int, int, str, date, datetime | None]] = {}
    for chosen in [submitted.filter(q) for q in only] or [submitted]:
        for row in chosen.values_list("pk", "case_id", "channel", "month", "submitted_at"):
            rows[row[0]] = row
    apps = [
        _App(pk, case_id, channel, month, submitted_at)
        for pk, case_id, channel, month, submitted_at in rows.values()
        if submitted_at is not None
    ]
    first = Decision.objects.filter(supersedes__isnull=True)
    if not only:
        return apps, _decisions(first)
    # Only the loaded applications' decisions are ever looked up.
    ids = sorted(a.pk for a in apps)
    if connection.vendor == "postgresql":
        # One array parameter: thousands of IN parameters cost more to build than to run.
        return apps, _decisions(
            first.extra(where=['"decisions_decision"."application_id" = ANY(%s)'], params=[ids])
        )
    decisions: dict[int, _Decision] = {}
    for chunk in range(0, len(ids), 2000):
        decisions.update(_decisions(first.filter(application_id__in=ids[chunk : chunk + 2000])))
    return apps, decisions


def _decisions(first: Any) -> dict[int, _Decision]:
    decisions: dict[int, _Decision] = {}
    for row in first.values_list(
        "pk",
        "application_id",
        "case_id",
        "decided_at",
        "decided_by_id",
        "outcome",
        "amount",
        "calculation_id",
    ):
        pk, application_id, case_id, decided_at, decided_by_id, outcome, amount, calc_id = row
        decisions[application_id] = _Decision(
            pk,
            application_id,
            case_id,
            decided_at,
            decided_by_id is None,
            outcome in GRANTED and amount > 0,
            amount,
            calc_id,
        )
    return decisions


def dashboard(
    *, start: date, end: date, today: date | None = None, use_fold: bool = True
) -> Dashboard:
    """Every figure of the dashboard for the months from `start` to `end` (both included).

    With a usable fold (made this month, nothing deleted since) the folded months are read from
    it and only the rest is computed; `use_fold=False` computes everything from the records,
    which gives the same figures (tests/followup/test_fold.py)."""
    today = today or timezone.localdate()
    months = m.months_between(start, end)
    if use_fold:
        folded = _folded(today, months)
        if folded is not None:
            return _dashboard_folded(months, today, folded)
    return _dashboard_from_scratch(months, today)


def _dashboard_from_scratch(months: list[date], today: date) -> Dashboard:
    apps, decisions = _load()
    sent_in = _in_months(apps, months)
    return _assemble(
        months,
        today,
        digital=_digital_share(sent_in, months),
        lead=_lead_times(sent_in, decisions, months, _moment(today)),
        automation=_automation(decisions, months),
        routing=_routing_table(_routing_counts(months)),
        households=_households(apps, decisions, months),
        exits=_exits(_find_exits(apps, decisions, today), months),
    )


def _assemble(
    months: list[date],
    today: date,
    *,
    digital: Table,
    lead: Table,
    automation: Table,
    routing: Table,
    households: Table,
    exits: Table,
) -> Dashboard:
    sections = [
        Section("ansokningar", "Ansökningar och handläggningstid", [digital, lead]),
        Section("automatisering", "Automatiserade beslut", [automation, routing]),
        Section("bistand", "Hushåll med bistånd och utbetalt belopp", [households]),
        Section("egen-forsorjning", "Egen försörjning", [exits]),
        Section("stickprov", "Stickprov", _post_checks(months)),
    ]
    sections += _other_apps(months)
    return Dashboard(start=months[0], end=months[-1], today=today, sections=sections)


# --- The fold: closed months stored, the rest computed (ADR 0230) -----------------------------

# Rows of a folded application or decision may have been written by a transaction that was still
# open when the fold read the records (its id is below the fold's highest, its row not in the
# fold): anything stamped this long before the fold counts as changed after it.
FOLD_MARGIN_SECONDS = 15 * 60
PER_MONTH_TABLES = (
    "digital-andel",
    "handlaggningstid",
    "automatiserade-beslut",
    "hushall-och-belopp",
)


@dataclass
class FoldFigures:
    """What a fold stores: per-month rows of the closed months, routing reasons per month,
    every exit, and the marks that tell what was written after it."""

    current_month: date
    rows: dict[tuple[str, date], dict[str, Any]]
    routing: dict[date, _RoutingCounts]
    exits: list[Exit]
    last_application_id: int
    last_decision_id: int
    last_triage_id: int
    last_event_id: int
    applications: int
    decisions: int


@dataclass
class _Folded:
    """The latest fold's rows for the months asked for."""

    fold: Fold
    rows: dict[tuple[str, date], dict[str, Any]]
    routing: dict[date, _RoutingCounts]
    exits: list[Exit]


@dataclass
class _Changes:
    sent_in_months: set[date]  # months applications were sent in
    application_months: set[date]  # months applied for
    decided_months: set[date]
    cases: set[int]


def fold_figures(*, today: date | None = None) -> FoldFigures:
    """Every per-month figure of the months before this one, computed from the records (read
    by `services.fold_refresh`, which stores them)."""
    today = today or timezone.localdate()
    current = m.month_of(today)
    marks = {
        "last_application_id": Application.objects.aggregate(x=Max("pk"))["x"] or 0,
        "last_decision_id": Decision.objects.aggregate(x=Max("pk"))["x"] or 0,
        "last_triage_id": Triage.objects.aggregate(x=Max("pk"))["x"] or 0,
        "last_event_id": CaseEvent.objects.aggregate(x=Max("pk"))["x"] or 0,
    }
    applications = Application.objects.filter(pk__lte=marks["last_application_id"]).count()
    decisions_count = Decision.objects.filter(pk__lte=marks["last_decision_id"]).count()
    apps, decisions = _load()
    firsts = [m.month_of(_local(a.submitted_at).date()) for a in apps]
    firsts += [a.month for a in apps]
    firsts += [m.month_of(_local(d.decided_at).date()) for d in decisions.values()]
    first = min(firsts, default=current)
    months = m.months_between(first, m.add_months(current, -1)) if first < current else []
    rows: dict[tuple[str, date], dict[str, Any]] = {}
    routing: dict[date, _RoutingCounts] = {}
    if months:
        now = _moment(today)
        sent_in = _in_months(apps, months)
        unsettled = _unsettled_months(sent_in, decisions, now)
        for table in (
            _digital_share(sent_in, months),
            _lead_times(sent_in, decisions, months, now),
            _automation(decisions, months),
            _households(apps, decisions, months),
        ):
            for row in table.rows:
                if table.slug == "handlaggningstid" and row["month"] in unsettled:
                    continue
                rows[(table.slug, row["month"])] = row
        routing = _routing_by_month(months)
    return FoldFigures(
        current_month=current,
        rows=rows,
        routing=routing,
        exits=_find_exits(apps, decisions, today),
        applications=applications,
        decisions=decisions_count,
        **marks,
    )


def _unsettled_months(
    sent_in: list[_App], decisions: dict[int, _Decision], now: datetime
) -> set[date]:
    """Months whose lead times still change with time alone: an application not decided yet
    that is not yet late by both measures."""
    out = set()
    for a in sent_in:
        if a.pk in decisions:
            continue
        submitted = _local(a.submitted_at)
        late_24h = (now - a.submitted_at).total_seconds() > 24 * 3600
        late_next_day = _local(now).date() > next_working_day(submitted.date())
        if not (late_24h and late_next_day):
            out.add(m.month_of(submitted.date()))
    return out


def _folded(today: date, months: list[date]) -> _Folded | None:
    """The latest fold's figures for `months`, if it was made in `today`'s month and not after
    `today` (a month's lead times only settle as time goes on); else None."""
    fold = Fold.objects.order_by("-pk").first()
    if (
        fold is None
        or fold.current_month != m.month_of(today)
        or _local(fold.folded_at).date() > today
    ):
        return None
    rows: dict[tuple[str, date], dict[str, Any]] = {}
    routing: dict[date, _RoutingCounts] = {}
    for table, month, row in FoldedMonth.objects.filter(
        fold=fold, month__gte=months[0], month__lte=months[-1]
    ).values_list("table", "month", "row"):
        if table == ROUTING:
            routing[month] = _RoutingCounts.from_json(row)
        else:
            rows[(table, month)] = row_from_json(row)
    exits = [
        Exit(case_id, month, months_on_assistance, reason, returned)
        for case_id, month, months_on_assistance, reason, returned in FoldedExit.objects.filter(
            fold=fold, month__gte=months[0], month__lte=months[-1]
        ).values_list("case_id", "month", "months_on_assistance", "reason", "returned")
    ]
    return _Folded(fold, rows, routing, exits)


ROUTING = "routing"  # the folded routing reasons' rows


def row_to_json(row: dict[str, Any]) -> dict[str, Any]:
    """A table row as JSON: months and Decimals tagged, so that they come back as they were."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            out[key] = {"decimal": str(value)}
        elif isinstance(value, date):
            out[key] = {"date": value.isoformat()}
        else:
            out[key] = value
    return out


def row_from_json(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and "decimal" in value:
            out[key] = Decimal(value["decimal"])
        elif isinstance(value, dict) and "date" in value:
            out[key] = date.fromisoformat(value["date"])
        else:
            out[key] = value
    return out


def _changes(folded: _Folded) -> _Changes | None:
    """What was written after the fold; None if a record the fold counted is gone (gallring):
    then nothing folded is used."""
    f = folded.fold
    if (
        Application.objects.filter(pk__lte=f.last_application_id).count() != f.applications
        or Decision.objects.filter(pk__lte=f.last_decision_id).count() != f.decisions
    ):
        return None
    since = f.folded_at - timedelta(seconds=FOLD_MARGIN_SECONDS)
    changed_apps = set(
        CaseEvent.objects.filter(Q(pk__gt=f.last_event_id) | Q(at__gt=since))
        .filter(application_id__isnull=False)
        .values_list("application_id", flat=True)
    )
    changed_apps |= set(
        Application.objects.filter(
            Q(pk__gt=f.last_application_id) | Q(submitted_at__gt=since) | Q(updated_at__gt=since)
        ).values_list("pk", flat=True)
    )
    changed_apps |= set(
        Triage.objects.filter(Q(pk__gt=f.last_triage_id) | Q(created_at__gt=since)).values_list(
            "application_id", flat=True
        )
    )
    changes = _Changes(set(), set(), set(), set())
    for application_id, decided_at in Decision.objects.filter(
        Q(pk__gt=f.last_decision_id) | Q(decided_at__gt=since)
    ).values_list("application_id", "decided_at"):
        changed_apps.add(application_id)
        changes.decided_months.add(m.month_of(_local(decided_at).date()))
    ids = sorted(changed_apps)
    for chunk in range(0, len(ids), 2000):
        for case_id, month, submitted_at in Application.objects.filter(
            pk__in=ids[chunk : chunk + 2000]
        ).values_list("case_id", "month", "submitted_at"):
            changes.cases.add(case_id)
            changes.application_months.add(month)
            if submitted_at is not None:
                changes.sent_in_months.add(m.month_of(_local(submitted_at).date()))
    return changes


def _month_ranges(months: list[date]) -> Q:
    """Applications sent in during any of the months (by local time)."""
    q = Q(pk__in=[])
    for month in months:
        q |= Q(submitted_at__gte=_aware(month), submitted_at__lt=_aware(m.add_months(month, 1)))
    return q


def _month_case(months: list[date], field_name: str) -> Case:
    """The index of the month (in local time) a time stamp falls in; -1 outside the months."""
    return Case(
        *[
            When(
                **{
                    f"{field_name}__gte": _aware(month),
                    f"{field_name}__lt": _aware(m.add_months(month, 1)),
                },
                then=Value(n),
            )
            for n, month in enumerate(months)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _flag(condition: Q) -> ExpressionWrapper[Q]:
    """A condition as a true/false column (to group by)."""
    return ExpressionWrapper(condition, output_field=BooleanField())


def _late_next_day_before(now: datetime) -> datetime:
    """An undecided application sent in before this moment is past its next working day at
    `now` (`_lead_counts`' test, as one moment: the next working day never falls when the
    day sent in grows)."""
    today = _local(now).date()
    day = today - timedelta(days=1)
    while next_working_day(day) >= today:
        day -= timedelta(days=1)
    return _aware(day + timedelta(days=1))


def _live_sent_in(
    months: list[date], now: datetime
) -> tuple[dict[date, Counter[str]], _LeadCounts]:
    """For the applications sent in during `months`: the number per month and channel, and the
    lead-time counts. The database counts, per month and channel, the applications and the
    undecided ones that are late; only the decided ones' two times are read (three queries
    whatever the number of applications; `_digital_share` and `_lead_counts` over every
    application give the same figures: tests/followup/test_fold.py)."""
    channels: dict[date, Counter[str]] = defaultdict(Counter)
    lead = _LeadCounts()
    if not months:
        return channels, lead
    sent_in = (
        Application.objects.exclude(status__in=NOT_SUBMITTED)
        .filter(submitted_at__isnull=False)
        .filter(_month_ranges(months))
        .order_by()
    )
    first = Decision.objects.filter(application_id=OuterRef("pk"), supersedes__isnull=True)
    # Each application's first decision is looked up once: the database groups by whether it
    # has one and whether it was sent in before each lateness boundary (before: the look-up
    # was written into both late counts, so PostgreSQL read every first decision twice).
    for n, channel, decided, sent_24h_ago, sent_before_next_day, count in (
        sent_in.annotate(
            period=_month_case(months, "submitted_at"),
            decided=Exists(first),
            sent_24h_ago=_flag(Q(submitted_at__lt=now - timedelta(days=1))),
            sent_before_next_day=_flag(Q(submitted_at__lt=_late_next_day_before(now))),
        )
        .values("period", "channel", "decided", "sent_24h_ago", "sent_before_next_day")
        .annotate(count=Count("pk"))
        .values_list(
            "period", "channel", "decided", "sent_24h_ago", "sent_before_next_day", "count"
        )
    ):
        month = months[n]
        channels[month][channel] += count
        if not decided:
            lead.late_24h[month] += count if sent_24h_ago else 0
            lead.late_next_day[month] += count if sent_before_next_day else 0
    # The decided ones' two times (at most one first decision per application: the constraint
    # one_original_decision_per_application, so no sorting to find it).
    for submitted_at, decided_at in (
        sent_in.annotate(decided=Subquery(first.values("decided_at")[:1]))
        .filter(decided__isnull=False)
        .values_list("submitted_at", "decided")
    ):
        if submitted_at is not None:  # (filtered above: for the type checker)
            lead.decided(submitted_at, decided_at)
    return channels, lead


def _granted(months: list[date]) -> tuple[list[_App], dict[int, _Decision]]:
    """The submitted applications for `months` that were granted, with their first decisions:
    all that `_households` reads (it leaves out the rest)."""
    if not months:
        return [], {}
    first = Decision.objects.filter(supersedes__isnull=True)
    granted = (
        Application.objects.exclude(status__in=NOT_SUBMITTED)
        .filter(submitted_at__isnull=False, month__in=months)
        .filter(
            Exists(first.filter(application_id=OuterRef("pk"), outcome__in=GRANTED, amount__gt=0))
        )
        .order_by()
    )
    apps = [
        _App(pk, case_id, channel, month, submitted_at)
        for pk, case_id, channel, month, submitted_at in granted.order_by("pk").values_list(
            "pk", "case_id", "channel", "month", "submitted_at"
        )
        if submitted_at is not None  # (filtered above: for the type checker)
    ]
    return apps, _decisions(first.filter(application_id__in=granted.values("pk")))


def _dashboard_folded(months: list[date], today: date, folded: _Folded) -> Dashboard:
    changes = _changes(folded)
    if changes is None:
        return _dashboard_from_scratch(months, today)
    f = folded

    def live(slug: str, dirty: set[date]) -> list[date]:
        return [mo for mo in months if (slug, mo) not in f.rows or mo in dirty]

    live_digital = live("digital-andel", changes.sent_in_months)
    live_lead = live("handlaggningstid", changes.sent_in_months)
    live_routing = [mo for mo in months if mo not in f.routing or mo in changes.sent_in_months]
    live_sent_in = sorted(set(live_digital) | set(live_lead) | set(live_routing))
    live_households = live("hushall-och-belopp", changes.application_months)
    live_automation = live("automatiserade-beslut", changes.decided_months)

    # The months computed live (this month, and any changed since the fold) are counted by the
    # database: only decided and granted applications are read into Python, not every
    # application sent in this month (10 000 in the queue at a month's start).
    now = _moment(today)
    channels, lead = _live_sent_in(live_sent_in, now)
    apps, decisions = _granted(live_households)
    decided: dict[int, _Decision] = {}
    if live_automation:
        start, end = _aware(live_automation[0]), _aware(m.add_months(live_automation[-1], 1))
        decided = _decisions(
            Decision.objects.filter(
                supersedes__isnull=True, decided_at__gte=start, decided_at__lt=end
            )
        )

    def merged(table: Table, live_months: list[date], keep: tuple[str, ...] = ()) -> Table:
        fresh = set(live_months)
        for i, row in enumerate(table.rows):
            if row["month"] not in fresh:
                table.rows[i] = {**f.rows[(table.slug, row["month"])], **{k: row[k] for k in keep}}
        table.chart = _chart(table)
        return table

    routing = _RoutingCounts()
    fresh_routing = _routing_by_month(live_routing)
    for month in months:
        routing.add(fresh_routing[month] if month in fresh_routing else f.routing[month])
    exits = [e for e in f.exits if e.case_id not in changes.cases]
    if changes.cases:
        ids = sorted(changes.cases)
        case_apps, case_decisions = _load(Q(case_id__in=ids))
        exits += _find_exits(case_apps, case_decisions, today)
    exits.sort(key=lambda e: (e.month, e.case_id))
    return _assemble(
        months,
        today,
        digital=merged(_digital_table(channels, months), live_digital),
        lead=merged(_lead_table(lead, months), live_lead),
        automation=merged(_automation(decided, months), live_automation),
        routing=_routing_table(routing),
        # Paid is read for the whole period every time: a payment can come back any month.
        households=merged(_households(apps, decisions, months), live_households, ("paid",)),
        exits=_exits(exits, months),
    )


# --- Ansökningar -----------------------------------------------------------------------------


def _digital_share(apps: list[_App], months: list[date]) -> Table:
    by_month: dict[date, Counter[str]] = defaultdict(Counter)
    for a in apps:
        by_month[m.month_of(_local(a.submitted_at).date())][a.channel] += 1
    return _digital_table(by_month, months)


def _digital_table(by_month: dict[date, Counter[str]], months: list[date]) -> Table:
    table = Table(
        slug="digital-andel",
        title="Andel ansökningar som kom in digitalt",
        definition=(
            "Inskickade ansökningar per månad då de kom in, efter kanal: e-tjänsten (digitalt) "
            "eller pappersansökan. Andel digitalt = ansökningar via e-tjänsten delat med alla "
            "inskickade ansökningar. Utkast och återkallade ansökningar räknas inte. "
            "Målet är 85 %; Trelleborg når 75 %."
        ),
        columns=[
            Column("month", "Månad", "month"),
            Column("total", "Ansökningar (antal)"),
            Column("digital", "Via e-tjänsten (antal)"),
            Column("paper", "På papper (antal)"),
            Column("share", "Andel digitalt (%)", "pct"),
        ],
    )
    for month in months:
        c = by_month.get(month, Counter())
        total = c[Channel.DIGITAL] + c[Channel.PAPER]
        table.rows.append(
            {
                "month": month,
                "total": total,
                "digital": c[Channel.DIGITAL],
                "paper": c[Channel.PAPER],
                "share": m.share(c[Channel.DIGITAL], total),
            }
        )
    table.chart = _chart(table)
    return table


def _moment(today: date) -> datetime:
    """Now, or the end of `today` when the dashboard is shown as of another day."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time.max))


def _lead_times(
    apps: list[_App], decisions: dict[int, _Decision], months: list[date], now: datetime
) -> Table:
    return _lead_table(_lead_counts(apps, decisions, now), months)


@dataclass
class _LeadCounts:
    """Per month sent in: the decided applications' waits and the late ones."""

    seconds: dict[date, list[int]] = field(default_factory=lambda: defaultdict(list))
    in_24h: Counter[date] = field(default_factory=Counter)
    next_day: Counter[date] = field(default_factory=Counter)
    late_24h: Counter[date] = field(default_factory=Counter)  # undecided after 24 hours
    late_next_day: Counter[date] = field(default_factory=Counter)  # after the next working day

    def decided(self, submitted_at: datetime, decided_at: datetime) -> None:
        submitted = _local(submitted_at)
        month = m.month_of(submitted.date())
        wait = max(0, int((decided_at - submitted_at).total_seconds()))
        self.seconds[month].append(wait)
        if wait <= 24 * 3600:
            self.in_24h[month] += 1
        if _local(decided_at).date() <= next_working_day(submitted.date()):
            self.next_day[month] += 1


def _lead_counts(apps: list[_App], decisions: dict[int, _Decision], now: datetime) -> _LeadCounts:
    counts = _LeadCounts()
    for a in apps:
        d = decisions.get(a.pk)
        if d is None:
            submitted = _local(a.submitted_at)
            month = m.month_of(submitted.date())
            if (now - a.submitted_at).total_seconds() > 24 * 3600:
                counts.late_24h[month] += 1
            if _local(now).date() > next_working_day(submitted.date()):
                counts.late_next_day[month] += 1
            continue
        counts.decided(a.submitted_at, d.decided_at)
    return counts


def _lead_table(counts: _LeadCounts, months: list[date]) -> Table:
    seconds, in_24h, next_day = counts.seconds, counts.in_24h, counts.next_day
    late_24h, late_next_day = counts.late_24h, counts.late_next_day
    table = Table(
        slug="handlaggningstid",
        title="Tid från ansökan till beslut",
        definition=(
            "Ansökningar som har fått sitt första beslut, per månad då ansökan kom in. Tiden "
            "räknas från att ansökan skickades in till att beslutet fattades. Inom 24 timmar: "
            "högst 24 timmar, räknat på de beslutade och de ansökningar som fortfarande inte är "
            "beslutade fast det har gått mer än 24 timmar (de räknas som för sena). Inom nästa "
            "arbetsdag: beslutet fattades senast dagen efter inskickandet som är en arbetsdag "
            "(helgdagar, midsommarafton, julafton och nyårsafton räknas inte); obeslutade "
            "ansökningar vars nästa arbetsdag har gått räknas som för sena. Median: mittersta "
            "tiden (medelvärdet av de två mittersta "
            "vid jämnt antal). 90:e percentilen: den kortaste tid som minst 90 % av besluten "
            "hann inom."
        ),
        columns=[
            Column("month", "Månad", "month"),
            Column("decided", "Beslutade (antal)"),
            Column("undecided_late", "Obeslutade efter 24 timmar (antal)"),
            Column("share_24h", "Inom 24 timmar (%)", "pct"),
            Column("share_next_day", "Inom nästa arbetsdag (%)", "pct"),
            Column("median", "Median (timmar)", "dec1"),
            Column("p90", "90:e percentilen (timmar)", "dec1"),
        ],
    )
    for month in months:
        values = seconds.get(month, [])
        table.rows.append(
            {
                "month": month,
                "decided": len(values),
                "undecided_late": late_24h[month],
                "share_24h": m.share(in_24h[month], len(values) + late_24h[month]),
                "share_next_day": m.share(next_day[month], len(values) + late_next_day[month]),
                "median": m.hours(m.median(values)),
                "p90": m.hours(m.percentile_nearest_rank(values, 90)),
            }
        )
    table.chart = _chart(table)
    return table


# --- Automatisering --------------------------------------------------------------------------


def _automation(decisions: dict[int, _Decision], months: list[date]) -> Table:
    total: Counter[date] = Counter()
    automated: Counter[date] = Counter()
    start, end = _month_bounds(months)
    for d in decisions.values():
        if not start <= d.decided_at < end:
            continue
        month = m.month_of(_local(d.decided_at).date())
        total[month] += 1
        automated[month] += d.automated
    table = Table(
        slug="automatiserade-beslut",
        title="Andel beslut som fattades automatiskt",
        definition=(
            "Första beslut på en ansökan (inte ändrade beslut), per månad då beslutet fattades. "
            "Automatiskt = fattat av den automatiserade beslutsfunktionen inom delegationen; "
            "övriga fattades av en namngiven handläggare."
        ),
        columns=[
            Column("month", "Månad", "month"),
            Column("decisions", "Beslut (antal)"),
            Column("automated", "Automatiska (antal)"),
            Column("manual", "Av handläggare (antal)"),
            Column("share", "Andel automatiska (%)", "pct"),
        ],
    )
    for month in months:
        table.rows.append(
            {
                "month": month,
                "decisions": total[month],
                "automated": automated[month],
                "manual": total[month] - automated[month],
                "share": m.share(automated[month], total[month]),
            }
        )
    table.chart = _chart(table)
    return table


@dataclass
class _RoutingCounts:
    """Applications routed to a case worker and how often each reason was given."""

    routed: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    texts: dict[str, str] = field(default_factory=dict)

    def add(self, other: _RoutingCounts) -> None:
        self.routed += other.routed
        self.counts.update(other.counts)
        for code, text in other.texts.items():
            self.texts.setdefault(code, text)

    def to_json(self) -> dict[str, Any]:
        return {
            "routed": self.routed,
            "counts": dict(self.counts),
            "texts": {code: str(text) for code, text in self.texts.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _RoutingCounts:
        return cls(int(data["routed"]), Counter(data["counts"]), dict(data["texts"]))


def _routing_by_month(months: list[date]) -> dict[date, _RoutingCounts]:
    """Per month sent in: the applications the automated function did not decide, by reason.
    The database counts the applications per month and stored list of reasons (most share a
    few lists), so each list is read once, not once per application, in one query for all the
    months (before: one a month)."""
    out = {month: _RoutingCounts() for month in months}
    if not months:
        return out
    sent_in = (
        Application.objects.exclude(status__in=NOT_SUBMITTED)
        .filter(_month_ranges(months))
        .order_by()
    )
    # The month of each triage's application: with one month (the usual case: only this month
    # is computed live) every row is in it, so the two look-ups per row are left out.
    period: Any = Value(0)
    if len(months) > 1:
        submitted = Subquery(
            sent_in.filter(pk=OuterRef("application_id")).values("submitted_at")[:1]
        )
        period = _month_case(months, "submitted")
    triages = Triage.objects.filter(automated=False, application_id__in=sent_in.values("pk"))
    if len(months) > 1:
        triages = triages.annotate(submitted=submitted)
    for n, reasons, count in (
        triages.annotate(period=period)
        .values("period", "reasons")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("period", "reasons", "n")
    ):
        counts = out[months[n]]
        counts.routed += count
        for reason in reason_catalogue.merged(list(reasons or [])):
            counts.counts[reason["code"]] += count
            counts.texts.setdefault(reason["code"], str(reason["label"]))
    return out


def _routing_counts(months: list[date]) -> _RoutingCounts:
    total = _RoutingCounts()
    for counts in _routing_by_month(months).values():
        total.add(counts)
    return total


def _routing_table(routing: _RoutingCounts) -> Table:
    routed, counts, texts = routing.routed, routing.counts, routing.texts
    table = Table(
        slug="skal-till-handlaggare",
        title="Varför ansökningar gick till en handläggare",
        definition=(
            "Ansökningar som kom in under perioden och som den automatiserade beslutsfunktionen "
            "inte fick besluta om, efter skäl. En ansökan kan ha flera skäl, så summan av skälen "
            "kan vara större än antalet ansökningar. Andel = ansökningar med skälet delat med "
            f"alla ansökningar som gick till en handläggare ({routed} st)."
        ),
        columns=[
            Column("reason", "Skäl", "text"),
            Column("count", "Ansökningar (antal)"),
            Column("share", "Andel (%)", "pct"),
        ],
    )
    # Most common first; equal counts in the order of the reasons' codes.
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.rows.append(
            {
                "reason": texts[code],
                "count": count,
                "share": m.share(count, routed),
            }
        )
    table.chart = bar_chart(
        slug=table.slug,
        title=table.title,
        desc="Stapeldiagram: antal ansökningar per skäl. Siffrorna finns i tabellen nedanför.",
        points=[(r["reason"], r["count"], m.fmt_int(r["count"])) for r in table.rows],
    )
    return table


# --- Hushåll och belopp ----------------------------------------------------------------------


def _households(apps: list[_App], decisions: dict[int, _Decision], months: list[date]) -> Table:
    granted = [(a, decisions[a.pk]) for a in apps if a.pk in decisions and decisions[a.pk].granted]
    in_range = [(a, d) for a, d in granted if months[0] <= a.month <= months[-1]]
    sizes = _household_sizes([d.calculation_id for _, d in in_range])
    households: dict[date, set[int]] = defaultdict(set)
    persons: Counter[date] = Counter()
    amount: dict[date, Decimal] = defaultdict(Decimal)
    for a, d in in_range:
        if a.case_id not in households[a.month]:
            households[a.month].add(a.case_id)
            persons[a.month] += sizes.get(d.calculation_id, 1)
        amount[a.month] += d.amount
    paid = payment_selectors.amount_paid_by_month(
        since=months[0], until=m.add_months(months[-1], 1)
    )
    table = Table(
        slug="hushall-och-belopp",
        title="Hushåll och personer med bistånd, beviljat och utbetalt belopp",
        definition=(
            "Hushåll med bistånd: ärenden som fick ett beviljat belopp (helt eller delvis) för "
            "månaden som ansökan gällde. Personer: alla i hushållet enligt beräkningen. "
            "Beviljat: summan av första besluten för månaden. Utbetalt: betalningar som banken "
            "har tagit emot, efter utbetalningsdag; betalningar som kom tillbaka räknas inte."
        ),
        columns=[
            Column("month", "Månad", "month"),
            Column("households", "Hushåll (antal)"),
            Column("persons", "Personer (antal)"),
            Column("granted", "Beviljat (kr)", "kr"),
            Column("paid", "Utbetalt (kr)", "kr"),
        ],
    )
    for month in months:
        table.rows.append(
            {
                "month": month,
                "households": len(households.get(month, ())),
                "persons": persons[month],
                "granted": amount.get(month, Decimal("0.00")),
                "paid": paid.get(month, Decimal("0.00")),
            }
        )
    table.chart = _chart(table)
    return table


class _HouseholdLength(Func):
    """The number of members in a calculation input's household list, counted by the
    database (reading each input's JSON into Python was most of the dashboard's time)."""

    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CASE WHEN jsonb_typeof(%(expressions)s -> 'household') = 'array' "
            "THEN jsonb_array_length(%(expressions)s -> 'household') ELSE 0 END",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CASE WHEN json_type(%(expressions)s, '$.household') = 'array' "
            "THEN json_array_length(%(expressions)s, '$.household') ELSE 0 END",
            **extra,
        )


def _household_sizes(calculation_ids: list[int]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    ids = list(set(calculation_ids))
    for chunk in range(0, len(ids), 2000):
        for pk, length in (
            Calculation.objects.filter(pk__in=ids[chunk : chunk + 2000])
            .annotate(members=_HouseholdLength("input"))
            .values_list("pk", "members")
        ):
            sizes[pk] = max(1, length or 0)
    return sizes


# --- Egen försörjning ------------------------------------------------------------------------


@dataclass(frozen=True)
class Exit:
    case_id: int
    month: date  # the first month without assistance
    months_on_assistance: int
    reason: str
    returned: bool


def exits(*, today: date | None = None) -> list[Exit]:
    """Households that left assistance; see `_exits` for the definition."""
    today = today or timezone.localdate()
    apps, decisions = _load()
    return _find_exits(apps, decisions, today)


def _find_exits(apps: list[_App], decisions: dict[int, _Decision], today: date) -> list[Exit]:
    applied: dict[int, set[date]] = defaultdict(set)
    granted: dict[int, dict[date, _Decision]] = defaultdict(dict)
    for a in apps:
        applied[a.case_id].add(a.month)
        d = decisions.get(a.pk)
        if d is not None and d.granted:
            granted[a.case_id][a.month] = d
    current = m.month_of(today)
    found: list[tuple[int, date, date, _Decision]] = []
    for case_id, by_month in granted.items():
        for month, decision in by_month.items():
            following = m.add_months(month, 1)
            if following >= current or following in applied[case_id]:
                continue
            found.append((case_id, month, following, decision))
    reasons = _exit_reasons([d.calculation_id for *_, d in found])
    result = []
    for case_id, last, exit_month, decision in found:
        run, month = 0, last
        while month in granted[case_id]:
            run += 1
            month = m.add_months(month, -1)
        window = {m.add_months(exit_month, k) for k in range(1, RETURN_WINDOW_MONTHS)}
        result.append(
            Exit(
                case_id=case_id,
                month=exit_month,
                months_on_assistance=run,
                reason=reasons.get(decision.calculation_id, EXIT_REASONS[-1]),
                returned=bool(window & applied[case_id]),
            )
        )
    return sorted(result, key=lambda e: (e.month, e.case_id))


def _exit_reasons(calculation_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    by_type = dict(EXIT_REASON_BY_INCOME)
    ids = list(set(calculation_ids))
    for chunk in range(0, len(ids), 2000):
        for pk, data in Calculation.objects.filter(pk__in=ids[chunk : chunk + 2000]).values_list(
            "pk", "input"
        ):
            types = {str(i.get("type")) for i in (data or {}).get("incomes") or []}
            out[pk] = next(
                (by_type[t] for t, _ in EXIT_REASON_BY_INCOME if t in types), EXIT_REASONS[-1]
            )
    return out


def _exits(exits: list[Exit], months: list[date]) -> Table:
    found = [e for e in exits if months[0] <= e.month <= months[-1]]
    by_month: dict[date, list[Exit]] = defaultdict(list)
    for e in found:
        by_month[e.month].append(e)
    table = Table(
        slug="avslut",
        title="Hushåll som lämnade försörjningsstödet",
        definition=(
            "Ett hushåll räknas som avslutat en månad när det fick bistånd beviljat för "
            "månaden före men inte har ansökt för månaden. Den pågående månaden räknas inte, "
            "eftersom ansökan kan komma senare. Skäl: vi känner bara till det som syns i den "
            "sista ansökan – lön räknas som arbete; a-kassa, sjukpenning, aktivitetsstöd, "
            "pension, föräldrapenning eller studiemedel som annan ersättning; annars är "
            "skälet okänt. Tid med bistånd: antal månader i följd med beviljat bistånd fram "
            "till avslutet. Kom tillbaka inom 6 månader: hushållet har ansökt igen för någon "
            "av de fem månaderna efter avslutsmånaden (för de senaste månaderna: hittills)."
        ),
        columns=[
            Column("month", "Avslutsmånad", "month"),
            Column("exits", "Avslutade hushåll (antal)"),
            Column("work", "Arbete (antal)"),
            Column("other_benefit", "Annan ersättning (antal)"),
            Column("unknown", "Skäl okänt (antal)"),
            Column("median_months", "Tid med bistånd, median (månader)", "dec1"),
            Column("returned", "Kom tillbaka inom 6 månader (antal)"),
            Column("returned_share", "Kom tillbaka (%)", "pct"),
        ],
    )
    for month in months:
        rows = by_month.get(month, [])
        reasons = Counter(e.reason for e in rows)
        returned = sum(e.returned for e in rows)
        table.rows.append(
            {
                "month": month,
                "exits": len(rows),
                "work": reasons[EXIT_REASONS[0]],
                "other_benefit": reasons[EXIT_REASONS[1]],
                "unknown": reasons[EXIT_REASONS[2]],
                "median_months": m.median([e.months_on_assistance for e in rows]),
                "returned": returned,
                "returned_share": m.share(returned, len(rows)),
            }
        )
    table.chart = _chart(table)
    return table


# --- Stickprov -------------------------------------------------------------------------------


def _post_checks(months: list[date]) -> list[Table]:
    kind_label = {"automated": "Automatiska beslut", "manual": "Beslut av handläggare", "": "Alla"}
    channel_label = {"digital": "E-tjänsten", "paper": "Papper", "": "Alla kanaler"}
    groups = Table(
        slug="stickprov-felandel",
        title="Stickprov: andel med fel, per kanal och beslutstyp",
        definition=(
            "Stickprov på beviljade beslut för månader under perioden. Granskade: stickprov där "
            "handläggaren har registrerat ett resultat. Fel: felaktiga uppgifter eller ett annat "
            "belopp än det beviljade. Andel fel = fel delat med granskade. Ej granskade: "
            "stickprov som väntar på underlag eller bedömning."
        ),
        columns=[
            Column("channel", "Kanal", "text"),
            Column("kind", "Beslutstyp", "text"),
            Column("checked", "Granskade (antal)"),
            Column("errors", "Med fel (antal)"),
            Column("rate", "Andel fel (%)", "pct"),
            Column("open", "Ej granskade (antal)"),
        ],
    )
    until = months[-1]
    for rate in payment_selectors.post_check_error_rates(since=months[0], until=until):
        groups.rows.append(
            {
                "channel": channel_label.get(rate.channel, rate.channel),
                "kind": kind_label.get(rate.decision_type, rate.decision_type),
                "checked": rate.checked,
                "errors": rate.errors,
                "rate": rate.rate,
                "open": rate.open,
            }
        )
    monthly = Table(
        slug="stickprov-per-manad",
        title="Stickprov per månad",
        definition="Som ovan, för alla kanaler och beslutstyper, per månad som stickprovet gäller.",
        columns=[
            Column("month", "Månad", "month"),
            Column("checked", "Granskade (antal)"),
            Column("errors", "Med fel (antal)"),
            Column("rate", "Andel fel (%)", "pct"),
            Column("open", "Ej granskade (antal)"),
        ],
    )
    # One query for every month (before: one per month).
    by_month = payment_selectors.post_check_error_rates_by_month(since=months[0], until=until)
    nothing = payment_selectors.ErrorRate(channel="", decision_type="", checked=0, errors=0, open=0)
    for month in months:
        overall = by_month[month][-1] if month in by_month else nothing
        monthly.rows.append(
            {
                "month": month,
                "checked": overall.checked,
                "errors": overall.errors,
                "rate": overall.rate,
                "open": overall.open,
            }
        )
    monthly.chart = _month_chart(monthly, "rate", percent=True)
    return [groups, monthly]


# --- Figures from other apps (planning, appeals, messaging) -----------------------------------
#
# Follow-up sits above the domain apps (import-linter layers in pyproject.toml) and imports their
# selectors by name (before, it looked them up by string with import_module).


def _aware(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())


def _other_apps(months: list[date]) -> list[Section]:
    start, end = _aware(months[0]), _aware(m.add_months(months[-1], 1))
    builders: list[tuple[str, str, Callable[[], list[Table]]]] = [
        ("moten", "Möten inom 24 timmar",
         lambda: [_meetings(planning_selectors.meeting_offer_stats_by_period, months)]),
        ("intensivt-arbete", "Intensivt arbete",
         lambda: [_intensive(planning_selectors.intensive_adherence)]),
        ("overklaganden", "Överklaganden",
         lambda: [_appeals(appeal_selectors.appeal_stats, start, end)]),
        ("nojdhet", "Vad sökande tycker",
         lambda: [_satisfaction(messaging_selectors.satisfaction_stats, start, end)]),
        ("provning", "Prövning av automatiska beslut",
         lambda: [_reviews(appeal_selectors.review_stats, start, end)]),
    ]  # fmt: skip
    sections = []
    for slug, title, build in builders:
        section = Section(slug, title)
        section.tables = build()
        sections.append(section)
    return sections


def _meetings(func: Callable[..., Any], months: list[date]) -> Table:
    table = Table(
        slug="moten-inom-24-timmar",
        title="Nya sökande som erbjöds ett möte inom 24 timmar",
        definition=(
            "Nyansökningar som kom in under månaden. Erbjuden inom 24 timmar: inom 24 timmar "
            "efter ansökan bokades ett möte, eller erbjöds en ledig tid, som börjar senast 24 "
            "timmar efter ansökan. Andel = erbjudna delat med nyansökningar."
        ),
        columns=[
            Column("month", "Månad", "month"),
            Column("new", "Nyansökningar (antal)"),
            Column("offered", "Erbjudna möte inom 24 timmar (antal)"),
            Column("share", "Andel (%)", "pct"),
        ],
    )
    periods = [(_aware(month), _aware(m.add_months(month, 1))) for month in months]
    for month, stats in zip(months, func(periods), strict=True):
        table.rows.append(
            {
                "month": month,
                "new": stats.new_applications,
                "offered": stats.offered_within_24h,
                "share": stats.share,
            }
        )
    table.chart = _month_chart(table, "share", percent=True)
    return table


def _intensive(func: Callable[..., Any]) -> Table:
    by_worker: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in func():
        counts = by_worker[row.worker_name]
        counts[0] += 1
        counts[1] += row.planned
        counts[2] += row.held
    table = Table(
        slug="intensivt-arbete-foljsamhet",
        title="Intensivt arbete: genomförda möten mot planerade",
        definition=(
            "Sökande som just nu har intensivt arbete, per handläggare. Planerade möten under "
            "de senaste veckorna (eller sedan sökanden började) jämförs med möten som "
            "genomfördes. Följsamhet = genomförda delat med planerade."
        ),
        columns=[
            Column("worker", "Handläggare", "text"),
            Column("clients", "Sökande (antal)"),
            Column("planned", "Planerade möten (antal)"),
            Column("held", "Genomförda möten (antal)"),
            Column("share", "Följsamhet (%)", "pct"),
        ],
    )
    total = [0, 0, 0]
    for worker, (clients, planned, held) in sorted(by_worker.items()):
        table.rows.append(
            {
                "worker": worker,
                "clients": clients,
                "planned": planned,
                "held": held,
                "share": m.share(held, planned),
            }
        )
        total = [total[0] + clients, total[1] + planned, total[2] + held]
    if table.rows:
        table.rows.append(
            {
                "worker": "Alla",
                "clients": total[0],
                "planned": total[1],
                "held": total[2],
                "share": m.share(total[2], total[1]),
            }
        )
    return table


def _appeals(func: Callable[..., Any], start: datetime, end: datetime) -> Table:
    stats = func(start, end)
    table = Table(
        slug="overklaganden-andrade",
        title="Överklaganden och ändrade beslut, automatiska och manuella beslut",
        definition=(
            "Överklaganden som kom in under perioden, efter vem som fattade det överklagade "
            "beslutet. Ändrat: nämnden ändrade beslutet vid omprövning, eller "
            "förvaltningsrätten biföll helt eller delvis. Andel ändrade = ändrade delat med "
            "överklagade."
        ),
        columns=[
            Column("kind", "Beslutet fattades av", "text"),
            Column("appeals", "Överklagade (antal)"),
            Column("changed", "Ändrade (antal)"),
            Column("namnd", "Ändrade av nämnden (antal)"),
            Column("court", "Ändrade av domstolen (antal)"),
            Column("share", "Andel ändrade (%)", "pct"),
        ],
    )
    labels = {
        "automated": "Automatiserad beslutsfunktion",
        "manual": "Handläggare",
        "total": "Alla",
    }
    for key, label in labels.items():
        appeals = stats.get("appeals", {}).get(key, 0)
        changed = stats.get("changed", {}).get(key, 0)
        table.rows.append(
            {
                "kind": label,
                "appeals": appeals,
                "changed": changed,
                "namnd": stats.get("changed_by_namnd", {}).get(key, 0),
                "court": stats.get("changed_by_court", {}).get(key, 0),
                "share": m.share(changed, appeals),
            }
        )
    return table


def _reviews(func: Callable[..., Any], start: datetime, end: datetime) -> Table:
    stats = func(start, end)
    table = Table(
        slug="provning-av-automatiska-beslut",
        title="Begäran om att en handläggare prövar ett automatiskt beslut",
        definition=(
            "Begäranden som kom in under perioden (artikel 22.3 i dataskyddsförordningen). "
            "Prövade: en handläggare har beslutat. Ändrade: beslutet ändrades efter prövningen. "
            "Mediantid: timmar från begäran till handläggarens beslut, för de prövade."
        ),
        columns=[
            Column("requested", "Begäranden (antal)"),
            Column("decided", "Prövade (antal)"),
            Column("changed", "Ändrade (antal)"),
            Column("open", "Väntar (antal)"),
            Column("median", "Mediantid (timmar)", "text"),
        ],
    )
    median = stats.get("median_hours")
    table.rows.append(
        {
            "requested": stats.get("requested", 0),
            "decided": stats.get("decided", 0),
            "changed": stats.get("changed", 0),
            "open": stats.get("open", 0),
            "median": str(median).replace(".", ",") if median is not None else "–",
        }
    )
    return table


def _satisfaction(func: Callable[..., Any], start: datetime, end: datetime) -> Table:
    stats = func(start, end)
    count = int(stats.get("count") or 0)
    mean = stats.get("mean")
    table = Table(
        slug="nojdhet-svar",
        title="Sökandes svar: hur nöjd är du?",
        definition=(
            "Svar under perioden på en skala från 1 (inte alls nöjd) till 5 (mycket nöjd). "
            f"Antal svar: {count}. Medelvärde: {m.fmt_dec1(mean) if mean is not None else '–'}. "
            f"Hoppade över frågan: {int(stats.get('skipped') or 0)}."
        ),
        columns=[
            Column("score", "Svar (1–5)", "text"),
            Column("count", "Antal svar"),
            Column("share", "Andel av svaren (%)", "pct"),
        ],
    )
    for score, n in sorted((stats.get("distribution") or {}).items()):
        table.rows.append({"score": str(score), "count": n, "share": m.share(n, count)})
    table.chart = bar_chart(
        slug=table.slug,
        title=table.title,
        desc="Stapeldiagram: antal svar per värde från 1 till 5. Siffrorna finns i tabellen.",
        points=[(r["score"], r["count"], m.fmt_int(r["count"])) for r in table.rows],
    )
    return table


# --- Charts ----------------------------------------------------------------------------------

# The monthly tables' charts: the column charted, whether it is a share, and the goals drawn.
CHARTS: dict[str, tuple[str, bool, list[tuple[Decimal, str]]]] = {
    "digital-andel": (
        "share",
        True,
        [(GOAL_DIGITAL, "Mål 85 %"), (GOAL_DIGITAL_TRELLEBORG, "Trelleborg 75 %")],
    ),
    "handlaggningstid": ("share_24h", True, []),
    "automatiserade-beslut": ("share", True, []),
    "hushall-och-belopp": ("households", False, []),
    "avslut": ("exits", False, []),
}


def _chart(table: Table) -> Any:
    key, percent, goals = CHARTS[table.slug]
    return _month_chart(table, key, percent=percent, goals=goals or None)


def _month_chart(
    table: Table,
    key: str,
    *,
    percent: bool = False,
    goals: list[tuple[Decimal, str]] | None = None,
) -> Any:
    column = next(c for c in table.columns if c.key == key)
    points: list[tuple[str, Decimal | int | None, str]] = []
    for row in table.rows:
        value = row.get(key)
        shown = m.FORMATS[column.kind](value)
        points.append((month_short(row["month"]), value, shown))
    first, last = table.rows[0]["month"], table.rows[-1]["month"]
    what = column.label
    desc = (
        f"Stapeldiagram per månad från {month_label(first)} till {month_label(last)}: "
        f"{what}. "
        + (" ".join(f"{label}: {g * 100:.0f} %." for g, label in goals or []))
        + " De exakta siffrorna finns i tabellen nedanför."
    )
    if percent:
        return bar_chart(
            slug=table.slug,
            title=table.title,
            desc=desc,
            points=[(lbl, v * 100 if v is not None else None, s) for lbl, v, s in points],
            goals=[(g * 100, label) for g, label in goals or []],
            maximum=Decimal(100),
            tick_format="{} %",
        )
    return bar_chart(slug=table.slug, title=table.title, desc=desc, points=points)
