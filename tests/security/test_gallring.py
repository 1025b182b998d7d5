"""Gallring: dated rules with references, `bistand gallring [--dry-run] [--date]`, and what it
removes or anonymises — expired drafts, old register fetch logs, old access-log entries (through
the database's own gallring guard on PostgreSQL) — and nothing younger."""

from __future__ import annotations

import importlib
import random
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.applications import events as application_events
from bistand.applications.models import Application, ApplicationKind, ApplicationStatus
from bistand.audit.models import AccessAction, AccessLogEntry
from bistand.audit.services import access_log_record
from bistand.cases.models import Case, CaseEvent
from bistand.privacy.gallring import (
    GallringConfigError,
    load_rules,
    months_before,
    rules_in_force,
)
from bistand.registers.models import RegisterFetch
from bistand.synthetic import personnummer as pnr

TODAY = date(2030, 6, 15)
TZ = timezone.get_fixed_timezone(60)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=TZ)


# --- the rules file ---------------------------------------------------------------------------


def test_every_rule_version_is_dated_referenced_and_says_if_it_is_an_example():
    data = load_rules()
    assert {rule["id"] for rule in data["rules"]} == {
        "expired_drafts",
        "register_fetches",
        "access_log",
    }
    for rule in data["rules"]:
        for version in rule["versions"]:
            assert isinstance(version["valid_from"], date)
            assert len(version["reference"]) > 30
            assert isinstance(version["example"], bool)
    examples = {r.id for r in rules_in_force(TODAY).values() if r.example}
    assert examples == {"register_fetches", "access_log"}


def test_the_version_in_force_on_the_date_applies(tmp_path: Path):
    rules = tmp_path / "g.yaml"
    rules.write_text(
        """
rules:
  - id: access_log
    title: t
    action: delete
    counted_from: at
    versions:
      - {valid_from: 2026-01-01, retain: {years: 3}, reference: Lag A, example: true}
      - {valid_from: 2028-01-01, retain: {months: 18}, reference: Lag B, example: false}
""",
        encoding="utf-8",
    )
    assert rules_in_force(date(2025, 12, 31), rules) == {}
    assert rules_in_force(date(2027, 6, 1), rules)["access_log"].reference == "Lag A"
    later = rules_in_force(date(2028, 1, 1), rules)["access_log"]
    assert (later.reference, later.cutoff(date(2028, 1, 1))) == ("Lag B", date(2026, 7, 1))


@pytest.mark.parametrize(
    "bad",
    [
        "{valid_from: 2026-01-01, retain: {years: 3}, reference: '', example: true}",
        "{valid_from: 2026-01-01, retain: {years: 3}, reference: Lag}",
        "{valid_from: 2026-01-01, retain: {weeks: 3}, reference: Lag, example: false}",
        "{valid_from: soon, retain: {years: 3}, reference: Lag, example: false}",
    ],
)
def test_a_rule_without_date_reference_or_example_flag_is_refused(tmp_path: Path, bad: str):
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        f"rules:\n  - id: x\n    title: t\n    action: delete\n    versions:\n      - {bad}\n",
        encoding="utf-8",
    )
    with pytest.raises(GallringConfigError):
        load_rules(rules)


def test_months_before_keeps_the_day_or_takes_the_month_end():
    assert months_before(date(2030, 6, 15), 36) == date(2027, 6, 15)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert months_before(date(2030, 3, 31), 1) == date(2030, 2, 28)


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def citizen(db) -> User:
    return User.objects.create(
        username="c",
        role=Role.CITIZEN,
        personnummer=pnr.generate(random.Random(5), date(1990, 5, 5)),
    )


@pytest.fixture
def worker(db) -> User:
    return User.objects.create(username="w", role=Role.EKONOMISEKRETERARE, display_name="W")


def draft(citizen: User, expires: datetime, month: date) -> Application:
    case, _ = Case.objects.get_or_create(number="EB-2030-000001", defaults={"applicant": citizen})
    return Application.objects.create(
        case=case,
        kind=ApplicationKind.NEW,
        month=month,
        status=ApplicationStatus.DRAFT,
        answers={"rent": "6500"},
        created_by=citizen,
        draft_expires_at=expires,
    )


