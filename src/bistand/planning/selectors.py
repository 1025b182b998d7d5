"""Reads in planning: free slots, meetings, the 24-hour offer figure, action plans and the
intensive lists with their adherence. Access is checked by the callers (planning/access.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from bistand.applications import selectors as application_selectors
from bistand.cases import selectors as case_selectors
from bistand.core.format import NO_VALUE
from bistand.core.format import hours as hours_text

from .models import (
    ActionPlanVersion,
    IntensiveClient,
    Meeting,
    MeetingOffer,
    MeetingSlot,
    MeetingStatus,
)

ADHERENCE_WEEKS = 4
SHARE_QUANTUM = Decimal("0.0001")
LIVE_STATUSES = [MeetingStatus.BOOKED, MeetingStatus.HELD, MeetingStatus.NOT_ATTENDED]


def offer_window() -> timedelta:
    """A new applicant is offered a meeting starting within this long of applying
    (municipality.yaml `meetings.offer_within_hours`; the example: 24 hours)."""
    return timedelta(hours=settings.MUNICIPALITY.meeting_offer_within_hours)


def reminder_days_before() -> int:
    """A booked meeting is reminded of this many days before its local date (municipality.yaml
    `meetings.reminder_days_before`; the example: 1, the day before)."""
    return int(settings.MUNICIPALITY.meeting_reminder_days_before)


def intensive_max_clients() -> int:
    """Active clients per case worker on the intensive list (municipality.yaml
    `meetings.intensive_max_clients`; PLANNING_INTENSIVE_MAX_CLIENTS overrides it in tests)."""
    default = settings.MUNICIPALITY.intensive_max_clients
    return int(getattr(settings, "PLANNING_INTENSIVE_MAX_CLIENTS", default))


# --- Slots and meetings ------


def free_slots(
    *, after: datetime, before: datetime | None = None, worker: Any | None = None
) -> QuerySet[MeetingSlot]:
    """Open slots starting after `after` (and not after `before`) that nobody has booked."""
    live = Meeting.objects.filter(slot=OuterRef("pk")).exclude(status=MeetingStatus.CANCELLED)
    qs = (
        MeetingSlot.objects.select_related("worker")
        .filter(withdrawn_at__isnull=True, starts_at__gt=after)
        .exclude(Exists(live))
    )
    if before is not None:
        qs = qs.filter(starts_at__lte=before)
    if worker is not None:
        qs = qs.filter(worker=worker)
    return qs.order_by("starts_at", "pk")


def slot_by_id(*, slot_id: int) -> MeetingSlot | None:
    return MeetingSlot.objects.select_related("worker").filter(pk=slot_id).first()


def slots_for_worker(*, worker: Any, after: datetime) -> list[dict[str, Any]]:
    """The worker's open slots from `after`, each with its live meeting (or None)."""
    slots = list(
        MeetingSlot.objects.filter(worker=worker, withdrawn_at__isnull=True, starts_at__gte=after)
        .order_by("starts_at", "pk")
        .prefetch_related("meetings")
    )
    rows = []
    for slot in slots:
        live = [m for m in slot.meetings.all() if m.status != MeetingStatus.CANCELLED]
        rows.append({"slot": slot, "meeting": live[0] if live else None})
    return rows


def meeting_by_id(*, meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("slot", "slot__worker", "outcome_by")
        .filter(pk=meeting_id)
        .first()
    )


def meetings_for_case(*, case_id: int) -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related("slot", "slot__worker")
        .filter(case_id=case_id)
        .order_by("slot__starts_at", "pk")
    )


def upcoming_meeting_for_case(*, case_id: int, now: datetime) -> Meeting | None:
    """The case's next booked meeting that has not yet been held (at most one is allowed)."""
    return (
        Meeting.objects.select_related("slot", "slot__worker")
        .filter(case_id=case_id, status=MeetingStatus.BOOKED, slot__starts_at__gt=now)
        .order_by("slot__starts_at")
        .first()
    )


def meetings_without_outcome(*, worker: Any, now: datetime) -> QuerySet[Meeting]:
    """The worker's booked meetings that have started but have no outcome yet."""
    return Meeting.objects.select_related("slot").filter(
        slot__worker=worker, status=MeetingStatus.BOOKED, slot__starts_at__lte=now
    )


def meetings_needing_reminder(*, day_start: datetime, day_end: datetime) -> QuerySet[Meeting]:
    """Booked meetings starting in [day_start, day_end) that have not been reminded."""
    return Meeting.objects.select_related("slot").filter(
        status=MeetingStatus.BOOKED,
        slot__starts_at__gte=day_start,
        slot__starts_at__lt=day_end,
        reminder__isnull=True,
    )


