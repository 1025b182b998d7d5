"""The bank's status report (pain.002) read in the browser: each payment of our file gets the
bank's word, a report for another file or with a DOCTYPE is refused, reading it twice is the
same."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bistand.accounts.models import Role, User
from bistand.payments import services
from bistand.payments.models import BankStatus, PaymentOrder

from .factories import decision

pytestmark = pytest.mark.django_db

NS = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"


def _report(msg_id: str, lines: list[tuple[str, str, str]], group: str = "PART") -> bytes:
    tx = "".join(
        f"<TxInfAndSts><OrgnlEndToEndId>{ref}</OrgnlEndToEndId><TxSts>{status}</TxSts>"
        + (
            f"<StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>{why}</AddtlInf></StsRsnInf>"
            if why
            else ""
        )
        + "</TxInfAndSts>"
        for ref, status, why in lines
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{NS}"><CstmrPmtStsRpt>'
        f"<GrpHdr><MsgId>STS-1</MsgId></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>{msg_id}"
        f"</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>{group}</GrpSts>"
        f"</OrgnlGrpInfAndSts><OrgnlPmtInfAndSts>{tx}</OrgnlPmtInfAndSts></CstmrPmtStsRpt>"
        "</Document>"
    ).encode()


def _file_with_two_orders():
    orders = [services.payment_order_create_for_decision(decision_id=decision().pk) for _ in "ab"]
    day = max(o.payment_date for o in orders)
    return services.payment_file_generate(execution_date=day), orders


def _staff() -> tuple[Client, User]:
    user = User.objects.create(username="anna", role=Role.EKONOMISEKRETERARE)
    client = Client()
    client.force_login(user)
    return client, user


def test_each_payment_gets_the_banks_status_and_reading_again_is_the_same():
    payment_file, (ok, bad) = _file_with_two_orders()
    client, _ = _staff()
    content = _report(
        payment_file.msg_id,
        [(ok.end_to_end_id, "ACSC", ""), (bad.end_to_end_id, "RJCT", "Kontot är avslutat")],
    )
    for _ in range(2):
        response = client.post(
            "/utbetalningar/statusrapport/",
            {"report": SimpleUploadedFile("pain002.xml", content, "application/xml")},
        )
        assert response.status_code == 302
    page = client.get("/utbetalningar/statusrapport/").content.decode()
    assert "Betald av banken" in page and "Avvisad av banken" in page
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.bank_status == BankStatus.SETTLED
    assert (bad.bank_status, bad.bank_status_reason) == (BankStatus.REJECTED, "Kontot är avslutat")
    order_page = client.get(f"/utbetalningar/order/{bad.pk}/").content.decode()
    assert "Avvisad av banken: Kontot är avslutat" in order_page


def test_a_group_status_without_lines_applies_to_every_payment_of_the_file():
    payment_file, orders = _file_with_two_orders()
    services.payment_status_import(
        content=_report(payment_file.msg_id, [], group="ACCP"), by=_staff()[1]
    )
    assert set(
        PaymentOrder.objects.filter(pk__in=[o.pk for o in orders]).values_list(
            "bank_status", flat=True
        )
    ) == {BankStatus.ACCEPTED}


def test_other_files_references_and_doctype_are_refused():
    payment_file, _orders = _file_with_two_orders()
    client, user = _staff()
    with pytest.raises(services.PaymentError, match="inte är en av våra betalfiler"):
        services.payment_status_import(content=_report("BISTAND-19990101", []), by=user)
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Document/>'
    response = client.post(
        "/utbetalningar/statusrapport/",
        {"report": SimpleUploadedFile("x.xml", evil, "application/xml")},
    )
    assert response.status_code == 200 and "DOCTYPE" in response.content.decode()
    result = services.payment_status_import(
        content=_report(payment_file.msg_id, [("BIS-D999999", "RJCT", "")]), by=user
    )
    assert result.unknown == ["BIS-D999999"] and result.updated == []
    assert not PaymentOrder.objects.exclude(bank_status="").exists()
