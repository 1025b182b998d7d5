"""The day's pain.001.001.09 file: valid against the ISO 20022 XSD, exact sums, the same file
every time, and every due order in exactly one file."""

from datetime import timedelta
from decimal import Decimal
from importlib.resources import files
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from bistand.payments import events as payment_events
from bistand.payments import services
from bistand.payments.models import FileStatus, OrderStatus, PaymentFile, PaymentOrder

from . import factories

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.fixture(scope="module")
def schema():
    # The official ISO 20022 schema as shipped in the sepaxml package (not copied into the repo).
    return xmlschema.XMLSchema(str(files("sepaxml") / "schemas" / "pain.001.001.09.xsd"))


def orders(amounts):
    made = []
    for amount in amounts:
        decision = factories.decision(amount=amount)
        made.append(services.payment_order_create_for_decision(decision_id=decision.pk))
    return made


def test_the_file_validates_against_the_xsd_and_sums_exactly(schema):
    made = orders(["5220.00", "0.01", "12345.67", "999.99"])
    day = max(o.payment_date for o in made)
    payment_file = services.payment_file_generate(execution_date=day)
    schema.validate(payment_file.content)

    root = ET.fromstring(payment_file.content)
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "4"
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "18565.67"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.findtext("p:ReqdExctnDt/p:Dt", namespaces=NS) == day.isoformat()
    assert info.findtext("p:CtrlSum", namespaces=NS) == "18565.67"
    amounts = [Decimal(a.text) for a in info.iterfind("p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]
    assert sum(amounts) == Decimal("18565.67")
    first = info.find("p:CdtTrfTxInf", NS)
    order = made[0]
    assert first.findtext("p:PmtId/p:EndToEndId", namespaces=NS) == order.end_to_end_id
    assert first.find("p:Amt/p:InstdAmt", NS).get("Ccy") == "SEK"
    other = first.find("p:CdtrAcct/p:Id/p:Othr", NS)
    assert other.findtext("p:Id", namespaces=NS) == f"{order.clearing[:4]}{order.account}"
    assert other.findtext("p:SchmeNm/p:Cd", namespaces=NS) == "BBAN"
    member = first.find("p:CdtrAgt/p:FinInstnId/p:ClrSysMmbId", NS)
    assert member.findtext("p:ClrSysId/p:Cd", namespaces=NS) == "SESBA"
    assert member.findtext("p:MmbId", namespaces=NS) == order.clearing[:4]
    assert payment_file.control_sum == Decimal("18565.67")
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {OrderStatus.IN_FILE}


def test_debtor_with_iban_also_validates(schema, settings):
    settings.PAYMENT_DEBTOR_IBAN = "SE45 5000 0000 0583 9825 7466"
    made = orders(["100.00"])
    payment_file = services.payment_file_generate(execution_date=made[0].payment_date)
    schema.validate(payment_file.content)
    assert "<IBAN>SE4550000000058398257466</IBAN>" in payment_file.content


def test_generating_again_gives_the_same_file_byte_for_byte():
    made = orders(["100.00", "200.00"])
    day = made[0].payment_date
    first = services.payment_file_generate(execution_date=day)
    again = services.payment_file_generate(execution_date=day)
    assert (again.pk, again.msg_id, again.content) == (first.pk, first.msg_id, first.content)
    assert PaymentFile.objects.count() == 1


def test_orders_that_come_later_go_in_the_next_file_not_the_written_one():
    early = orders(["100.00"])[0]
    day = early.payment_date
    first = services.payment_file_generate(execution_date=day)
    late = orders(["300.00"])[0]
    assert services.payment_file_generate(execution_date=day).content == first.content
    late.refresh_from_db()
    assert late.file_id is None
    next_file = services.payment_file_generate(execution_date=late.payment_date + timedelta(1))
    assert list(next_file.orders.values_list("pk", flat=True)) == [late.pk]


def test_held_and_not_yet_due_orders_stay_out():
    held = services.payment_order_create_for_decision(
        decision_id=factories.decision(payment=None).pk
    )
    due = orders(["100.00"])[0]
    payment_file = services.payment_file_generate(execution_date=due.payment_date)
    assert list(payment_file.orders.all()) == [due]
    held.refresh_from_db()
    assert held.file_id is None
    assert services.payment_file_generate(execution_date=due.payment_date - timedelta(30)) is None


def test_marking_the_file_sent_pays_each_order_once_and_tells_the_citizen():
    from bistand.cases.models import CaseEvent

    made = orders(["100.00", "250.50"])
    payment_file = services.payment_file_generate(execution_date=made[0].payment_date)
    assert services.payment_file_mark_sent(file_id=payment_file.pk) == 2
    assert services.payment_file_mark_sent(file_id=payment_file.pk) == 0
    payment_file.refresh_from_db()
    assert payment_file.status == FileStatus.SENT
    paid = CaseEvent.objects.filter(kind=payment_events.PAID)
    assert paid.count() == 2
    assert {e.data["amount"] for e in paid} == {"100.00", "250.50"}
    assert all(e.visible_to_citizen for e in paid)