def new_applicants_without_meeting(*, now: datetime) -> list[dict[str, Any]]:
    """New applications sent in during the last 24 hours whose case has no live meeting booked
    since the submission: who the staff should book for. Oldest first, with the deadline."""
    rows = []
    for application in application_selectors.new_applications_submitted(
        start=now - offer_window(), end=now + timedelta(seconds=1)
    ):
        assert application.submitted_at is not None
        booked = Meeting.objects.filter(
            case_id=application.case_id,
            status__in=LIVE_STATUSES,
            booked_at__gte=application.submitted_at,
        ).exists()
        if not booked:
            rows.append(
                {
                    "application": application,
                    "case": application.case,
                    "deadline": application.submitted_at + offer_window(),
                }
            )
    return rows


def promise_deadline_for_case(*, case_id: int, now: datetime) -> datetime | None:
    """When the 24-hour promise of this case's new application runs out, if it is still open
    (sent in within the offer window, no meeting booked since); otherwise None."""
    deadlines = [
        row["deadline"]
        for row in new_applicants_without_meeting(now=now)
        if row["case"].pk == case_id
    ]
    return min(deadlines) if deadlines else None


# --- The 24-hour figure ------


@dataclass(frozen=True)
class MeetingOfferStats:
    """New applicants in a period and how many were offered a meeting within 24 hours.

    `share` is offered_within_24h / new_applications rounded to four decimals (0.8333), or
    None when there were no new applications in the period (nothing to divide)."""

    start: datetime
    end: datetime
    new_applications: int
    offered_within_24h: int
    share: Decimal | None


def offered_within_24h(*, application: Any) -> bool:
    """The definition (docs/adr/0040-meetings-within-24-hours.md): a new application counts
    as offered a meeting within 24 hours when, within 24 hours of being sent in, either

    - a meeting for its case was booked (by the applicant or by staff, whatever happened to it
      later) in a slot that starts no later than 24 hours after the application, or
    - the applicant was offered at least one free slot starting within those 24 hours (a
      `MeetingOffer` recorded before the deadline).
    """
    submitted = application.submitted_at
    if submitted is None:
        return False
    deadline = submitted + offer_window()
    booked = Meeting.objects.filter(
        case_id=application.case_id,
        booked_at__gte=submitted,
        booked_at__lte=deadline,
        slot__starts_at__lte=deadline,
    ).exists()
    if booked:
        return True
    return MeetingOffer.objects.filter(
        application_id=application.pk, offered_at__lte=deadline, slots_within_24h__gt=0
    ).exists()


def _offered_within_window() -> Q:
    """For a submitted nyansökan (the outer row): within the offer window of its sending in, a
    meeting was booked for its case that starts within the window, or free times starting
    within it were offered (`MeetingOffer`).

    The two correlated look-ups are asked only of the applications that can pass them: those
    with an offer that had times, or whose case has any meeting. Both are uncorrelated
    subqueries the database reads once (a hash), so an application without either costs two
    hash probes instead of two index look-ups; at a month's start that is every application in
    the queue (issue 16 item 5; the figures are unchanged: the test compares them with the look-
    ups alone)."""
    deadline = ExpressionWrapper(
        OuterRef("submitted_at") + offer_window(), output_field=DateTimeField()
    )
    booked = Meeting.objects.filter(
        case_id=OuterRef("case_id"),
        booked_at__gte=OuterRef("submitted_at"),
        booked_at__lte=deadline,
        slot__starts_at__lte=deadline,
    )
    offers = MeetingOffer.objects.filter(
        application_id=OuterRef("pk"), offered_at__lte=deadline, slots_within_24h__gt=0
    )
    candidate = Q(
        pk__in=MeetingOffer.objects.filter(slots_within_24h__gt=0)
        .order_by()
        .values("application_id")
    ) | Q(case_id__in=Meeting.objects.order_by().values("case_id"))
    return candidate & (Q(Exists(booked)) | Q(Exists(offers)))


def meeting_offer_stats(start: datetime, end: datetime) -> MeetingOfferStats:
    """The share of new applicants (nyansökningar sent in in [start, end)) offered a meeting
    within 24 hours (the definition of `offered_within_24h`, counted by the database in one
    query: no query per application). Read by the follow-up dashboard."""
    applications = application_selectors.new_applications_submitted(start=start, end=end)
    counts = (
        applications.select_related(None)
        .order_by()
        .aggregate(total=Count("pk"), offered=Count("pk", filter=_offered_within_window()))
    )
    total, offered = counts["total"], counts["offered"]
    share = (
        (Decimal(offered) / Decimal(total)).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)
        if total
        else None
    )
    return MeetingOfferStats(
        start=start,
        end=end,
        new_applications=total,
        offered_within_24h=offered,
        share=share,
    )


