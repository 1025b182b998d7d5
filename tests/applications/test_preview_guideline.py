"""The preliminary calculation on the check page uses the municipality's guideline, as the
automated decision does: a citizen whose rent is above the guideline sees the capped amount
the decision would give, not the actual rent (found walking the demo, 2026-12-07)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from bistand.applications import preview
from bistand.applications.answers import to_rules_input
from bistand.decisions import rules_adapter
from tests import factories
from tests.factories import this_month

from .helpers import HOUSING, fill_alone, post_step, start_application


@pytest.fixture
def citizen(db):
    return factories.citizen()


@override_settings(MUNICIPALITY_GUIDELINE="exempelkommun")
def test_the_preview_is_the_amount_the_decision_would_give_with_the_guideline(client, citizen):
    client.force_login(citizen)
    application = start_application(client, f"{this_month():%Y-%m}")
    fill_alone(client, application)
    response = post_step(client, application, "boende", {**HOUSING, "rent": "25 000"})
    assert response.status_code == 302

    application.refresh_from_db()
    without = preview.preliminary_calculation(to_rules_input(application))
    decision, _version = rules_adapter.calculate(to_rules_input(application))
    assert without is not None
    # The guideline caps the rent: the decision gives less than the actual rent would.
    assert Decimal(decision["amount"]) < without.amount

    page = client.get(reverse("applications:check", args=[application.pk])).content.decode()
    shown = preview.preliminary_calculation(preview.with_municipality(to_rules_input(application)))
    assert shown is not None and shown.amount == Decimal(decision["amount"])
    assert "Ingen kommunal riktlinje är vald" not in page


@override_settings(MUNICIPALITY_GUIDELINE="")
def test_without_a_guideline_the_input_is_unchanged():
    data = {"month": "2026-01", "household": []}
    assert preview.with_municipality(data) is data
