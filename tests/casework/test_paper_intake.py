"""Paper intake: staff register a paper application with the e-service's own pages and
validation; channel = paper; submitted it goes to the robot and into the same queue."""

from __future__ import annotations

import random
from datetime import date

from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application, ApplicationStatus, Channel
from bistand.decisions import pipeline
from bistand.demo import casework as demo
from bistand.jobs.models import Job
from bistand.synthetic import personnummer as pnr
from tests.applications.helpers import (
    ASSETS,
    CONSENT,
    HOUSING,
    INCOME_SOURCES,
    INCOMES,
    PAYMENT,
    WORK,
)
from tests.factories import client_for, this_month

PERSON = pnr.generate(random.Random(77), date(1988, 3, 14))


def start(client, number=PERSON, received_on=None):
    return client.post(
        reverse("casework:paper_start"),
        {
            "personnummer": number,
            "month": f"{this_month():%Y-%m}",
            "received_on": f"{received_on or timezone.localdate():%Y-%m-%d}",
        },
    )


def post_step(client, application, slug, data):
    application.refresh_from_db()
    return client.post(
        reverse("casework:paper_step", args=[application.pk, slug]),
        {"version": str(application.version), **data},
    )


def test_a_wrong_control_digit_is_refused_at_the_field_and_kept(eva):
    wrong = PERSON[:-1] + str((int(PERSON[-1]) + 1) % 10)
    response = start(client_for(eva), wrong)
    page = response.content.decode()
    assert response.status_code == 400
    assert "kontrollsiffran stämmer inte" in page
    assert f'value="{wrong}"' in page
    assert not Application.objects.exists()


def test_a_real_looking_personnummer_is_refused_in_the_test_environment(eva):
    real_shape = "19880314-" + "0000"
    digits = real_shape[2:8] + "000"
    check = pnr.luhn_check_digit(digits)
    response = start(client_for(eva), f"19880314-000{check}")
    assert response.status_code == 400
    assert "påhittade personnummer" in response.content.decode()


def test_paper_application_uses_the_same_pages_and_validation_and_lands_in_the_queue(eva):
    client = client_for(eva)
    response = start(client)
    application = Application.objects.get()
    assert application.channel == Channel.PAPER
    assert application.case.applicant.personnummer == PERSON
    assert response.headers["Location"] == reverse(
        "casework:paper_step", args=[application.pk, "hushall"]
    )
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "0"},
    )
    # The same validation as the e-service: a negative rent is refused, the value kept.
    bad = post_step(client, application, "boende", {**HOUSING, "rent": "-4 000"})
    assert bad.status_code == 400
    assert "negativt" in bad.content.decode() and 'value="-4 000"' in bad.content.decode()
    for slug, data in [
        ("boende", HOUSING),
        ("inkomster", INCOME_SOURCES),
        ("inkomstbelopp", INCOMES),
        ("tillgangar", ASSETS),
        ("sysselsattning", WORK),
        ("behov", {"needs": ["none"]}),
        ("utbetalning", PAYMENT),
        ("samtycke", CONSENT),
    ]:
        assert post_step(client, application, slug, data).status_code == 302, slug
    check = client.get(reverse("casework:paper_check", args=[application.pk]))
    assert check.status_code == 200
    application.refresh_from_db()
    submitted = client.post(
        reverse("casework:paper_check", args=[application.pk]),
        {"version": str(application.version)},
    )
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # Submitting hands it to the robot exactly like the e-service.
    assert Job.objects.filter(key=f"application-{application.pk}-process").exists()
    pipeline.process(
        application_id=application.pk,
        prepared={
            "snapshots": demo.register_snapshot(
                personnummer=PERSON,
                month=application.month,
                case_number=application.case.number,
                salary="2000.00",
                af_registered=True,
            ),
            "consent": True,
        },
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_QUEUE
    queue = client.get(reverse("casework:queue"), {"kanal": "paper"}).content.decode()
    assert application.case.number in queue and "Pappersansökan" in queue


def test_check_page_lists_missing_pages_before_registering(eva):
    client = client_for(eva)
    start(client)
    application = Application.objects.get()
    response = client.post(
        reverse("casework:paper_check", args=[application.pk]),
        {"version": str(application.version)},
    )
    assert response.status_code == 400
    assert "Fyll i sidan" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_page_saved_on_an_older_version_is_stale_and_keeps_what_was_typed(eva, erik):
    """Two case workers on the same paper application (the e-service's stale-page rule, one
    implementation: applications.form_step)."""
    start(client_for(eva))
    application = Application.objects.get()
    household = {"has_partner": "no", "children_count": "0", "other_adults_count": "0"}
    old_version = application.version
    post_step(client_for(erik), application, "hushall", household)
    stale = client_for(eva).post(
        reverse("casework:paper_step", args=[application.pk, "boende"]),
        {"version": str(old_version), **HOUSING, "rent": "7 123"},
    )
    assert stale.status_code == 409
    assert 'value="7 123"' in stale.content.decode()
    application.refresh_from_db()
    assert application.answers.get("housing") in (None, {})
    missing_version = client_for(eva).post(
        reverse("casework:paper_step", args=[application.pk, "boende"]), HOUSING
    )
    assert missing_version.status_code == 409