def meeting_offer_stats_by_period(
    periods: list[tuple[datetime, datetime]],
) -> list[MeetingOfferStats]:
    """`meeting_offer_stats(start, end)` for each of the periods (consecutive and not
    overlapping, in order), in one query grouped by period (the follow-up dashboard's monthly
    table; before, one query per month)."""
    if not periods:
        return []
    applications = application_selectors.new_applications_submitted(
        start=periods[0][0], end=periods[-1][1]
    )
    period = Case(
        *[
            When(submitted_at__gte=start, submitted_at__lt=end, then=Value(n))
            for n, (start, end) in enumerate(periods)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )
    counts = {
        n: (total, offered)
        for n, total, offered in applications.select_related(None)
        .order_by()
        .annotate(period=period)
        .values("period")
        .annotate(
            total=Count("pk"),
            offered=Count("pk", filter=_offered_within_window()),
        )
        .values_list("period", "total", "offered")
    }
    result = []
    for n, (start, end) in enumerate(periods):
        total, offered = counts.get(n, (0, 0))
        share = (
            (Decimal(offered) / Decimal(total)).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)
            if total
            else None
        )
        result.append(
            MeetingOfferStats(
                start=start,
                end=end,
                new_applications=total,
                offered_within_24h=offered,
                share=share,
            )
        )
    return result


def offer_for_application(*, application_id: int) -> MeetingOffer | None:
    return MeetingOffer.objects.filter(application_id=application_id).first()


# --- Action plans ------


def action_plan_current(*, case_id: int) -> ActionPlanVersion | None:
    return (
        ActionPlanVersion.objects.select_related("created_by")
        .filter(plan__case_id=case_id)
        .order_by("-number")
        .first()
    )


def action_plan_versions(*, case_id: int) -> QuerySet[ActionPlanVersion]:
    return (
        ActionPlanVersion.objects.select_related("created_by")
        .filter(plan__case_id=case_id)
        .order_by("-number")
    )


# --- Intensive motivational work ------


def intensive_clients(*, worker: Any) -> QuerySet[IntensiveClient]:
    return IntensiveClient.objects.filter(worker=worker, ended_at__isnull=True).order_by(
        "started_at", "pk"
    )


def intensive_entry_by_id(*, entry_id: int) -> IntensiveClient | None:
    return IntensiveClient.objects.select_related("worker").filter(pk=entry_id).first()


@dataclass(frozen=True)
class AdherenceRow:
    """One client on an intensive list: meetings held against meetings planned over the last
    `weeks` weeks (or since the client joined the list, if later). `share` is held / planned
    rounded to four decimals, None when nothing was planned yet."""

    entry_id: int
    worker_id: int
    worker_name: str
    case_id: int
    case_number: str
    meetings_per_week: int
    period_start: datetime
    period_end: datetime
    planned: int
    held: int
    share: Decimal | None


def planned_meetings(*, meetings_per_week: int, period_start: datetime, end: datetime) -> int:
    """Meetings planned in [period_start, end): the weekly frequency times the whole weeks and
    the started week's share of days, rounded down (a week just begun plans nothing yet)."""
    days = max(0, (end - period_start).days)
    return (meetings_per_week * days) // 7


def intensive_adherence(
    *, worker: Any | None = None, as_of: datetime | None = None, weeks: int = ADHERENCE_WEEKS
) -> list[AdherenceRow]:
    """Adherence of every active intensive client (of one worker, or all): meetings held (any
    worker, status "genomfört") against planned, over the last `weeks` weeks up to `as_of`."""
    end = as_of or timezone.now()
    window_start = end - timedelta(weeks=weeks)
    entries = IntensiveClient.objects.select_related("worker").filter(
        ended_at__isnull=True, started_at__lte=end
    )
    if worker is not None:
        entries = entries.filter(worker=worker)
    entries = entries.order_by("started_at", "pk")
    cases = case_selectors.cases_by_ids(case_ids=[e.case_id for e in entries])
    rows = []
    for entry in entries:
        period_start = max(window_start, entry.started_at)
        planned = planned_meetings(
            meetings_per_week=entry.meetings_per_week, period_start=period_start, end=end
        )
        held = Meeting.objects.filter(
            case_id=entry.case_id,
            status=MeetingStatus.HELD,
            slot__starts_at__gte=period_start,
            slot__starts_at__lt=end,
        ).count()
        share = (
            (Decimal(held) / Decimal(planned)).quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)
            if planned
            else None
        )
        case = cases.get(entry.case_id)
        rows.append(
            AdherenceRow(
                entry_id=entry.pk,
                worker_id=entry.worker_id,
                worker_name=entry.worker.display_name or entry.worker.username,
                case_id=entry.case_id,
                case_number=case.number if case else "",
                meetings_per_week=entry.meetings_per_week,
                period_start=period_start,
                period_end=end,
                planned=planned,
                held=held,
                share=share,
            )
        )
    return rows


# --- Aktivitetskrav (issue 14 item 9) ------------------------------------------------------------


