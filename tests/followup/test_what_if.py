"""The what-if view: the batch path over the stored inputs agrees with single calculations."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.test import Client

from bistand.accounts.models import Role, User
from bistand.decisions.models import Calculation
from bistand.followup import whatif
from bistand.rules import calculate

from .conftest import NOV


def _single(norm_factor: Decimal) -> Decimal:
    total = Decimal("0.00")
    for data in Calculation.objects.filter(input__month="2026-11").values_list("input", flat=True):
        r = calculate(data).to_dict()
        norm = (Decimal(r["riksnorm"]) * norm_factor).quantize(Decimal("0.01"), ROUND_HALF_UP)
        need = norm + Decimal(r["costs_approved"]) + Decimal(r["livsforing_i_ovrigt_granted"])
        total += max(
            Decimal("0.00"), need - Decimal(r["income_counted"]) - Decimal(r["assets_counted"])
        )
    return total


def test_no_change_gives_the_engines_own_amounts(history):
    result = whatif.what_if(month=NOV, norm_percent=Decimal(0), caps_percent=Decimal(0))
    assert result.households == 5
    assert result.baseline_total == result.scenario_total == _single(Decimal(1))
    assert result.raised == result.lowered == 0


def test_norm_plus_ten_percent_matches_single_calculations(history):
    result = whatif.what_if(month=NOV, norm_percent=Decimal(10), caps_percent=Decimal(0))
    assert result.scenario_total == _single(Decimal("1.1"))
    assert result.difference > 0
    assert result.raised == 5


def test_lower_caps_lower_the_amounts_of_households_above_the_cap(history):
    result = whatif.what_if(month=NOV, norm_percent=Decimal(0), caps_percent=Decimal(-50))
    assert result.scenario_total < result.baseline_total
    assert result.lowered >= 1


def test_form_errors_at_the_field_and_input_kept(history):
    client = Client()
    client.force_login(User.objects.create(username="g", role=Role.GRANSKARE))
    page = client.get("/uppfoljning/vad-hander-om/?month=2026-11&norm_percent=80&caps_percent=x")
    text = page.content.decode()
    assert "Ändringen får vara högst 50 procent." in text
    assert "Skriv ändringen som ett tal" in text
    assert 'value="80"' in text and 'value="x"' in text
    ok = client.get("/uppfoljning/vad-hander-om/?month=2026-11&norm_percent=2,5&caps_percent=−1")
    assert "Skillnad per månad" in ok.content.decode()
