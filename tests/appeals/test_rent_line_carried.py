"""Omprövning, rättelse and ändring carry "the rent straight to the landlord" into the new
decision (issue 14 item 4, docs/adr/0212): kept unless the case worker changes or removes it,
never larger than what is now granted, with its own payment line and in the new letter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from bistand.appeals import services
from bistand.appeals.models import ChangeInitiative, ChangeKind
from bistand.applications import services as application_services
from bistand.applications.models import ApplicationKind, ApplicationStatus
from bistand.cases import services as case_services
from bistand.decisions.models import Calculation, Decision
from bistand.decisions.services import Post, decision_make
from bistand.payments.models import OrderKind, OrderStatus, PaymentOrder
from tests import factories
from tests.factories import client_for

pytestmark = pytest.mark.django_db

LINE = {
    "amount": "4000.00",
    "landlord": "Exempelbostäder AB",
    "scheme": "bankgiro",
    "account": "50501055",
    "ocr": "47112026126",
    "message": "",
}


def _post(granted: str, applied: str = "6000.00") -> Post:
    return Post(
        post="forsorjningsstod",
        label="Försörjningsstöd",
        applied=Decimal(applied),
        granted=Decimal(granted),
        reason="Beräknat enligt riksnormen.",
        legal_source="SoL (2025:400) 12 kap. 1 §",
    )


@pytest.fixture
def landlord_decision(alice, eko) -> Decision:
    case = case_services.case_get_or_open(applicant=alice)
    application = application_services.application_start(
        case=case,
        month=factories.MONTH,
        created_by=alice,
        kind=ApplicationKind.RECURRING,
        answers={},
    )
    application_services.application_set_status(
        application=application, status=ApplicationStatus.SUBMITTED
    )
    calculation = Calculation.objects.create(
        application_id=application.pk,
        rules_version="test",
        input={},
        output={"amount": "5220.00", "lines": []},
    )
    return decision_make(
        application=application,
        calculation=calculation,
        posts=[_post("5220.00")],
        motivering={"text": "Hyran betalas direkt till hyresvärden (hyresskuld)."},
        decided_by=eko,
        delegation_reference="Test delegation",
        rent_to_landlord=dict(LINE),
    )


def _lines(decision: Decision) -> dict[str, PaymentOrder]:
    return {o.kind: o for o in PaymentOrder.objects.filter(decision_id=decision.pk)}


def test_omprovning_keeps_the_landlord_line_in_the_new_decision(alice, eko, landlord_decision):
    assert set(_lines(landlord_decision)) == {OrderKind.CITIZEN, OrderKind.RENT}
    appeal = services.appeal_submit(
        decision=landlord_decision, by=alice, wanted_change="Mer", reasons="Hyran är högre."
    )
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    appeal = services.appeal_change_decision(
        appeal=appeal,
        version=appeal.version,
        by=eko,
        posts=[_post("6000.00")],
        motivering="Hela hyran godtas.",
    )
    new = appeal.new_decision
    assert new.rent_to_landlord == LINE
    assert "direkt till din hyresvärd Exempelbostäder AB" in new.letter_html
    lines = _lines(new)
    assert lines[OrderKind.RENT].amount == Decimal("4000.00")
    assert lines[OrderKind.RENT].creditor_reference == "47112026126"
    assert lines[OrderKind.CITIZEN].amount == Decimal("2000.00")
    # The old decision already had payment lines: the new ones wait for the difference check.
    assert {o.status for o in lines.values()} == {OrderStatus.HELD}


def test_a_change_below_the_rent_is_refused_unless_the_line_is_changed(eko, landlord_decision):
    common = {
        "decision": landlord_decision,
        "by": eko,
        "kind": ChangeKind.ANDRING,
        "initiative": ChangeInitiative.OWN,
        "motivering": "Inkomst som inte redovisades.",
        "disadvantage_ground": "false_info",
    }
    with pytest.raises(services.AppealError, match="större än det nya beviljade beloppet"):
        services.decision_change(**common, posts=[_post("3000.00")])
    assert not Decision.objects.filter(supersedes=landlord_decision).exists()
    smaller = {**LINE, "amount": "2500.00"}
    change = services.decision_change(**common, posts=[_post("3000.00")], rent_to_landlord=smaller)
    assert change.new_decision.rent_to_landlord == smaller
    assert _lines(change.new_decision)[OrderKind.RENT].amount == Decimal("2500.00")


def test_the_case_worker_can_remove_the_line_and_a_refusal_has_none(eko, landlord_decision):
    change = services.decision_change(
        decision=landlord_decision,
        by=eko,
        kind=ChangeKind.RATTELSE,
        initiative=ChangeInitiative.OWN,
        posts=[_post("5400.00")],
        motivering="Räknefel.",
        rent_to_landlord=None,
    )
    assert change.new_decision.rent_to_landlord == {}
    assert set(_lines(change.new_decision)) == {OrderKind.CITIZEN}


def test_the_change_page_shows_the_line_filled_in_and_keeps_it(eko, landlord_decision):
    url = reverse("appeals:decision_change", args=[landlord_decision.pk])
    page = client_for(eko).get(url).content.decode()
    assert "Hyran direkt till hyresvärden" in page
    assert 'name="hyra-pay_landlord"' in page and "checked" in page
    assert 'value="Exempelbostäder AB"' in page
    data = {
        "kind": ChangeKind.RATTELSE,
        "initiative": ChangeInitiative.OWN,
        "granted_0": "5400",
        "reason_0": "Räknefel rättat.",
        "motivering": "Räknefel.",
        "hyra-pay_landlord": "on",
        "hyra-amount": "4 000",
        "hyra-landlord": "Exempelbostäder AB",
        "hyra-scheme": "bankgiro",
        "hyra-account": "5050-1055",
        "hyra-ocr": "4711 2026 126",
    }
    bad = client_for(eko).post(url, {**data, "hyra-account": "5050-1056"})
    assert bad.status_code == 400 and "kontrollsiffran är fel" in bad.content.decode()
    assert "Räknefel rättat.</textarea>" in bad.content.decode()  # nothing typed is lost
    done = client_for(eko).post(url, data)
    assert done.status_code == 302, done.content.decode()[:3000]
    new = Decision.objects.get(supersedes=landlord_decision)
    assert new.rent_to_landlord == LINE


def test_the_omprovning_form_shows_the_line_and_an_unchecked_box_removes_it(
    alice, eko, landlord_decision
):
    appeal = services.appeal_submit(
        decision=landlord_decision, by=alice, wanted_change="Mer", reasons="Hyran är högre."
    )
    appeal = services.appeal_check_timeliness(appeal=appeal, version=1, by=eko, in_time=True)
    url = reverse("appeals:staff_detail", args=[appeal.pk])
    page = client_for(eko).get(url).content.decode()
    assert "Ompröva: ändra beslutet" in page and 'value="Exempelbostäder AB"' in page
    done = client_for(eko).post(
        url,
        {
            "action": "change",
            "version": str(appeal.version),
            "granted_0": "6000",
            "reason_0": "Hela hyran godtas.",
            "motivering": "Hela hyran godtas; hyresskulden är betald.",
        },
    )
    assert done.status_code == 302, done.content.decode()[:3000]
    new = Decision.objects.get(supersedes=landlord_decision)
    assert new.rent_to_landlord == {} and set(_lines(new)) == {OrderKind.CITIZEN}