def fetch(subject: str, when: datetime) -> RegisterFetch:
    return RegisterFetch.objects.create(
        source="SKV",
        subject=subject,
        case_reference="EB-2030-000001",
        requested_by="test",
        purpose="p",
        legal_basis="l",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 1, 31),
        status="ok",
        duration_ms=1,
        correlation_id="c",
        fetched_at=when,
        result={},
    )


TRIGGERS = importlib.import_module("bistand.audit.migrations.0002_append_only_triggers")


def log_entry(worker: User, subject: str, when: datetime) -> AccessLogEntry:
    """An access-log entry written `when`: back-dated behind the append-only guard, which is
    put back straight after (what the test needs, never what the application can do)."""
    entry = access_log_record(
        user=worker,
        action=AccessAction.READ,
        object_type="case",
        object_id=1,
        reason="Handläggning",
        subject=subject,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER USER")
        else:
            cursor.execute(TRIGGERS.SQLITE_BACKWARD[0])
        cursor.execute("UPDATE audit_accesslogentry SET at = %s WHERE id = %s", [when, entry.pk])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER USER")
        else:
            cursor.execute(TRIGGERS.SQLITE_FORWARD[0])
    return entry


@pytest.fixture
def records(citizen, worker):
    """For TODAY = 2030-06-15 with the example values (drafts at expiry, fetches 5 years,
    access log 3 years): one record just past and one just within each period."""
    old_draft = draft(citizen, at(TODAY - timedelta(days=2)), date(2030, 5, 1))
    young_draft = draft(citizen, at(TODAY + timedelta(days=10)), date(2030, 6, 1))
    old_fetch = fetch(citizen.personnummer, at(date(2025, 6, 14)))
    young_fetch = fetch(citizen.personnummer, at(date(2025, 6, 16)))
    old_log = log_entry(worker, citizen.personnummer, at(date(2027, 6, 14)))
    young_log = log_entry(worker, citizen.personnummer, at(date(2027, 6, 16)))
    return {
        "old": (old_draft, old_fetch, old_log),
        "young": (young_draft, young_fetch, young_log),
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("gallring", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_dry_run_reports_what_is_due_and_changes_nothing(records):
    output = run("--dry-run", f"--date={TODAY}")
    assert "provkörning" in output
    assert "- expired_drafts: 1 skulle gallras" in output
    assert "- register_fetches: 1 skulle gallras" in output
    assert "- access_log: 1 skulle gallras" in output
    assert "[EXEMPELVÄRDE]" in output and "Stöd:" in output
    assert Application.objects.filter(status=ApplicationStatus.DRAFT).count() == 2
    assert RegisterFetch.objects.count() == 2
    assert AccessLogEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_gallring_removes_or_anonymises_what_is_due_and_nothing_younger(records):
    output = run(f"--date={TODAY}")
    old_draft, old_fetch, old_log = records["old"]
    young_draft, young_fetch, young_log = records["young"]
    old_draft.refresh_from_db()
    assert (old_draft.status, old_draft.answers) == (ApplicationStatus.WITHDRAWN, {})
    assert CaseEvent.objects.filter(
        application=old_draft, kind=application_events.WITHDRAWN
    ).exists()
    assert not RegisterFetch.objects.filter(pk=old_fetch.pk).exists()
    assert not AccessLogEntry.objects.filter(pk=old_log.pk).exists()
    young_draft.refresh_from_db()
    assert young_draft.status == ApplicationStatus.DRAFT and young_draft.answers
    assert RegisterFetch.objects.filter(pk=young_fetch.pk).exists()
    assert AccessLogEntry.objects.filter(pk=young_log.pk).exists()
    assert "- access_log: 1 gallrades" in output
    # Running again removes nothing more: the command can be repeated safely.
    again = run(f"--date={TODAY}")
    assert "- access_log: 0 gallrades" in again and "- register_fetches: 0 gallrades" in again


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE guard is PostgreSQL's")
def test_outside_gallring_the_database_still_refuses_to_delete_the_access_log(records):
    _, _, old_log = records["old"]
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=old_log.pk).delete()
    run(f"--date={TODAY}")
    assert not AccessLogEntry.objects.filter(pk=old_log.pk).exists()
    # The guard was SET LOCAL: it ended with gallring's transaction.
    _, _, young_log = records["young"]
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=young_log.pk).delete()


def test_a_bad_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="2026-12-01"):
        run("--date=1 dec")
