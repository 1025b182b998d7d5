"""Issue 15 item 5: the citizen withdraws an application before it is decided, or adds
information to a sent one (komplettering), which reaches the case worker through the queue."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bistand.applications import events as application_events
from bistand.applications import services as application_services
from bistand.applications.models import Application, ApplicationStatus, Supplement
from bistand.cases.models import CaseEvent
from bistand.casework import selectors
from bistand.decisions import pipeline
from bistand.demo import casework as demo
from tests import factories

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_applicant_withdraws_an_application_in_the_queue(routed, citizen, eva):
    client = as_user(citizen)
    min_sida = client.get(reverse("applications:min_sida")).content.decode()
    withdraw_url = reverse("applications:withdraw", args=[routed.pk])
    assert withdraw_url in min_sida
    page = client.get(withdraw_url)
    assert page.status_code == 200
    assert "Vill du återkalla ansökan?" in page.content.decode()
    # Not confirmed: an error, nothing withdrawn.
    refused = client.post(withdraw_url, {})
    assert refused.status_code == 400
    assert "Kryssa i rutan" in refused.content.decode()
    routed.refresh_from_db()
    assert routed.status == ApplicationStatus.IN_QUEUE

    response = client.post(withdraw_url, {"confirm": "on"})
    assert response.status_code == 302
    routed.refresh_from_db()
    assert routed.status == ApplicationStatus.WITHDRAWN
    assert CaseEvent.objects.filter(
        application_id=routed.pk, kind=application_events.WITHDRAWN
    ).exists()
    assert "Du har återkallat ansökan" in client.get(response["Location"]).content.decode()
    # It has left the queue, and a case worker can no longer decide it.
    assert routed.pk not in [r.application_id for r in selectors.application_rows()]
    with pytest.raises(application_services.StaleApplicationError):
        application_services.application_lock_for_decision(
            application=routed, version=routed.version
        )
    # The month can be applied for again.
    again = client.post(reverse("applications:start"), {"month": f"{routed.month:%Y-%m}"})
    assert again.status_code == 302


def test_a_decided_application_cannot_be_withdrawn_or_added_to(citizen):
    decided = demo.routed_application(applicant=citizen, month=factories.this_month())
    Application.objects.filter(pk=decided.pk).update(status=ApplicationStatus.DECIDED)
    client = as_user(citizen)
    for name in ("applications:withdraw", "applications:supplement"):
        response = client.post(reverse(name, args=[decided.pk]), {"confirm": "on", "text": "x"})
        assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.status == ApplicationStatus.DECIDED
    assert not Supplement.objects.exists()
    with pytest.raises(application_services.ApplicationStateError):
        application_services.application_withdraw(application=decided, by=citizen)


def test_only_the_applicant_withdraws(routed, citizen):
    other = factories.citizen("someone-else", seed=9)
    assert as_user(other).get(reverse("applications:withdraw", args=[routed.pk])).status_code == 404
    assert (
        as_user(other).post(reverse("applications:supplement", args=[routed.pk]), {"text": "x"})
    ).status_code == 404


def test_a_komplettering_reaches_the_case_worker_in_the_queue(routed, citizen, eva):
    client = as_user(citizen)
    url = reverse("applications:supplement", args=[routed.pk])
    assert url in client.get(reverse("applications:min_sida")).content.decode()
    empty = client.post(url, {"text": "  "})
    assert (
        empty.status_code == 400
        and "Skriv vad du vill lägga till, eller bifoga en fil." in empty.content.decode()
    )
    response = client.post(url, {"text": "Jag har fått en ny hyresavi: hyran är 6 900 kr."})
    assert response.status_code == 302
    assert "Din komplettering" in client.get(response["Location"]).content.decode()
    assert (
        "Du kompletterade ansökan" in client.get(reverse("applications:min_sida")).content.decode()
    )

    # The queue shows it under the case, with its reason.
    items = [r for r in selectors.contributed_rows() if r.kind == "supplement"]
    assert len(items) == 1 and items[0].case_number == routed.case.number
    assert "lagt till uppgifter" in items[0].reasons[0]
    staff = as_user(eva)
    queue = staff.get(reverse("casework:queue")).content.decode()
    assert "Komplettering" in queue
    case_page = staff.get(reverse("casework:case", args=[routed.pk])).content.decode()
    assert "hyran är 6 900 kr" in case_page
    supplement = Supplement.objects.get()
    read = staff.post(reverse("casework:supplement_read", args=[routed.pk, supplement.pk]))
    assert read.status_code == 302
    assert not [r for r in selectors.contributed_rows() if r.kind == "supplement"]
    # The citizen sees that it has been read.
    assert "läst av handläggaren" in client.get(url).content.decode()


def test_a_komplettering_before_the_robot_decides_sends_the_application_to_a_person(citizen):
    month = factories.this_month()
    application = demo.routed_application(applicant=citizen, month=month)
    # A second, routine application that the robot would decide: komplettering first.
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)
    from bistand.decisions.models import Triage

    Triage.objects.filter(application_id=application.pk).delete()
    application.refresh_from_db()
    application_services.supplement_add(application=application, by=citizen, text="Ny inkomst.")
    pipeline.process(
        application_id=application.pk,
        prepared={
            "snapshots": demo.register_snapshot(
                personnummer=citizen.personnummer,
                month=month,
                case_number=application.case.number,
                af_registered=True,
            ),
            "consent": True,
        },
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    triage = Triage.objects.get(application_id=application.pk)
    assert "citizen_supplement" in [r["code"] for r in triage.reasons]
