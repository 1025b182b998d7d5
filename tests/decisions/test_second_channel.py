"""The second delivery channel (issue 12 item 3): a letter nobody has opened on Min sida within
the set days goes to the applicant's digital mailbox (Mina meddelanden, simulated) as PDF, or is
marked for post when she has none; each delivery is recorded per letter, once; staff record the
day a letter by post arrived, and the appeal period runs from it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bistand.decisions import mailbox
from bistand.decisions import selectors as decision_selectors
from bistand.decisions.models import Delivery, DeliveryChannel
from bistand.decisions.services import (
    delivery_record_opened,
    letters_due_for_second_channel,
    letters_send_second_channel,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _simulator(settings):
    settings.DIGITAL_MAILBOX_ADAPTER = "local"
    settings.LETTER_SECOND_CHANNEL_DAYS = 5
    mailbox.SIMULATOR.sent.clear()
    mailbox.SIMULATOR.unreachable.clear()


def _unopened(days_ago: int):
    person = factories.citizen()
    return factories.decision(
        applicant=person,
        decided_at=timezone.now() - timedelta(days=days_ago),
        opened=False,
    )


def test_unopened_letters_go_to_the_mailbox_or_post_once(settings):
    old = [_unopened(6) for _ in range(6)]
    recent = _unopened(2)
    opened = _unopened(8)
    delivery_record_opened(decision=opened)
    # The first has no digital mailbox, whatever its number: it must go to post.
    mailbox.SIMULATOR.unreachable.add(_pnr(old[0]).replace("-", ""))
    due = letters_due_for_second_channel()
    assert {d.pk for d in due} == {d.pk for d in old}
    assert recent not in due and opened not in due

    counts = letters_send_second_channel()
    assert counts["digital_mailbox"] + counts["post"] == 6
    reachable = {d.pk for d in old if mailbox.SIMULATOR.is_reachable(_pnr(d))}
    by_mailbox = set(
        Delivery.objects.filter(channel=DeliveryChannel.DIGITAL_MAILBOX).values_list(
            "decision_id", flat=True
        )
    )
    assert by_mailbox == reachable
    assert len(mailbox.SIMULATOR.sent) == len(reachable)
    for message in mailbox.SIMULATOR.sent:
        assert message.pdf.startswith(b"%PDF") and "Beslut om ekonomiskt bistånd" in message.subject
    post = set(
        Delivery.objects.filter(channel=DeliveryChannel.POST).values_list("decision_id", flat=True)
    )
    assert post == {d.pk for d in old} - reachable
    assert old[0].pk in post
    # Run again: nothing is sent twice.
    assert letters_send_second_channel() == {"digital_mailbox": 0, "post": 0}
    assert len(mailbox.SIMULATOR.sent) == len(reachable)


def _pnr(decision) -> str:
    from bistand.applications.models import Application

    return Application.objects.get(pk=decision.application_id).case.applicant.personnummer


def test_without_a_mailbox_adapter_every_unopened_letter_goes_to_post(settings):
    settings.DIGITAL_MAILBOX_ADAPTER = ""
    decision = _unopened(7)
    assert letters_send_second_channel() == {"digital_mailbox": 0, "post": 1}
    assert Delivery.objects.get(decision=decision, channel=DeliveryChannel.POST)
    assert not mailbox.SIMULATOR.sent


def test_the_simulator_is_refused_in_production(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(mailbox.MailboxError):
        mailbox.mailbox_client()


def test_staff_record_post_delivery_and_the_period_runs_from_it(client):
    from bistand.accounts.models import Role

    decision = _unopened(10)
    eko = factories.staff(Role.EKONOMISEKRETERARE)
    granskare = factories.staff(Role.GRANSKARE)
    delivered = timezone.localdate() - timedelta(days=3)
    url = f"/beslut/{decision.pk}/leverans/"
    client.force_login(granskare)
    assert client.post(url, {"received_on": f"{delivered:%Y-%m-%d}"}).status_code == 404
    client.force_login(eko)
    assert f'action="{url}"' in client.get(f"/beslut/{decision.pk}/").content.decode()
    assert client.post(url, {"received_on": "igår"}).status_code == 302
    assert decision_selectors.decision_received_on(decision=decision) is None
    assert client.post(url, {"received_on": f"{delivered:%Y-%m-%d}"}).status_code == 302
    assert decision_selectors.decision_received_on(decision=decision) == delivered


def test_a_citizen_who_chose_post_gets_the_next_letter_marked_for_post(client):
    person = factories.citizen()
    client.force_login(person)
    page = client.get("/min-sida/")
    assert page.status_code == 200
    response = client.post("/min-sida/brev-med-post/", {"by_post": "on"})
    assert response.status_code == 302
    decision = factories.decision(applicant=person, opened=False)
    post = Delivery.objects.get(decision=decision, channel=DeliveryChannel.POST)
    assert "vald av den enskilde" in post.reference
    assert 'id="id_by_post" checked' in client.get("/min-sida/").content.decode()
    client.post("/min-sida/brev-med-post/", {})
    later = factories.decision(applicant=person, month=timezone.localdate().replace(day=1))
    assert not Delivery.objects.filter(decision=later, channel=DeliveryChannel.POST).exists()
