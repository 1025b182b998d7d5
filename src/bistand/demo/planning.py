"""Demo data for planning: the demo workers' slots for the coming working days, booked and held
meetings, handlingsplaner with two versions, and an intensive list. Idempotent: running it again
adds nothing that is already there (slots are keyed by worker and time)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.accounts.selectors import demo_users
from bistand.cases import services as case_services
from bistand.core.workdays import next_working_day
from bistand.planning.models import ActionPlan, IntensiveClient, Meeting, MeetingSlot, MeetingStatus
from bistand.planning.services import action_plan_save

SLOT_TIMES = {
    Role.ARBETSMARKNADSSEKRETERARE: [time(9, 0), time(10, 0), time(13, 30), time(15, 0)],
    Role.SOCIALSEKRETERARE: [time(9, 30), time(14, 0)],
}
PLACES = ["Stadshuset, Storgatan 1, rum 12", "Jobbtorget, Hamngatan 4"]


def _at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def _slot(worker: User, starts_at: datetime, rng: random.Random) -> MeetingSlot:
    existing = MeetingSlot.objects.filter(
        worker=worker, starts_at=starts_at, withdrawn_at=None
    ).first()
    if existing:
        return existing
    mode = rng.choice(["in_person", "in_person", "video", "phone"])
    return MeetingSlot.objects.create(
        worker=worker,
        starts_at=starts_at,
        minutes=45,
        mode=mode,
        place=rng.choice(PLACES) if mode == "in_person" else "",
    )


def _meeting(
    worker: User, case_id: int, starts_at: datetime, status: str, rng: random.Random
) -> None:
    slot = _slot(worker, starts_at, rng)
    if slot.meetings.exclude(status=MeetingStatus.CANCELLED).exists():
        return
    Meeting.objects.create(
        slot=slot,
        case_id=case_id,
        status=status,
        booked_by=worker,
        booked_via="staff",
        outcome_by=worker if status != MeetingStatus.BOOKED else None,
        outcome_at=starts_at + timedelta(hours=1) if status != MeetingStatus.BOOKED else None,
        outcome_notes="Vi gick igenom planen." if status == MeetingStatus.HELD else "",
    )


def create(rng: random.Random) -> None:
    users = {u.username: u for u in demo_users()}
    ams = users.get(f"demo-{Role.ARBETSMARKNADSSEKRETERARE.value}")
    social = users.get(f"demo-{Role.SOCIALSEKRETERARE.value}")
    if ams is None or social is None:
        return
    today = timezone.localdate()
    # Free slots for the next three working days (what a new applicant books on Min sida).
    day = today
    for _ in range(3):
        day = next_working_day(day)
        for worker in (ams, social):
            for clock in SLOT_TIMES[Role(worker.role)]:
                _slot(worker, _at(day, clock), rng)

    citizens = [users.get(f"demo-invanare-{n}") for n in (2, 3, 4)]
    if any(c is None for c in citizens):
        return
    cases = [case_services.case_get_or_open(applicant=c) for c in citizens if c]

    # Citizen 2: a held meeting, a plan with two versions, on the intensive list (2 a week).
    # Citizen 3: a meeting booked for the next working day.
    # Citizen 4: on the intensive list (3 a week) with some meetings held, one missed.
    first, second, third = cases
    now = timezone.now()
    _meeting(ams, first.pk, _at(today - timedelta(days=3), time(10, 0)), MeetingStatus.HELD, rng)
    _meeting(ams, second.pk, _at(next_working_day(today), time(10, 0)), MeetingStatus.BOOKED, rng)
    for days_ago, status in [(2, "held"), (5, "held"), (9, "not_attended"), (12, "held")]:
        when = _at(today - timedelta(days=days_ago), time(11, 0))
        _meeting(ams, third.pk, when, status, rng)
    for case, per_week in [(first, 2), (third, 3)]:
        if not IntensiveClient.objects.filter(case_id=case.pk, ended_at=None).exists():
            IntensiveClient.objects.create(
                worker=ams,
                case_id=case.pk,
                meetings_per_week=per_week,
                started_at=now - timedelta(weeks=3),
            )
    if not ActionPlan.objects.filter(case_id=first.pk).exists():
        first_activity: dict[str, Any] = {
            "text": "Skriva in sig på Arbetsförmedlingen",
            "responsible": "citizen",
            "actor": "",
            "start": today.isoformat(),
            "due": (today + timedelta(days=7)).isoformat(),
        }
        base: dict[str, Any] = {
            "goals": ["Ha ett arbete på deltid inom tre månader"],
            "activities": [first_activity],
            "follow_up": "",
        }
        action_plan_save(case=first, expected_version=0, content=base, by=ams)
        updated = {
            **base,
            "activities": [
                first_activity,
                {
                    "text": "Praktik i lager via Arbetsförmedlingen",
                    "responsible": "other",
                    "actor": "Arbetsförmedlingen",
                    "start": (today + timedelta(days=14)).isoformat(),
                    "due": (today + timedelta(days=56)).isoformat(),
                },
            ],
            "follow_up": "Inskrivning klar. Nästa uppföljning om två veckor.",
        }
        action_plan_save(case=first, expected_version=1, content=updated, by=ams)
