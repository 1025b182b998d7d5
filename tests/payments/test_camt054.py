"""The bank's debit/credit notification (camt.054) read in the browser (issue 14 item 4,
docs/adr/0175): a booked debit marks our payment as having left the account, money sent back is
registered as a return once (the citizen sees it), other references are listed and untouched,
and reading the same file twice is the same."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from bistand.accounts.models import Role, User
from bistand.cases.models import CaseEvent
from bistand.payments import services
from bistand.payments.models import BankStatus, OrderStatus, PaymentOrder, PaymentReturn

from .factories import decision

pytestmark = pytest.mark.django_db

NS = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"


def _entry(ref: str, amount: Decimal, *, debit: bool, returned: str = "", old: bool = False):
    status = "<Sts>BOOK</Sts>" if old else "<Sts><Cd>BOOK</Cd></Sts>"
    back = (
        f"<RtrInf><Rsn><Cd>{returned}</Cd></Rsn><AddtlInf>Kontot är avslutat</AddtlInf></RtrInf>"
        if returned
        else ""
    )
    side = "DBIT" if debit else "CRDT"
    return (
        f'<Ntry><Amt Ccy="SEK">{amount:.2f}</Amt><CdtDbtInd>{side}</CdtDbtInd>{status}'
        f"<BookgDt><Dt>2026-12-03</Dt></BookgDt><NtryDtls><TxDtls><Refs><EndToEndId>{ref}"
        f'</EndToEndId></Refs><Amt Ccy="SEK">{amount:.2f}</Amt>{back}</TxDtls></NtryDtls></Ntry>'
    )


def _notification(*entries: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{NS}"><BkToCstmrDbtCdtNtfctn>'
        "<GrpHdr><MsgId>CAMT-1</MsgId><CreDtTm>2026-12-03T18:00:00</CreDtTm></GrpHdr>"
        f"<Ntfctn><Id>N1</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct>"
        f"{''.join(entries)}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()


def _two_paid_orders() -> list[PaymentOrder]:
    orders = [services.payment_order_create_for_decision(decision_id=decision().pk) for _ in "ab"]
    day = max(o.payment_date for o in orders if o is not None)
    payment_file = services.payment_file_generate(execution_date=day)
    assert payment_file is not None
    services.payment_file_mark_sent(file_id=payment_file.pk)
    return list(PaymentOrder.objects.filter(pk__in=[o.pk for o in orders if o]).order_by("pk"))


def test_booked_and_returned_payments_in_the_browser_and_reading_twice_is_the_same():
    booked, back = _two_paid_orders()
    user = User.objects.create(username="ekonom", role=Role.EKONOMISEKRETERARE)
    client = Client()
    client.force_login(user)
    content = _notification(
        _entry(booked.end_to_end_id, booked.amount, debit=True),
        _entry(back.end_to_end_id, back.amount, debit=True, old=True),
        _entry(back.end_to_end_id, back.amount, debit=False, returned="AC04"),
        _entry("NOT-OURS-1", Decimal("10.00"), debit=True),
    )
    for _ in range(2):
        response = client.post(
            "/utbetalningar/statusrapport/",
            {"report": SimpleUploadedFile("camt054.xml", content, "application/xml")},
        )
        assert response.status_code == 302
    booked.refresh_from_db()
    back.refresh_from_db()
    assert booked.bank_status == BankStatus.BOOKED
    assert f"{timezone.localtime(booked.bank_status_at):%Y-%m-%d}" == "2026-12-03"
    assert back.status == OrderStatus.RETURNED
    payment_return = PaymentReturn.objects.get(order=back)
    assert (payment_return.reason_code, payment_return.reason) == ("AC04", "Kontot är avslutat")
    assert f"{payment_return.returned_on}" == "2026-12-03"
    # The citizen is told once, however often the file is read.
    assert CaseEvent.objects.filter(kind="payment_returned", case_id=back.case_id).count() == 1
    page = client.get("/utbetalningar/statusrapport/").content.decode()
    assert "Bokförd: pengarna har dragits från kommunens konto" in page
    assert "Kom tillbaka" in page and "NOT-OURS-1" in page


def test_an_amount_that_differs_from_the_order_changes_nothing():
    booked, _other = _two_paid_orders()
    user = User.objects.create(username="ekonom2", role=Role.EKONOMISEKRETERARE)
    result = services.payment_bank_file_import(
        content=_notification(_entry(booked.end_to_end_id, Decimal("1.00"), debit=True)), by=user
    )
    assert result.updated == [] and booked.end_to_end_id in result.unknown[0]
    booked.refresh_from_db()
    assert booked.bank_status == ""


def test_a_notification_with_a_doctype_or_without_entries_is_refused_in_swedish():
    user = User.objects.create(username="ekonom3", role=Role.EKONOMISEKRETERARE)
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><BkToCstmrDbtCdtNtfctn/>'
    with pytest.raises(services.PaymentError, match="DOCTYPE"):
        services.payment_bank_file_import(content=evil, by=user)
    with pytest.raises(services.PaymentError, match="inga transaktioner"):
        services.payment_bank_file_import(content=_notification(), by=user)


def test_a_returned_rent_line_tells_the_citizen_it_was_the_landlords_and_min_sida_says_to_whom():
    from .test_rent_to_landlord import LANDLORD

    made = decision(amount="9650.00", rent_to_landlord=LANDLORD)
    services.payment_order_create_for_decision(decision_id=made.pk)
    rent = PaymentOrder.objects.get(decision_id=made.pk, kind="rent")
    payment_file = services.payment_file_generate(execution_date=rent.payment_date)
    assert payment_file is not None
    user = User.objects.create(username="ekonom4", role=Role.EKONOMISEKRETERARE)
    services.payment_bank_file_import(
        content=_notification(
            _entry(rent.end_to_end_id, rent.amount, debit=False, returned="AC04")
        ),
        by=user,
    )
    event = CaseEvent.objects.get(kind="payment_returned", case_id=rent.case_id)
    assert "hyran" in event.data["text"] and "Exempelbostäder AB" in event.data["text"]
    assert "Kontrollera ditt kontonummer" not in event.data["text"]
    citizen = Client()
    citizen.force_login(User.objects.get(cases_as_applicant__id=rent.case_id))
    page = citizen.get("/min-sida/").content.decode()
    assert "Din hyresvärd Exempelbostäder AB" in page and "Ditt konto" in page
    assert "Vi kontaktar hyresvärden och betalar igen." in page
