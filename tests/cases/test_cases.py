"""The cases app: every kind of case event is declared by the app that records it, an undeclared
kind is refused, and the migrations add no model change (the tables stay where they were)."""

from __future__ import annotations

import io
import random
from datetime import date

import pytest
from django.core.management import call_command

from bistand.accounts.models import Role, User
from bistand.cases import events, selectors, services
from bistand.cases.models import CaseEvent
from bistand.synthetic import personnummer as pnr

pytestmark = pytest.mark.django_db

# What Min sida has always shown for each stored kind (the values in the database never change).
CITIZEN_LABELS = {
    "draft_started": "Du började fylla i en ansökan",
    "submitted": "Ansökan kom in",
    "partner_confirmed": "Din sambo eller make godkände ansökan",
    "registers_fetched": "Vi hämtade uppgifter från andra myndigheter",
    "calculated": "Vi räknade ut ditt bistånd",
    "routed_to_queue": "En handläggare tittar på din ansökan",
    "decided": "Beslut fattat",
    "paid": "Pengarna är utbetalda",
    "payment_returned": "Utbetalningen kom tillbaka",
    "meeting_booked": "Möte bokat",
    "action_plan_updated": "Handlingsplanen uppdaterades",
    "completion_requested": "Vi behöver fler uppgifter från dig",
    "post_check_requested": "Stickprov: vi ber dig visa underlag",
    "appeal_received": "Ditt överklagande kom in",
    "message": "Meddelande",
    "withdrawn": "Ansökan återkallades",
}


@pytest.fixture
def case():
    citizen = User.objects.create(
        username="ada",
        role=Role.CITIZEN,
        personnummer=pnr.generate(random.Random(18), date(1990, 5, 4)),
    )
    return services.case_get_or_open(applicant=citizen)


def test_every_stored_kind_keeps_its_label_declared_by_an_app():
    declared = events.declared_kinds()
    assert {kind: declared.get(kind) for kind in CITIZEN_LABELS} == CITIZEN_LABELS


def test_an_event_is_recorded_and_shown_with_its_declared_label(case):
    from bistand.decisions import events as decision_events

    services.event_record(case=case, kind=decision_events.DECIDED, data={"amount": "1000.00"})
    (event,) = selectors.events_for_case(case_id=case.pk)
    assert (event.kind, event.get_kind_display()) == ("decided", "Beslut fattat")
    assert event.actor_label == services.SYSTEM_ACTOR


def test_an_undeclared_kind_is_refused(case):
    with pytest.raises(events.UnknownEventKindError):
        services.event_record(case=case, kind="something_new")
    assert not CaseEvent.objects.exists()


def test_a_kind_cannot_be_declared_twice_with_another_meaning():
    with pytest.raises(ValueError, match="already declared"):
        events.event_kind("decided", "Något annat")


def test_a_historic_event_of_a_kind_no_longer_declared_shows_its_stored_value(case):
    old = CaseEvent.objects.create(case=case, kind="retired_kind")
    assert old.get_kind_display() == "retired_kind"


def test_the_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
