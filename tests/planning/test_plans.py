"""Handlingsplan: goals, activities with a responsible party and dates, follow-up; every update
kept as a version; a case event; visible to the citizen on Min sida (and only to them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bistand.audit.models import AccessLogEntry
from bistand.cases.models import CaseEvent
from bistand.planning import events as planning_events
from bistand.planning import selectors, services
from bistand.planning.models import ActionPlanVersion
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def plan_post(version: int, **overrides: str) -> dict[str, str]:
    data = {
        "goals": "Ha ett arbete på deltid i juni\nKlara körkortsteorin",
        "follow_up": "Vi ses igen om två veckor.",
        "version": str(version),
        "aktivitet-TOTAL_FORMS": "2",
        "aktivitet-INITIAL_FORMS": "0",
        "aktivitet-MIN_NUM_FORMS": "0",
        "aktivitet-MAX_NUM_FORMS": "1000",
        "aktivitet-0-text": "Skriva in sig på Arbetsförmedlingen",
        "aktivitet-0-responsible": "other",
        "aktivitet-0-actor": "Arbetsförmedlingen",
        "aktivitet-0-start": "2026-12-07",
        "aktivitet-0-due": "2026-12-18",
        "aktivitet-1-text": "",
        "aktivitet-1-responsible": "",
        "aktivitet-1-actor": "",
        "aktivitet-1-start": "",
        "aktivitet-1-due": "",
    }
    data.update(overrides)
    return data


def test_worker_makes_a_plan_the_citizen_sees_it_on_min_sida(alice, bob, alice_case, social):
    client = client_for(social)
    url = reverse("planning:plan_edit", args=[alice_case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, plan_post(0))
    assert response.status_code == 302, response.content.decode()[:3000]
    current = selectors.action_plan_current(case_id=alice_case.pk)
    assert current is not None and current.number == 1
    assert current.content["goals"] == ["Ha ett arbete på deltid i juni", "Klara körkortsteorin"]
    assert current.content["activities"] == [
        {
            "text": "Skriva in sig på Arbetsförmedlingen",
            "responsible": "other",
            "actor": "Arbetsförmedlingen",
            "start": "2026-12-07",
            "due": "2026-12-18",
        }
    ]
    event = CaseEvent.objects.get(case=alice_case, kind=planning_events.ACTION_PLAN_UPDATED)
    assert event.visible_to_citizen and event.actor == social
    assert AccessLogEntry.objects.filter(object_type="action_plan", action="change").count() == 1

    page = client_for(alice).get(reverse("applications:min_sida")).content.decode()
    assert "Din handlingsplan" in page
    assert "Klara körkortsteorin" in page
    assert "Annan aktör (Arbetsförmedlingen)" in page
    assert "18 december 2026" in page
    # Bob has no part in Alice's case and sees nothing of her plan.
    assert (
        "Klara körkortsteorin"
        not in client_for(bob).get(reverse("applications:min_sida")).content.decode()
    )


def test_every_update_is_kept_as_a_version(alice_case, social, arbetsmarknad):
    services.action_plan_save(
        case=alice_case, expected_version=0, content={"goals": ["A"]}, by=social
    )
    services.action_plan_save(
        case=alice_case, expected_version=1, content={"goals": ["B"]}, by=arbetsmarknad
    )
    versions = list(selectors.action_plan_versions(case_id=alice_case.pk))
    assert [(v.number, v.content["goals"], v.created_by) for v in versions] == [
        (2, ["B"], arbetsmarknad),
        (1, ["A"], social),
    ]
    with pytest.raises(ValueError):
        versions[1].save()  # an old version is never changed
    page = client_for(social).get(reverse("planning:case", args=[alice_case.pk])).content.decode()
    assert "Tidigare versioner" in page


def test_a_stale_plan_form_is_refused_and_keeps_what_was_written(alice_case, social, arbetsmarknad):
    services.action_plan_save(
        case=alice_case, expected_version=0, content={"goals": ["A"]}, by=social
    )
    response = client_for(arbetsmarknad).post(
        reverse("planning:plan_edit", args=[alice_case.pk]), plan_post(0, goals="Mitt nya mål")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Någon annan har sparat handlingsplanen" in page
    assert "Mitt nya mål" in page
    assert ActionPlanVersion.objects.count() == 1


def test_bad_plan_input_is_explained_at_each_field_and_nothing_is_lost(alice_case, social):
    response = client_for(social).post(
        reverse("planning:plan_edit", args=[alice_case.pk]),
        plan_post(
            0,
            goals="",
            **{
                "aktivitet-0-responsible": "other",
                "aktivitet-0-actor": "",
                "aktivitet-0-start": "2026-12-18",
                "aktivitet-0-due": "2026-12-01",
                "aktivitet-1-text": "",
                "aktivitet-1-responsible": "citizen",
                "aktivitet-1-due": "inte ett datum",
            },
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv minst ett mål." in page
    assert "Skriv vilken aktör som ansvarar." in page
    assert "Slutdatumet kan inte vara före startdatumet." in page
    assert "Skriv datumet som år-månad-dag." in page
    assert "Skriv vad aktiviteten är, eller töm raden." in page
    assert 'value="Skriva in sig på Arbetsförmedlingen"' in page
    assert 'value="inte ett datum"' in page
    assert not ActionPlanVersion.objects.exists()


def test_the_case_page_shows_who_is_responsible_in_swedish_not_as_a_code(alice_case, social):
    client = client_for(social)
    url = reverse("planning:plan_edit", args=[alice_case.pk])
    client.post(
        url, plan_post(0, **{"aktivitet-0-responsible": "citizen", "aktivitet-0-actor": ""})
    )
    page = client.get(reverse("planning:case", args=[alice_case.pk])).content.decode()
    assert "Skriva in sig på Arbetsförmedlingen – Den sökande" in page
    assert "– citizen" not in page
