"""The public shell: start page in Swedish, health and readiness for operations."""

import pytest

pytestmark = pytest.mark.django_db


def test_start_page_explains_the_service_in_swedish(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv" dir="ltr">' in html
    assert "Ansök om ekonomiskt bistånd" in html
    assert 'href="#innehall"' in html  # skip link
    assert "<main" in html and "<nav" in html and "<footer" in html


def test_static_css_is_served_without_a_cdn(client):
    html = client.get("/").content.decode()
    assert "/static/bistand/site.css" in html
    assert "https://" not in html.split("<body")[0]  # nothing loaded from elsewhere


def test_health_answers_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_database_and_job_queue(client, settings):
    from bistand.jobs.services import job_enqueue

    job_enqueue(name="jobs.probe", payload={"marker": "ready"})
    # Anonymous callers (the load balancer) learn only ok / not ok (issue 13 item 9).
    anonymous = client.get("/health/ready/")
    assert anonymous.status_code == 200
    assert anonymous.json() == {"status": "ok"}
    settings.METRICS_TOKEN = "scraper-token-for-tests"
    assert client.get("/health/ready/", HTTP_AUTHORIZATION="Bearer wrong").json() == {
        "status": "ok"
    }
    response = client.get("/health/ready/", HTTP_AUTHORIZATION="Bearer scraper-token-for-tests")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {"database": "ok"}
    assert body["jobs"]["pending"] == 1


def test_unknown_page_gives_a_swedish_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_readiness_gives_staff_the_checks_and_citizens_only_ok(client):
    from bistand.accounts.models import Role, User

    citizen = User.objects.create(username="c", role=Role.CITIZEN)
    client.force_login(citizen)
    assert client.get("/health/ready/").json() == {"status": "ok"}
    chef = User.objects.create(username="s", role=Role.ENHETSCHEF)
    client.force_login(chef)
    assert client.get("/health/ready/").json()["checks"] == {"database": "ok"}


def test_start_page_is_a_way_in_with_contact_details(client, settings):
    """Issue 15 item 1: apply and log-in entries, what you need, how long, what next, contact."""
    html = client.get("/").content.decode()
    assert 'href="/ansokan/"' in html
    assert 'href="/logga-in/"' in html
    for heading in ("Det här behöver du", "Så lång tid tar det", "Vad händer sedan"):
        assert heading in html
    contact = settings.MUNICIPALITY.contact
    assert contact.phone in html
    assert 'href="tel:031390' in html
    assert contact.email in html
    assert contact.visiting_address in html
    for line in contact.address:
        assert line in html
    for hours in contact.opening_hours:
        assert hours.hours in html


def test_start_page_states_the_sla_from_the_municipality_configuration(client, settings):
    from dataclasses import replace

    settings.MUNICIPALITY = replace(settings.MUNICIPALITY, sla_decision_working_days=3)
    html = client.get("/").content.decode()
    assert "senast inom 3 arbetsdagar" in html


def test_accessibility_statement_gives_the_contact_details(client, settings):
    html = client.get("/tillganglighet/").content.decode()
    assert settings.MUNICIPALITY.contact.phone in html
    assert settings.MUNICIPALITY.contact.email in html


def test_start_page_sends_a_logged_in_citizen_to_min_sida_not_to_log_in(client):
    """Found walking the demo: after logging in the citizen lands on the start page, which
    still said "Logga in för att se din ansökan …" as if they were not logged in."""
    from django.urls import reverse

    from tests import factories

    assert reverse("accounts:login") in client.get("/").content.decode()
    client.force_login(factories.citizen("start-page-citizen", seed=3))
    html = client.get("/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert reverse("accounts:login") not in main
    assert f'href="{reverse("applications:min_sida")}"' in main
    assert "Gå till Min sida" in main
