"""Paper intake as a case worker meets it (issue 14 item 5): the day the paper came in (the
time for a decision runs from it), the applicant's name and address from folkbokföring (so a
paper case can be paid), and the questions in the case worker's voice."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from bistand.applications.models import Application, ApplicationStatus
from bistand.casework import selectors
from bistand.decisions import pipeline
from bistand.decisions.models import Decision
from bistand.demo import casework as demo
from bistand.payments.models import OrderStatus, PaymentOrder
from bistand.registers import selectors as register_selectors
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

PERSON = pnr.generate(random.Random(4711), date(1979, 5, 2))


def start(client, received_on, number=PERSON):
    return client.post(
        reverse("casework:paper_start"),
        {"personnummer": number, "month": f"{this_month():%Y-%m}", "received_on": received_on},
    )


def post_step(client, application, slug, data):
    application.refresh_from_db()
    return client.post(
        reverse("casework:paper_step", args=[application.pk, slug]),
        {"version": str(application.version), **data},
    )


def fill_and_submit(client, application):
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "0", "other_adults_count": "0"},
    )
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
    application.refresh_from_db()
    response = client.post(
        reverse("casework:paper_check", args=[application.pk]),
        {"version": str(application.version)},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    return application


def test_arrival_day_in_the_future_is_refused_at_the_field_and_kept(eva):
    tomorrow = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    response = start(client_for(eva), tomorrow)
    page = response.content.decode()
    assert response.status_code == 400
    assert "kan inte vara senare än i dag" in page
    assert f'value="{tomorrow}"' in page and f'value="{PERSON}"' in page
    assert 'href="#id_received_on"' in page  # the error summary links to the field
    assert not Application.objects.exists()


def test_arrival_day_missing_or_malformed_gets_a_swedish_message(eva):
    for value, message in [
        ("", "Skriv dagen då pappersansökan kom in"),
        ("3/12", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ("2019-01-01", "mer än ett år sedan"),
    ]:
        response = start(client_for(eva), value)
        assert response.status_code == 400
        assert message in response.content.decode(), value


def test_time_for_a_decision_runs_from_the_day_the_paper_came_in(eva):
    client = client_for(eva)
    arrived = timezone.localdate() - timedelta(days=6)
    start(client, f"{arrived:%Y-%m-%d}")
    application = fill_and_submit(client, Application.objects.get())
    assert application.received_on == arrived
    assert timezone.localtime(application.submitted_at).date() == arrived
    due = selectors.sla_due(application.submitted_at)
    assert due.date() < timezone.localdate()  # already past: it arrived six days ago


def test_name_and_address_come_from_folkbokforing_and_the_case_can_be_paid(eva):
    client = client_for(eva)
    start(client, f"{timezone.localdate():%Y-%m-%d}")
    application = Application.objects.get()
    record = register_selectors.person_record(personnummer=PERSON)
    assert record is not None and record.data.name is not None and record.data.address
    citizen = application.case.applicant
    citizen.refresh_from_db()
    assert citizen.display_name == record.data.name.display
    application = fill_and_submit(client, application)
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
    if application.status == ApplicationStatus.IN_QUEUE:
        client.post(reverse("casework:claim", args=[application.pk]))
        application.refresh_from_db()
        response = client.post(
            reverse("casework:decide", args=[application.pk]),
            {
                "version": str(application.version),
                "norm_direction": "none",
                "rent_choice": "guideline",
                "motivering": "Du har rätt till bistånd för din försörjning.",
                "action": "decide",
            },
        )
        page = response.content.decode()
        assert response.status_code == 302, page[page.find("<main") :][:3000]
    decision = Decision.objects.get(application_id=application.pk)
    order = PaymentOrder.objects.get(decision_id=decision.pk)
    assert order.status == OrderStatus.READY, order.hold_reason
    assert order.creditor_name == record.data.name.display
    assert order.hold_reason != "Mottagarens namn saknas."
    # The letter carries the addressee's name and folkbokföring address (issue 12 item 7).
    for line in [record.data.name.display, *record.data.address.lines()]:
        assert line in decision.letter_html, line


def test_questions_are_in_the_case_workers_voice(eva):
    client = client_for(eva)
    start(client, f"{timezone.localdate():%Y-%m-%d}")
    application = Application.objects.get()
    page = client.get(
        reverse("casework:paper_step", args=[application.pk, "hushall"])
    ).content.decode()
    assert "Vilka bor i sökandens hushåll?" in page
    assert "Bor sökanden med en sambo, make eller maka?" in page
    assert "Bor du" not in page and "hos dig" not in page
    # Messages at the field are in staff voice too, and the same validation applies.
    response = post_step(client, application, "hushall", {})
    assert response.status_code == 400
    assert "Svara om sökanden bor med en sambo, make eller maka." in response.content.decode()
    post_step(
        client,
        application,
        "hushall",
        {"has_partner": "no", "children_count": "1", "other_adults_count": "0"},
    )
    children = client.get(
        reverse("casework:paper_step", args=[application.pk, "barn"])
    ).content.decode()
    assert "Barn 1: hur bor barnet hos sökanden?" in children
    assert "hos mig" not in children and "hos dig" not in children
    incomes = client.get(
        reverse("casework:paper_step", args=[application.pk, "inkomster"])
    ).content.decode()
    assert "Vilka inkomster har sökanden den här månaden?" in incomes
    assert "har du" not in incomes
    housing = client.get(
        reverse("casework:paper_step", args=[application.pk, "boende"])
    ).content.decode()
    assert "Hur bor sökanden?" in housing and "Jag har ingen egen bostad" not in housing
    consent = client.get(
        reverse("casework:paper_step", args=[application.pk, "samtycke"])
    ).content.decode()
    assert "Sökanden har skrivit under" in consent and "Jag intygar" not in consent
