"""Reading the bank's debit/credit notification (ISO 20022 camt.054, BankToCustomerDebitCredit-
Notification) for the municipality's payment account.

Only what Bistånd needs, per transaction: our EndToEndId (``Refs/EndToEndId``), whether the
account was debited (a payment left) or credited (money came back), the entry's status and
booking date, the amount, and, for money sent back, the return reason (``RtrInf``). Namespaces of
any camt.054 version are accepted; a status written as ``<Sts><Cd>BOOK</Cd></Sts>`` (version 8 and
later) or ``<Sts>BOOK</Sts>`` (earlier) is read the same. A document type definition is refused
before parsing, as for pain.002.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

from .pain002 import MAX_BYTES, StatusReportError, _find, _local, _text


@dataclass(frozen=True)
class Notification:
    end_to_end_id: str
    debit: bool  # True: money left the account; False: money came in (a return)
    booked: bool
    booking_date: date | None
    amount: Decimal | None
    return_code: str
    return_reason: str


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _status(entry: ET.Element) -> str:
    status = next(iter(_children(entry, "Sts")), None)
    if status is None:
        return ""
    code = _find(status, "Cd") if len(status) else None
    return ((code.text if code is not None else status.text) or "").strip()


def _date(entry: ET.Element) -> date | None:
    booking = next(iter(_children(entry, "BookgDt")), None)
    text = _text(booking, "Dt") or _text(booking, "DtTm")[:10] if booking is not None else ""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _amount(element: ET.Element | None) -> Decimal | None:
    if element is None or not (element.text or "").strip():
        return None
    try:
        return Decimal(element.text.strip())  # type: ignore[union-attr]
    except InvalidOperation:
        return None


def parse(content: bytes) -> list[Notification]:
    if len(content) > MAX_BYTES:
        raise StatusReportError("Filen är för stor för en avisering.")
    head = content[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in content.upper():
        raise StatusReportError("Filen innehåller en DOCTYPE och läses inte av säkerhetsskäl.")
    try:
        root = ET.fromstring(content)  # noqa: S314 - DOCTYPE/ENTITY refused above
    except ET.ParseError as exc:
        raise StatusReportError("Filen är inte en läsbar XML-fil.") from exc
    message = _find(root, "BkToCstmrDbtCdtNtfctn")
    if message is None:
        raise StatusReportError("Filen är ingen avisering (camt.054).")
    notifications = []
    for entry in message.iter():
        if _local(entry.tag) != "Ntry":
            continue
        debit = _text(entry, "CdtDbtInd") == "DBIT"
        booked = _status(entry) == "BOOK"
        booking_date = _date(entry)
        entry_amount = _amount(next(iter(_children(entry, "Amt")), None))
        details = [d for d in entry.iter() if _local(d.tag) == "TxDtls"]
        for tx in details:
            returned = _find(tx, "RtrInf")
            reason = _find(returned, "Rsn") if returned is not None else None
            words = _text(returned, "AddtlInf") if returned is not None else ""
            indicator = _text(tx, "CdtDbtInd")
            amount = _amount(_find(tx, "Amt")) if _find(tx, "Amt") is not None else None
            notifications.append(
                Notification(
                    end_to_end_id=_text(_find(tx, "Refs"), "EndToEndId"),
                    debit=(indicator == "DBIT") if indicator else debit,
                    booked=booked,
                    booking_date=booking_date,
                    amount=amount if amount is not None else entry_amount,
                    return_code=_text(reason, "Cd") if reason is not None else "",
                    return_reason=words[:300],
                )
            )
    if not notifications:
        raise StatusReportError("Aviseringen innehåller inga transaktioner med referens.")
    return notifications


def is_camt054(content: bytes) -> bool:
    """Whether the file looks like a camt.054 (the root's message element), before parsing."""
    return b"BkToCstmrDbtCdtNtfctn" in content[:8192]
