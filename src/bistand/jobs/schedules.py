"""Scheduled jobs, kept in django-q2's Schedule table and created idempotently at start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Scheduled:
    """Every `minutes` minutes; or, with `daily_at`, once a day at that local time."""

    name: str
    func: str
    minutes: int
    daily_at: time | None = None


SCHEDULES: list[Scheduled] = [
    Scheduled(name="Dispatch due and recovered jobs", func="bistand.jobs.runner.sweep", minutes=1),
    # The name is kept so that existing schedules are updated in place; the job only prepares
    # the run, and the pain.001 is made when a person attests it (docs/adr/0177).
    Scheduled(
        name="Daily payment file (pain.001)",
        func="bistand.payments.jobs.daily_payment_run",
        minutes=24 * 60,
        daily_at=time(6, 0),
    ),
    Scheduled(
        name="Escalate overdue queue items to the enhetschef",
        func="bistand.casework.jobs.schedule_overdue_sweep",
        minutes=15,
    ),
    Scheduled(
        name="Offer meetings to new applicants",
        func="bistand.planning.jobs.enqueue_offers",
        minutes=5,
    ),
    Scheduled(
        name="Unopened decision letters to the digital mailbox or post",
        func="bistand.decisions.jobs.second_channel_sweep",
        minutes=24 * 60,
        daily_at=time(7, 0),
    ),
    Scheduled(
        name="Print service receipts: letters printed, posted or returned",
        func="bistand.decisions.jobs.print_receipts_sweep",
        minutes=24 * 60,
        daily_at=time(6, 30),
    ),
    Scheduled(
        name="Remind of tomorrow's meetings",
        func="bistand.planning.jobs.enqueue_reminders",
        minutes=60,
    ),
    Scheduled(
        name="Fold the follow-up figures of the closed months",
        func="bistand.followup.jobs.enqueue_fold",
        minutes=60,
    ),
    Scheduled(
        name="Delete ended sessions and text kept after a session ended",
        func="bistand.core.session.clear_expired",
        minutes=60,
    ),
]


def ensure_schedules() -> list[str]:
    from django_q.models import Schedule

    names = []
    for item in SCHEDULES:
        defaults: dict[str, object] = {
            "func": item.func,
            "schedule_type": Schedule.MINUTES,
            "minutes": item.minutes,
            "repeats": -1,
        }
        if item.daily_at is not None:
            defaults["schedule_type"] = Schedule.DAILY
            defaults["next_run"] = _next_daily_run(item.daily_at)
        Schedule.objects.update_or_create(name=item.name, defaults=defaults)
        names.append(item.name)
    return names


def _next_daily_run(at: time) -> datetime:
    """The next local time `at` (today's if it is still ahead, else tomorrow's)."""
    from django.utils import timezone

    now = timezone.localtime()
    run = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)
