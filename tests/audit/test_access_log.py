"""The access log is append-only, in the application and in the database."""

import random
from datetime import date, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.audit.models import AccessAction, AccessLogEntry
from bistand.audit.selectors import access_log_search
from bistand.audit.services import access_log_record
from bistand.synthetic.personnummer import generate

pytestmark = pytest.mark.django_db

SUBJECT = generate(random.Random(1), date(1991, 4, 17))
OTHER_SUBJECT = generate(random.Random(2), date(1984, 9, 3))


@pytest.fixture
def worker():
    return User.objects.create(
        username="s1", role=Role.EKONOMISEKRETERARE, display_name="Handläggare"
    )


def record(worker, **overrides):
    values = {
        "user": worker,
        "action": AccessAction.READ,
        "object_type": "application",
        "object_id": 7,
        "reason": "Handläggning av ansökan",
        "case_number": "EB-2026-000001",
        "subject": SUBJECT,
    }
    return access_log_record(**{**values, **overrides})


def test_entry_records_who_what_when_why(worker):
    entry = record(worker)
    assert (entry.user_label, entry.role, entry.action) == (
        "Handläggare",
        "ekonomisekreterare",
        "read",
    )
    assert entry.reason == "Handläggning av ansökan"
    assert timezone.now() - entry.at < timedelta(seconds=5)


def test_application_cannot_change_or_delete_an_entry(worker):
    entry = record(worker)
    entry.reason = "ändrat"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_database_refuses_update_even_behind_the_applications_back(worker):
    entry = record(worker)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="ändrat")
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == "Handläggning av ansökan"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE guard is PostgreSQL's")
def test_postgresql_refuses_delete_unless_gallring(worker):
    entry = record(worker)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL bistand.gallring = 'on'")
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert not AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_granskare_can_search_by_person_and_period(worker):
    record(worker)
    record(worker, subject=OTHER_SUBJECT, case_number="EB-2026-000002")
    today = timezone.localdate()
    assert access_log_search(subject=SUBJECT).count() == 1
    assert access_log_search(case_number="EB-2026-000002").count() == 1
    assert access_log_search(period_start=today, period_end=today).count() == 2
    assert access_log_search(period_end=date(2000, 1, 1)).count() == 0
