"""Issue 15 item 6: once a case worker has taken the case, the household has a named contact and
its messages go to that person; before that (or after the case went back to the queue), to the
unit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bistand.casework import services
from bistand.messaging import services as messaging_services
from bistand.messaging.queue import unanswered_messages

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_min_sida_names_the_case_worker_once_the_case_is_taken(routed, citizen, eva, elin, erik):
    client = as_user(citizen)
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert "Ingen handläggare har ditt ärende just nu" in min_sida
    assert "Eva Ekonom" not in min_sida

    services.claim_take(user=eva, application=routed)
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert "Din handläggare är Eva Ekonom." in min_sida
    assert "Meddelanden du skriver går till Eva Ekonom." in min_sida
    new = client.get(reverse("messaging:new")).content.decode()
    assert "Din handläggare är Eva Ekonom." in new

    # A message is addressed to her in the shared queue.
    messaging_services.thread_start(
        case=routed.case, by=citizen, subject="Min hyra", body="Hyran har höjts."
    )
    (item,) = unanswered_messages()
    assert item.title == "Meddelande till Eva Ekonom väntar på svar"

    # The enhetschef moves the case: the contact follows.
    services.claim_assign(user=elin, application=routed, to=erik)
    assert (
        "Din handläggare är Erik Ekonom."
        in client.get(reverse("applications:min_sida")).content.decode()
    )

    # Back in the queue: the unit again.
    services.claim_release(user=erik, application=routed)
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    assert "Ingen handläggare har ditt ärende just nu" in min_sida
    (item,) = unanswered_messages()
    assert item.title == "Meddelande från den enskilde väntar på svar"
