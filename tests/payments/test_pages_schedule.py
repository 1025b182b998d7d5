"""The daily payment file as a scheduled job."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django_q.models import Schedule

from bistand.jobs.schedules import ensure_schedules
from bistand.payments.jobs import daily_payment_run
from bistand.payments.models import OrderStatus, PaymentFile, PaymentRun

from .factories import decision

TZ = ZoneInfo("Europe/Stockholm")


def test_daily_file_is_scheduled_every_morning_and_the_minute_schedules_stay(db):
    ensure_schedules()
    daily = Schedule.objects.get(name="Daily payment file (pain.001)")
    assert daily.schedule_type == Schedule.DAILY
    assert daily.func == "bistand.payments.jobs.daily_payment_run"
    assert timezone_hour(daily.next_run) == 6
    sweep = Schedule.objects.get(name="Dispatch due and recovered jobs")
    assert (sweep.schedule_type, sweep.minutes) == (Schedule.MINUTES, 1)


def timezone_hour(value: datetime) -> int:
    return value.astimezone(TZ).hour


def test_daily_job_prepares_the_run_but_never_writes_a_file_a_person_attests(db):
    """Two-person rule (docs/adr/0177): the morning job prepares; only a person's attest makes
    the pain.001. Running the job again changes nothing."""
    from bistand.accounts.models import Role
    from bistand.payments.services import payment_order_create_for_decision, payment_run_attest
    from tests import factories

    order = payment_order_create_for_decision(decision_id=decision().pk)
    assert order is not None and order.status == OrderStatus.READY
    with mock.patch("django.utils.timezone.localdate", return_value=order.payment_date):
        first = daily_payment_run()
        second = daily_payment_run()
    assert first == second
    assert first["payments"] == 1 and first["file"] is None and first["attested"] is False
    assert not PaymentFile.objects.exists()
    run = PaymentRun.objects.get()
    assert run.prepared_by is None and run.attested_by is None
    attester = factories.staff(Role.EKONOMISEKRETERARE, "attest-person")
    run = payment_run_attest(run_id=run.pk, by=attester)
    assert run.file is not None and run.file.number_of_transactions == 1
    with mock.patch("django.utils.timezone.localdate", return_value=order.payment_date):
        assert daily_payment_run()["attested"] is True
    assert PaymentFile.objects.count() == 1


def test_a_run_a_person_prepared_is_left_to_that_person(db):
    from bistand.accounts.models import Role
    from bistand.payments.services import payment_order_create_for_decision, payment_run_prepare
    from tests import factories

    order = payment_order_create_for_decision(decision_id=decision().pk)
    assert order is not None
    preparer = factories.staff(Role.EKONOMISEKRETERARE, "forbereder")
    payment_run_prepare(execution_date=order.payment_date, by=preparer)
    with mock.patch("django.utils.timezone.localdate", return_value=order.payment_date):
        daily_payment_run()
    assert PaymentRun.objects.get().prepared_by == preparer
    assert not PaymentFile.objects.exists()


def test_no_file_on_a_sunday(db):
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 6)):
        assert daily_payment_run()["run"] is None
    assert not PaymentFile.objects.exists() and not PaymentRun.objects.exists()
