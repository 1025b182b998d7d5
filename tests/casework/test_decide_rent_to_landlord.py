"""The decision form says "pay the rent straight to the landlord" (issue 14 item 4,
docs/adr/0175): the decision records it, the letter says so, the payment lines follow it, and
bad input gets a Swedish message at the field with nothing lost."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from bistand.decisions.models import Decision
from bistand.payments.models import OrderKind, PaymentOrder
from tests.factories import client_for

from .test_decide import decision_data

LANDLORD = {
    "hyra-pay_landlord": "on",
    "hyra-amount": "2 000",
    "hyra-landlord": "Exempelbostäder AB",
    "hyra-scheme": "bankgiro",
    "hyra-account": "5050-1055",
    "hyra-ocr": "4711 2026 126",
}


def test_the_decision_records_the_landlord_line_and_the_letter_says_so(eva, routed):
    response = client_for(eva).post(
        reverse("casework:decide", args=[routed.pk]), decision_data(routed, **LANDLORD)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(application_id=routed.pk)
    assert decision.rent_to_landlord == {
        "amount": "2000.00",
        "landlord": "Exempelbostäder AB",
        "scheme": "bankgiro",
        "account": "50501055",
        "ocr": "47112026126",
        "message": "",
    }
    lines = {o.kind: o for o in PaymentOrder.objects.filter(decision_id=decision.pk)}
    assert lines[OrderKind.RENT].amount == Decimal("2000.00")
    assert lines[OrderKind.CITIZEN].amount == decision.amount - Decimal("2000.00")
    assert "direkt till din hyresvärd Exempelbostäder AB" in decision.letter_html


def test_a_wrong_giro_number_and_a_missing_reference_are_named_at_the_field(eva, routed):
    data = decision_data(
        routed, **{**LANDLORD, "hyra-account": "5050-1056", "hyra-ocr": "", "hyra-landlord": ""}
    )
    response = client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_hyra-account_error"' in page and "kontrollsiffran är fel" in page
    assert "Skriv hyresvärdens namn." in page
    assert "Skriv OCR-numret eller ett meddelande till hyresvärden." in page
    assert 'href="#id_hyra-account"' in page  # in the error summary
    assert 'value="5050-1056"' in page  # nothing entered is lost
    assert not Decision.objects.exists()


def test_rent_larger_than_the_grant_is_refused_and_nothing_is_decided(eva, routed):
    data = decision_data(routed, **{**LANDLORD, "hyra-amount": "900000"})
    response = client_for(eva).post(reverse("casework:decide", args=[routed.pk]), data)
    assert response.status_code == 409
    assert "större än det beviljade beloppet" in response.content.decode()
    assert not Decision.objects.exists()
