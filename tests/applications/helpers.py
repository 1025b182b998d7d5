"""Walk the application pages with Django's test client."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from bistand.applications.models import Application

HOUSEHOLD_ALONE = {"has_partner": "no", "children_count": "0", "other_adults_count": "0"}
HOUSING = {
    "housing_type": "rental",
    "rent": "6 500",
    "household_electricity": "300,50",
    "home_insurance": "150",
    "union_and_a_kassa": "",
    "work_travel": "",
}
INCOME_SOURCES = {"a1_sources": ["salary"]}
INCOMES = {"a1_salary": "2 000"}
ASSETS = {"bank_balance": "120", "has_vehicle": "no", "vehicle_value": "", "other_assets": ""}
WORK = {"a1_situation": "registered_af", "a1_details": ""}
NEEDS: dict[str, list[str]] = {"needs": ["none"]}
PAYMENT = {"clearing": "6000", "account": "123456789"}
CONSENT = {"registers": "yes", "truthful": "on"}


def step_url(application: Application, slug: str) -> str:
    return reverse("applications:step", args=[application.pk, slug])


def post_step(
    client: Client, application: Application, slug: str, data: dict[str, Any], **extra: Any
) -> Any:
    application.refresh_from_db()
    payload = {"version": str(application.version), **data}
    return client.post(step_url(application, slug), payload, **extra)


def start_application(client: Client, month: str) -> Application:
    response = client.post(reverse("applications:start"), {"month": month})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.order_by("-pk").first()  # type: ignore[return-value]


def fill_alone(client: Client, application: Application) -> None:
    for slug, data in [
        ("hushall", HOUSEHOLD_ALONE),
        ("boende", HOUSING),
        ("inkomster", INCOME_SOURCES),
        ("inkomstbelopp", INCOMES),
        ("tillgangar", ASSETS),
        ("sysselsattning", WORK),
        ("behov", NEEDS),
        ("utbetalning", PAYMENT),
        ("samtycke", CONSENT),
    ]:
        response = post_step(client, application, slug, data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
