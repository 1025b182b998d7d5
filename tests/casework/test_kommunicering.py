"""Kommunicering (FL 25 §) as a jurist checks it: a manual decision that goes against the
applicant and rests on material she has not seen waits until she has had the material with a
period to reply, and her reply or the period's end; the material and the reply are on Min sida
and in the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bistand.casework.models import Kommunicering
from bistand.decisions.models import Decision
from tests import factories
from tests.factories import client_for

from .test_decide import decision_data

pytestmark = pytest.mark.django_db


def _decide(eva, routed, **extra):
    routed.refresh_from_db()
    return client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed, **extra)
    )


def test_an_adverse_decision_on_unseen_material_waits_for_kommunicering(eva, routed, citizen):
    # Glasses: 1 000 of 1 200 kr granted (partly adverse), on register income she has not seen.
    refused = _decide(eva, routed, unseen_material="on")
    assert refused.status_code == 409
    assert "Kommunicera uppgifterna först" in refused.content.decode()
    assert not Decision.objects.filter(application_id=routed.pk).exists()

    reply_by = timezone.localdate() + timedelta(days=7)
    sent = client_for(eva).post(
        reverse("casework:kommunicering", args=[routed.pk]),
        {
            "material": "Försäkringskassan uppger att din lön i oktober var 2 750 kr.",
            "reply_by": f"{reply_by:%Y-%m-%d}",
        },
    )
    assert sent.status_code == 302
    item = Kommunicering.objects.get(application_id=routed.pk)

    waiting = _decide(eva, routed, unseen_material="on")
    assert waiting.status_code == 409
    assert f"senast {reply_by:%Y-%m-%d}" in waiting.content.decode()
    # Even without the box ticked: a kommunicering waiting for its reply stops the decision.
    assert _decide(eva, routed).status_code == 409

    # The applicant reads the material on Min sida and replies.
    page = client_for(citizen).get("/min-sida/").content.decode()
    assert f"/kommunicering/{item.pk}/" in page
    url = reverse("casework:kommunicering_reply", args=[item.pk])
    reading = client_for(citizen).get(url).content.decode()
    assert "din lön i oktober var 2 750 kr" in reading
    assert client_for(citizen).post(url, {"text": ""}).status_code == 400
    replied = client_for(citizen).post(url, {"text": "Lönen kom i november, inte i oktober."})
    assert replied.status_code == 302
    item.refresh_from_db()
    assert item.replied_at is not None and item.replied_by == citizen

    case_page = client_for(eva).get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "Lönen kom i november, inte i oktober." in case_page
    assert _decide(eva, routed, unseen_material="on").status_code == 302


def test_the_period_ending_without_a_reply_lets_the_decision_be_made(eva, routed):
    client_for(eva).post(
        reverse("casework:kommunicering", args=[routed.pk]),
        {
            "material": "Uppgift från Arbetsförmedlingen.",
            "reply_by": f"{timezone.localdate() + timedelta(days=3):%Y-%m-%d}",
        },
    )
    Kommunicering.objects.update(reply_by=timezone.localdate() - timedelta(days=1))
    assert _decide(eva, routed, unseen_material="on").status_code == 302


def test_another_household_cannot_read_the_material(eva, routed):
    client_for(eva).post(
        reverse("casework:kommunicering", args=[routed.pk]),
        {
            "material": "Uppgift.",
            "reply_by": f"{timezone.localdate() + timedelta(days=3):%Y-%m-%d}",
        },
    )
    item = Kommunicering.objects.get()
    stranger = factories.citizen(f"citizen-{991}", seed=991)
    url = reverse("casework:kommunicering_reply", args=[item.pk])
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(eva).get(url).status_code == 404
