"""Item 11: the nämnd approves each rules version before the automated function uses it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bistand import rules
from bistand.applications.models import ApplicationStatus
from bistand.decisions.models import Decision, Triage
from bistand.governance import selectors, services
from bistand.governance.models import RulesApproval
from tests.decisions.conftest import process, recurring_application

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.usefixtures("registers_settings", "unapproved_rules")
def test_unapproved_rules_version_sends_a_routine_application_to_the_queue(citizen, worker):
    application = recurring_application(citizen, worker)
    assert process(application) == "done"

    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    assert not Decision.objects.filter(application_id=application.pk).exists()
    triage = Triage.objects.get(application_id=application.pk)
    assert triage.automated is False
    assert [r["code"] for r in triage.reasons] == ["rules_not_approved"]
    assert rules.RULES_VERSION in triage.reasons[0]["text"]
    assert "inte godkänt" in triage.reasons[0]["text"]


@pytest.mark.usefixtures("registers_settings", "unapproved_rules")
def test_after_the_approval_is_registered_the_robot_decides_again(citizen, worker, manager):
    services.rules_approval_register(
        rules_version=rules.RULES_VERSION,
        approved_on=date(2026, 11, 18),
        reference="Socialnämnden § 143",
        registered_by=manager,
    )
    application = recurring_application(citizen, worker)
    assert process(application) == "done"
    decision = Decision.objects.get(application_id=application.pk)
    assert decision.automated


def test_an_approval_of_another_version_does_not_count(unapproved_rules, manager):
    services.rules_approval_register(
        rules_version="0.9.0+000000000000",
        approved_on=date(2026, 1, 10),
        reference="Socialnämnden § 3",
        registered_by=manager,
    )
    assert selectors.rules_approval_for(rules_version=rules.RULES_VERSION) is None


def test_the_managers_start_page_says_the_robot_decides_nothing(unapproved_rules, manager):
    page = _client(manager).get("/").content.decode()
    assert "Den automatiska beslutsfunktionen fattar inga beslut" in page
    assert rules.RULES_VERSION in page
    assert "/styrning/regelversioner/" in page


def test_with_the_version_approved_the_start_page_has_no_such_notice(manager):
    page = _client(manager).get("/").content.decode()
    assert "fattar inga beslut" not in page


def test_citizens_and_case_workers_do_not_get_the_notice(unapproved_rules, citizen, worker):
    for user in (citizen, worker):
        assert "fattar inga beslut" not in _client(user).get("/").content.decode()


def test_the_manager_registers_the_approval_with_date_and_paragraph(unapproved_rules, manager):
    client = _client(manager)
    response = client.post(
        "/styrning/regelversioner/",
        {"decided_on": "2026-11-18", "reference": "Socialnämnden § 143"},
    )
    assert response.status_code == 302
    approval = RulesApproval.objects.get(rules_version=rules.RULES_VERSION)
    assert approval.approved_on == date(2026, 11, 18)
    assert approval.reference == "Socialnämnden § 143"
    assert approval.registered_by == manager
    assert approval.registered_by_label == "Elin Chef"
    page = client.get("/styrning/regelversioner/").content.decode()
    assert "Godkänd av nämnden 2026-11-18 (Socialnämnden § 143)" in page
    assert "Registrera godkännandet" not in page  # no second approval of the same version


def test_bad_input_gets_swedish_messages_at_the_field(unapproved_rules, manager):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _client(manager).post(
        "/styrning/regelversioner/", {"decided_on": f"{tomorrow:%Y-%m-%d}", "reference": "143"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Datumet kan inte vara senare än i dag." in page
    assert "Skriv paragrafen med §" in page
    assert 'value="143"' in page  # what was entered is kept
    assert not RulesApproval.objects.exists()


def test_the_granskare_reads_but_cannot_register(unapproved_rules, reviewer):
    client = _client(reviewer)
    page = client.get("/styrning/regelversioner/").content.decode()
    assert "Inte godkänd" in page and "Registrera godkännandet" not in page
    response = client.post(
        "/styrning/regelversioner/", {"decided_on": "2026-11-18", "reference": "§ 143"}
    )
    assert response.status_code == 403
    assert not RulesApproval.objects.exists()


def test_a_case_worker_cannot_open_the_page(worker):
    assert _client(worker).get("/styrning/regelversioner/").status_code == 403
