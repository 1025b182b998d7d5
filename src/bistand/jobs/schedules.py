"""Scheduled jobs, kept in django-q2's Schedule table and created idempotently at start."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scheduled:
    name: str
    func: str
    minutes: int


SCHEDULES: list[Scheduled] = [
    Scheduled(name="Dispatch due and recovered jobs", func="bistand.jobs.runner.sweep", minutes=1),
    Scheduled(
        name="Offer meetings to new applicants",
        func="bistand.planning.jobs.enqueue_offers",
        minutes=5,
    ),
    Scheduled(
        name="Remind of tomorrow's meetings",
        func="bistand.planning.jobs.enqueue_reminders",
        minutes=60,
    ),
]


def ensure_schedules() -> list[str]:
    from django_q.models import Schedule

    names = []
    for item in SCHEDULES:
        Schedule.objects.update_or_create(
            name=item.name,
            defaults={
                "func": item.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": item.minutes,
                "repeats": -1,
            },
        )
        names.append(item.name)
    return names
