"""The daily payment file as a scheduled job."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django_q.models import Schedule

from bistand.jobs.schedules import ensure_schedules
from bistand.payments.jobs import daily_payment_file
from bistand.payments.models import OrderStatus, PaymentFile

from .factories import decision

TZ = ZoneInfo("Europe/Stockholm")


def test_daily_file_is_scheduled_every_morning_and_the_minute_schedules_stay(db):
    ensure_schedules()
    daily = Schedule.objects.get(name="Daily payment file (pain.001)")
    assert daily.schedule_type == Schedule.DAILY
    assert daily.func == "bistand.payments.jobs.daily_payment_file"
    assert timezone_hour(daily.next_run) == 6
    sweep = Schedule.objects.get(name="Dispatch due and recovered jobs")
    assert (sweep.schedule_type, sweep.minutes) == (Schedule.MINUTES, 1)


def timezone_hour(value: datetime) -> int:
    return value.astimezone(TZ).hour


def test_daily_job_pays_due_orders_once(db):
    from bistand.payments.services import payment_order_create_for_decision

    order = payment_order_create_for_decision(decision_id=decision().pk)
    assert order is not None and order.status == OrderStatus.READY
    with mock.patch("django.utils.timezone.localdate", return_value=order.payment_date):
        first = daily_payment_file()
        second = daily_payment_file()
    assert first == second
    assert first["payments"] == 1
    assert PaymentFile.objects.count() == 1


def test_no_file_on_a_sunday(db):
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 6)):
        assert daily_payment_file()["file"] is None
    assert not PaymentFile.objects.exists()
