"""Issue 15 item 2: one thing per page where questions branch. A follow-up question has a page of
its own and is asked only when an earlier answer calls for it; the server decides (no
JavaScript needed)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .helpers import ASSETS, fill_alone, post_step, start_application, step_url

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def amount_inputs(html: str) -> list[str]:
    return re.findall(r'<input type="text" name="(a1_[a-z_]+)"', html)


def test_no_income_skips_the_amounts_page(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "inkomster", {"a1_sources": ["none"]})
    assert response["Location"] == step_url(application, "tillgangar")
    application.refresh_from_db()
    assert application.answers["incomes"] == {"a1": {}}
    # The amounts page is not part of this application any more.
    assert client.get(step_url(application, "inkomstbelopp")).status_code == 302
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Inga inkomster" in check


def test_only_the_chosen_incomes_are_asked_for(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    # The page that asks which incomes has no amount fields at all.
    assert amount_inputs(client.get(step_url(application, "inkomster")).content.decode()) == []
    response = post_step(
        client, application, "inkomster", {"a1_sources": ["salary", "housing_allowance"]}
    )
    assert response["Location"] == step_url(application, "inkomstbelopp")
    page = client.get(step_url(application, "inkomstbelopp")).content.decode()
    assert amount_inputs(page) == ["a1_salary", "a1_housing_allowance"]
    # An income chosen must have its amount.
    missing = post_step(client, application, "inkomstbelopp", {"a1_salary": "2 000"})
    assert missing.status_code == 400
    assert "Skriv beloppet" in missing.content.decode()
    post_step(
        client, application, "inkomstbelopp", {"a1_salary": "2 000", "a1_housing_allowance": "900"}
    )
    application.refresh_from_db()
    assert application.answers["incomes"] == {
        "a1": {"salary": "2000.00", "housing_allowance": "900.00"}
    }
    # Choosing again drops the amount of an income no longer chosen.
    post_step(client, application, "inkomster", {"a1_sources": ["salary"]})
    application.refresh_from_db()
    assert application.answers["incomes"] == {"a1": {"salary": "2000.00"}}


def test_an_income_and_no_income_at_once_is_refused(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "inkomster", {"a1_sources": ["salary", "none"]})
    assert response.status_code == 400
    assert "Välj det ena eller det andra" in response.content.decode()


def test_nothing_chosen_is_an_error_not_a_silent_no_income(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    response = post_step(client, application, "inkomster", {})
    assert response.status_code == 400
    assert "Välj inkomsterna, eller Inga inkomster den här månaden." in response.content.decode()


def test_the_vehicle_value_is_asked_only_when_there_is_a_vehicle(client, alice):
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    assets_page = client.get(step_url(application, "tillgangar")).content.decode()
    assert "vehicle_value" not in assets_page and "Svara bara om" not in assets_page
    assert client.get(step_url(application, "fordon")).status_code == 302  # not asked

    response = post_step(client, application, "tillgangar", {**ASSETS, "has_vehicle": "yes"})
    assert response["Location"] == step_url(application, "fordon")
    # Not answered yet: the check page sends the citizen there and refuses to submit.
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Du har inte svarat på frågorna här än." in check
    assert post_step(client, application, "fordon", {}).status_code == 400
    post_step(client, application, "fordon", {"vehicle_value": "15 000"})
    application.refresh_from_db()
    assert application.answers["assets"]["vehicle_value"] == "15000.00"
    assert application.answers["assets"]["has_vehicle"] is True
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "15\u00a0000\u00a0kr" in check

    # No vehicle any more: the value goes, and so does the page.
    post_step(client, application, "tillgangar", ASSETS)
    application.refresh_from_db()
    assert application.answers["assets"]["vehicle_value"] == "0.00"


def test_answers_saved_before_the_split_still_count(client, alice):
    """A draft saved with the old one-page incomes (no income_sources) is not asked again."""
    client.force_login(alice)
    application = start_application(client, this_month())
    fill_alone(client, application)
    application.refresh_from_db()
    answers = dict(application.answers)
    answers.pop("income_sources")
    type(application).objects.filter(pk=application.pk).update(answers=answers)
    check = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    assert "Du har inte svarat på frågorna här än." not in check
    page = client.get(step_url(application, "inkomster")).content.decode()
    assert re.search(r'<input[^>]*value="salary"[^>]*checked', page)