def _month_back(month: Any, count: int) -> Any:
    year, number = month.year, month.month - count
    while number < 1:
        year, number = year - 1, number + 12
    return month.replace(year=year, month=number, day=1)


def _age(person: Any, on: Any) -> int:
    """Age on `on` from the personnummer (0 when it cannot be read)."""
    from bistand.core import personnummer as pnr

    try:
        born = pnr.birth_date(person.personnummer or "")
    except ValueError:
        return 0
    return int(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def latest_activity_hours(*, case_ids: list[int], month: Any) -> dict[tuple[int, int], Any]:
    """The latest recorded hours per (case, person) for the month."""
    from .models import ActivityHours

    latest: dict[tuple[int, int], Any] = {}
    for row in ActivityHours.objects.filter(case_id__in=case_ids, month=month).order_by("pk"):
        latest[(row.case_id, row.person_id)] = row
    return latest


def activity_rows(*, month: Any, case_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Each adult (applicant and partner) of every case with försörjningsstöd in the year before
    `month` (or of `case_ids`), with where they stand for the aktivitetskrav that month: due
    (and met, short, not reported or without planned hours), exempt or not due. Provisional law
    (bistand.rules.law.aktivitetskrav); nothing here decides."""
    from bistand.decisions import selectors as decision_selectors
    from bistand.rules.law.aktivitetskrav import ActivityFacts, assess

    from .models import ActivityDecisionDraft

    month = month.replace(day=1)
    granted = decision_selectors.granted_months_by_case(
        since=_month_back(month, 12), until=_month_back(month, 1)
    )
    ids = sorted(granted if case_ids is None else set(case_ids))
    cases = case_selectors.cases_by_ids(case_ids=ids)
    hours = latest_activity_hours(case_ids=ids, month=month)
    drafts = {
        (d.case_id, d.person_id): d
        for d in ActivityDecisionDraft.objects.filter(case_id__in=ids, month=month).order_by("pk")
    }
    rows: list[dict[str, Any]] = []
    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            continue
        for person in (case.applicant, case.partner):
            if person is None:
                continue
            record = hours.get((case_id, person.pk))
            result = assess(
                ActivityFacts(
                    month=month,
                    age=_age(person, month),
                    granted_months_before=tuple(granted.get(case_id, ())),
                    exemption=record.exemption if record else "",
                    has_child_under_8=bool(record and record.has_child_under_8),
                    planned_hours=record.planned_hours if record else None,
                    attended_hours=record.attended_hours if record else None,
                )
            )
            rows.append(
                {
                    "case": case,
                    "person": person,
                    "name": person.display_name or person.username,
                    "assessment": result,
                    "record": record,
                    "planned": hours_text(record.planned_hours) if record else NO_VALUE,
                    "attended": hours_text(record.attended_hours) if record else NO_VALUE,
                    "shortfall": hours_text(result.shortfall),
                    "weekly": hours_text(result.expected_weekly_hours),
                    "draft": drafts.get((case_id, person.pk)),
                }
            )
    order = {"short": 0, "no_plan": 1, "not_reported": 2, "met": 3, "exempt": 4}
    rows.sort(key=lambda r: (order.get(r["assessment"].status, 5), r["case"].number))
    return rows


def activity_decision_material(*, case_id: int, month: Any) -> list[Any]:
    """The aktivitetskrav decisions prepared for a case (cases.hooks provider, docs/adr/0211):
    those for the decision's month and the two months before, since a shortfall in one month
    bears on the continued försörjningsstöd that follows."""
    from django.urls import reverse

    from bistand.cases.hooks import PreparedMaterial

    from .models import ActivityDecisionDraft

    month = month.replace(day=1)
    drafts = (
        ActivityDecisionDraft.objects.filter(
            case_id=case_id, month__gte=_month_back(month, 2), month__lte=month
        )
        .select_related("person", "prepared_by")
        .order_by("-prepared_at", "-pk")
    )
    material: list[PreparedMaterial] = []
    seen: set[tuple[Any, int]] = set()
    for draft in drafts:
        if (draft.month, draft.person_id) in seen:
            continue  # the latest one prepared for that person and month
        seen.add((draft.month, draft.person_id))
        name = draft.person.display_name or draft.person.username
        material.append(
            PreparedMaterial(
                title=f"Aktivitetskrav {draft.month:%Y-%m}: {name}",
                text=draft.text,
                url=(
                    reverse("planning:activity_case", args=[case_id])
                    + f"?manad={draft.month:%Y-%m}#person-{draft.person_id}"
                ),
                link_text=f"Öppna aktivitetskravet {draft.month:%Y-%m} för {name}",
                prepared_by=draft.prepared_by.display_name or draft.prepared_by.username,
                prepared_at=draft.prepared_at,
            )
        )
    return material
