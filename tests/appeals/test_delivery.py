"""The appeal period runs from the day the citizen got the decision (FL 44 §), as an auditor
checks it: the first opening on Min sida by someone in the household, or delivery by post,
whichever came first; a late appeal is assessed under FL 45 § and, when an exception applies,
forwarded with that assessment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bistand.appeals import services
from bistand.appeals.models import AppealStatus, StepKind
from bistand.core.format import citizen_day
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import Delivery, DeliveryChannel
from bistand.decisions.services import DeliveryError, delivery_record_received
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_unopened_decision_has_no_appeal_period_yet_and_opening_starts_it(client, alice, eko):
    decision = factories.decision(
        applicant=alice, decided_at=timezone.now() - timedelta(days=30), opened=False
    )
    assert decision_selectors.decision_received_on(decision=decision) is None
    client.force_login(alice)
    panel = client.get("/min-sida/").content.decode()
    assert "inte öppnat än" in panel
    # A case worker reading the letter does not deliver it to the citizen.
    client.force_login(eko)
    client.get(f"/beslut/{decision.pk}/")
    assert decision_selectors.decision_received_on(decision=decision) is None

    client.force_login(alice)
    page = client.get(f"/beslut/{decision.pk}/").content.decode()
    today = timezone.localdate()
    last_day = services.appeal_deadline(received_on=today)
    assert decision_selectors.decision_received_on(decision=decision) == today
    # In running text, in the one Swedish format (core.format.citizen_day, ADR 0215).
    assert f"Sista dag att överklaga: {citizen_day(last_day)}." in page
    assert f"/overklaga/beslut/{decision.pk}/" in page
    panel = client.get("/min-sida/").content.decode()
    assert (
        f"Du fick beslutet {citizen_day(today)}. Sista dag att överklaga: {citizen_day(last_day)}."
        in panel
    )
    # Opened 30 days after the decision, appealed now: in time.
    appeal = services.appeal_submit(decision=decision, by=alice, wanted_change="x", reasons="y")
    assert appeal.decision_received_on == today and appeal.late is False


def test_only_the_first_opening_counts(alice):
    decision = factories.decision(applicant=alice, opened=False)
    first = timezone.now() - timedelta(days=2)
    from bistand.decisions.services import delivery_record_opened

    delivery_record_opened(decision=decision, now=first)
    delivery_record_opened(decision=decision)
    assert decision_selectors.decision_received_on(decision=decision) == timezone.localdate(first)


def test_post_delivery_before_opening_starts_the_period(alice, eko):
    decision = factories.decision(
        applicant=alice, decided_at=timezone.now() - timedelta(days=10), opened=False
    )
    delivered = timezone.localdate() - timedelta(days=7)
    delivery_record_received(
        decision=decision, channel=DeliveryChannel.POST, received_on=delivered, by=eko
    )
    assert decision_selectors.decision_received_on(decision=decision) == delivered
    with pytest.raises(DeliveryError):
        delivery_record_received(
            decision=decision,
            channel=DeliveryChannel.POST,
            received_on=timezone.localdate() + timedelta(days=1),
            by=eko,
        )
    assert Delivery.objects.filter(decision=decision).count() == 2  # Min sida and post


def test_a_late_appeal_taken_up_under_45_is_forwarded_with_the_assessment(alice, eko):
    old = factories.decision(applicant=alice, decided_at=timezone.now() - timedelta(days=40))
    appeal = services.appeal_submit(decision=old, by=alice, wanted_change="x", reasons="y")
    assert appeal.late
    appeal = services.appeal_check_timeliness(
        appeal=appeal, version=1, by=eko, in_time=True, late_exception="notice"
    )
    assert appeal.status == AppealStatus.IN_TIME and appeal.late_exception == "notice"
    appeal = services.appeal_forward(
        appeal=appeal, version=appeal.version, by=eko, forwarded_on=timezone.localdate()
    )
    step = appeal.steps.get(kind=StepKind.FORWARDED)
    assert "underrättelsen om hur man överklagar saknades" in step.note


def test_an_appeal_in_time_cannot_be_assessed_as_late(alice, alice_decision, eko):
    appeal = services.appeal_submit(
        decision=alice_decision, by=alice, wanted_change="x", reasons="y"
    )
    with pytest.raises(services.AppealError):
        services.appeal_check_timeliness(
            appeal=appeal, version=1, by=eko, in_time=True, late_exception="court"
        )


def test_after_the_court_min_sida_offers_kammarratten_not_a_new_appeal(client, alice, eko):
    decision = factories.decision(applicant=alice)
    appeal = services.appeal_submit(decision=decision, by=alice, wanted_change="x", reasons="y")
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    appeal = services.appeal_forward(
        appeal=appeal, version=appeal.version, by=eko, forwarded_on=timezone.localdate()
    )
    client.force_login(alice)
    panel = client.get("/min-sida/").content.decode()
    assert "Ditt överklagande ligger hos förvaltningsrätten" in panel
    assert f'href="/overklaga/beslut/{decision.pk}/"' not in panel
    from bistand.appeals.models import CourtOutcome

    services.appeal_record_court_outcome(
        appeal=appeal,
        version=appeal.version,
        by=eko,
        outcome=CourtOutcome.REJECTED,
        decided_on=timezone.localdate(),
    )
    panel = client.get("/min-sida/").content.decode()
    assert "Förvaltningsrätten har avgjort ditt överklagande" in panel
    # A new appeal of the same decision to förvaltningsrätten is not offered: the page leads
    # to the appeal, which names kammarrätten and prövningstillstånd.
    response = client.get(f"/overklaga/beslut/{decision.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/overklaga/{appeal.pk}/"
    page = client.get(f"/overklaga/{appeal.pk}/").content.decode()
    assert "kammarrätten" in page and "prövningstillstånd" in page
    assert not services.Appeal.objects.exclude(pk=appeal.pk).exists()
