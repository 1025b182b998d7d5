"""Who sees the follow-up (a matrix of roles), and what the CSV export contains."""

from __future__ import annotations

import pytest
from django.test import Client

from bistand.accounts.models import Role, User

PAGES = ["/uppfoljning/", "/uppfoljning/digital-andel.csv", "/uppfoljning/vad-hander-om/"]
ALLOWED = {Role.ENHETSCHEF, Role.GRANSKARE}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("url", PAGES)
def test_only_enhetschef_and_granskare_see_the_follow_up(db, role, url):
    user = User.objects.create(username=f"u-{role}", role=role)
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("url", PAGES)
def test_not_logged_in_goes_to_login(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


@pytest.fixture
def chief(db):
    client = Client()
    client.force_login(User.objects.create(username="chef", role=Role.ENHETSCHEF))
    return client


def test_csv_export_has_the_table_in_swedish_excel_form(history, chief):
    response = chief.get("/uppfoljning/digital-andel.csv?start=2026-10&end=2026-11")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "digital-andel-2026-10-2026-11.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig").splitlines()
    assert text == [
        "Månad;Ansökningar (antal);Via e-tjänsten (antal);På papper (antal);Andel digitalt (%)",
        "oktober 2026;4;3;1;75,0",
        "november 2026;1;1;0;100,0",
    ]


def test_csv_of_an_unknown_table_is_404(chief):
    assert chief.get("/uppfoljning/finns-inte.csv").status_code == 404


def test_dashboard_shows_definitions_charts_and_tables(history, chief):
    page = chief.get("/uppfoljning/?start=2026-07&end=2026-11").content.decode()
    assert "Så räknar vi:" in page
    assert page.count("<svg") >= 5
    assert 'role="img"' in page and "<desc id=" in page
    assert "Tabell: Andel ansökningar som kom in digitalt" in page
    assert "Målet är 85 %" in page


def test_bad_period_gets_a_message_at_the_field_and_keeps_the_input(chief):
    page = chief.get("/uppfoljning/?start=2026-13&end=hej").content.decode()
    assert "Skriv månaden som ÅÅÅÅ-MM" in page
    assert 'value="hej"' in page


@pytest.mark.parametrize(
    "query", ["start=9999-12", "end=9999-12", "start=0001-01", "start=9999-01&end=9999-12"]
)
def test_an_out_of_range_month_gets_a_swedish_message_not_a_500(chief, query):
    """Issue 13 item 9: ?start=9999-12 was a 500."""
    response = chief.get(f"/uppfoljning/?{query}")
    assert response.status_code == 400
    assert "Välj en månad från 2000-01 till" in response.content.decode()
    csv_response = chief.get(f"/uppfoljning/digital-andel.csv?{query}")
    assert csv_response.status_code == 400
    assert "Välj en månad från 2000-01" in csv_response.content.decode()
