"""Rent paid straight to the landlord (issue 14 item 4, docs/adr/0175): when the decision says
so, the rent is its own payment line to the landlord's bankgiro or plusgiro with the OCR number
(or a message), the citizen's line is the rest, and the pain.001 carries both."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bistand.payments import services
from bistand.payments.bankaccount import InvalidBankAccountError, parse_giro, parse_ocr
from bistand.payments.models import OrderKind, OrderStatus, PaymentOrder

from .factories import decision

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
LANDLORD = {
    "amount": "6200.00",
    "landlord": "Exempelbostäder AB",
    "scheme": "bankgiro",
    "account": "50501055",
    "ocr": "47112026126",
    "message": "",
}


def _tx(content: str, ref: str) -> ET.Element:
    root = ET.fromstring(content.encode())
    for tx in root.iterfind(".//p:CdtTrfTxInf", NS):
        if tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS) == ref:
            return tx
    raise AssertionError(f"{ref} not in the file")


@pytest.mark.django_db
def test_the_rent_is_its_own_line_to_the_landlord_and_the_citizen_gets_the_rest():
    made = decision(amount="9650.00", rent_to_landlord=LANDLORD)
    primary = services.payment_order_create_for_decision(decision_id=made.pk)
    lines = {o.kind: o for o in PaymentOrder.objects.filter(decision_id=made.pk)}
    assert primary == lines[OrderKind.CITIZEN]
    assert lines[OrderKind.CITIZEN].amount == Decimal("3450.00")
    rent = lines[OrderKind.RENT]
    assert (rent.amount, rent.creditor_name, rent.account_scheme, rent.account) == (
        Decimal("6200.00"),
        "Exempelbostäder AB",
        "bankgiro",
        "50501055",
    )
    assert rent.creditor_reference == "47112026126" and rent.status == OrderStatus.READY
    assert rent.end_to_end_id == f"BIS-D{made.pk}-H"
    # Calling again (retry, a second worker) makes nothing new.
    services.payment_order_create_for_decision(decision_id=made.pk)
    assert PaymentOrder.objects.filter(decision_id=made.pk).count() == 2

    payment_file = services.payment_file_generate(execution_date=rent.payment_date)
    assert payment_file is not None and payment_file.number_of_transactions == 2
    assert payment_file.control_sum == Decimal("9650.00")
    tx = _tx(payment_file.content, rent.end_to_end_id)
    account = tx.find("p:CdtrAcct/p:Id/p:Othr", NS)
    assert account is not None
    assert account.findtext("p:Id", namespaces=NS) == "50501055"
    assert account.findtext("p:SchmeNm/p:Prtry", namespaces=NS) == "BGNR"
    reference = tx.find("p:RmtInf/p:Strd/p:CdtrRefInf", NS)
    assert reference is not None
    assert reference.findtext("p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS) == "SCOR"
    assert reference.findtext("p:Ref", namespaces=NS) == "47112026126"
    assert tx.findtext("p:Cdtr/p:Nm", namespaces=NS) == "Exempelbostäder AB"
    citizen = _tx(payment_file.content, f"BIS-D{made.pk}")
    assert citizen.findtext("p:CdtrAcct/p:Id/p:Othr/p:SchmeNm/p:Cd", namespaces=NS) == "BBAN"


@pytest.mark.django_db
def test_a_plusgiro_landlord_without_ocr_gets_the_message_and_the_letter_says_so():
    plusgiro = {**LANDLORD, "scheme": "plusgiro", "account": "4128088", "ocr": ""}
    plusgiro["message"] = "Lgh 1102 december"
    made = decision(amount="6200.00", rent_to_landlord=plusgiro)
    only = services.payment_order_create_for_decision(decision_id=made.pk)
    assert only is not None and only.kind == OrderKind.RENT  # the whole amount is the rent
    assert PaymentOrder.objects.filter(decision_id=made.pk).count() == 1
    payment_file = services.payment_file_generate(execution_date=only.payment_date)
    assert payment_file is not None
    tx = _tx(payment_file.content, only.end_to_end_id)
    assert tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS) == "Lgh 1102 december"
    assert tx.findtext("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId/p:MmbId", namespaces=NS) == "9960"
    assert "direkt till din hyresvärd Exempelbostäder AB" in made.letter_html
    assert "Resten" not in made.letter_html


@pytest.mark.django_db
def test_the_letter_names_the_landlord_and_the_rest_and_replays_identically():
    from bistand.decisions.services import decision_replay_letter

    made = decision(amount="9650.00", rent_to_landlord=LANDLORD)
    assert "6 200 kr av beloppet betalas" in made.letter_html.replace("\u00a0", " ")
    assert "Resten, 3 450 kr" in made.letter_html.replace("\u00a0", " ")
    assert decision_replay_letter(made) == made.letter_html


@pytest.mark.parametrize(
    ("scheme", "number", "message"),
    [
        ("bankgiro", "5050-1056", "kontrollsiffran"),
        ("bankgiro", "123", "7 eller 8 siffror"),
        ("plusgiro", "4128089", "kontrollsiffran"),
    ],
)
def test_a_wrong_giro_number_is_refused_in_swedish(scheme, number, message):
    with pytest.raises(InvalidBankAccountError, match=message):
        parse_giro(scheme, number)


def test_an_ocr_number_needs_its_check_digit():
    assert parse_ocr("4711 2026 126") == "47112026126"
    assert parse_ocr("") == ""
    with pytest.raises(InvalidBankAccountError, match="kontrollsiffran"):
        parse_ocr("47112026127")
    with pytest.raises(InvalidBankAccountError, match="bara ha siffror"):
        parse_ocr("ABC123")


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(min_value=100, max_value=3_000_000),
    share=st.integers(min_value=1, max_value=100),
)
def test_the_file_pays_exactly_the_decision_split_between_landlord_and_citizen(total, share):
    """Rules meet arithmetic: whatever the split, the file's control sum is the decision's
    amount to the öre, and the citizen's line exists only when something is left for her."""
    from datetime import date, datetime

    from bistand.payments import pain001

    amount = Decimal(total) / 100
    line = services.rent_line_parse(
        amount=Decimal(total * share // 100) / 100 or Decimal("0.01"),
        landlord="Exempelbostäder AB", scheme="bankgiro", account="50501055", ocr="47112026126",
    )  # fmt: skip
    rest = amount - line.amount
    transfers = [
        pain001.Transfer(
            end_to_end_id="BIS-D1-H", amount=line.amount, creditor_name=line.landlord,
            clearing="", bban=line.account, remittance="", scheme="bankgiro", ocr=line.ocr,
        )
    ]  # fmt: skip
    if rest > 0:
        transfers.append(
            pain001.Transfer(
                end_to_end_id="BIS-D1", amount=rest, creditor_name="Sökande",
                clearing="5000", bban="50001234567", remittance="Utbetalning",
            )
        )  # fmt: skip
    content = pain001.render(
        msg_id="T", created_at=datetime(2026, 12, 1, 8), execution_date=date(2026, 12, 2),
        debtor=pain001.Debtor(name="K", orgnr="2120009994", bic="HANDSESS", bankgiro="50501055"),
        transfers=transfers,
    )  # fmt: skip
    root = ET.fromstring(content)
    assert Decimal(root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) or "") == amount
    assert root.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == str(1 + (rest > 0))
