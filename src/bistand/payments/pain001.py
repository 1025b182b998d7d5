"""ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiationV09) for domestic SEK payments.

One message, one payment information block (one debit of the municipality's account on the
requested execution date), one credit transfer per payment order. Domestic Swedish accounts follow
the Swedish banks' pain.001 implementation guidelines:

- creditor account: clearing number (four digits) + account number in ``CdtrAcct/Id/Othr/Id``
  with ``SchmeNm/Cd`` = ``BBAN``;
- creditor agent: the clearing number in ``CdtrAgt/FinInstnId/ClrSysMmbId`` with the clearing
  system code ``SESBA`` (Swedish Bankers' Association clearing numbers);
- debtor: the municipality, its organisation number in ``Dbtr/Id/OrgId/Othr`` (``SchmeNm/Cd`` =
  ``BANK``), its account as IBAN or as bankgiro number (``SchmeNm/Prtry`` = ``BGNR``).

A landlord paid straight (docs/adr/0175) has a bankgiro or plusgiro number instead of a bank
account (provisional: as the Swedish banks' implementation guidelines describe them; verify with
the municipality's bank before the first file):

- bankgiro: ``CdtrAcct/Id/Othr/Id`` = the bankgiro number, ``SchmeNm/Prtry`` = ``BGNR``, no
  creditor agent;
- plusgiro: ``CdtrAcct/Id/Othr/Id`` = the plusgiro number, ``SchmeNm/Cd`` = ``BBAN``, creditor
  agent clearing number ``9960`` (Nordea's PlusGirot);
- an OCR number as structured remittance, ``RmtInf/Strd/CdtrRefInf`` with type ``SCOR``;
  otherwise the message as unstructured remittance.

Amounts are Decimal with two decimals; ``CtrlSum`` is their exact sum. The output depends only on
its arguments, so rendering the same file again gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Debtor:
    name: str
    orgnr: str
    bic: str
    iban: str = ""
    bankgiro: str = ""


PLUSGIRO_CLEARING = "9960"


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    clearing: str  # four digits (empty for bankgiro and plusgiro)
    bban: str  # clearing (four digits) + account; or the bankgiro/plusgiro number
    remittance: str
    scheme: str = "bban"  # "bban", "bankgiro" or "plusgiro"
    ocr: str = ""  # structured creditor reference (OCR), when the creditor asks for one


def money(amount: Decimal) -> str:
    if amount != amount.quantize(TWO_PLACES):
        raise ValueError(f"Amount {amount} has more than two decimals")
    if amount <= 0:
        raise ValueError("Amounts in a payment file are positive")
    return f"{amount.quantize(TWO_PLACES):.2f}"


def _text(value: str, limit: int) -> str:
    return " ".join(value.split())[:limit]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _path(parent: ET.Element, path: str, text: str) -> ET.Element:
    element = parent
    for tag in path.split("/"):
        element = _sub(element, tag)
    element.text = text
    return element


def render(
    *,
    msg_id: str,
    created_at: datetime,
    execution_date: date,
    debtor: Debtor,
    transfers: Iterable[Transfer],
) -> bytes:
    transfers = list(transfers)
    if not transfers:
        raise ValueError("A payment file needs at least one payment")
    control_sum = sum((t.amount for t in transfers), Decimal("0"))
    document = ET.Element("Document", {"xmlns": NAMESPACE})
    root = _sub(document, "CstmrCdtTrfInitn")

    header = _sub(root, "GrpHdr")
    _sub(header, "MsgId", msg_id)
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(transfers)))
    _sub(header, "CtrlSum", money(control_sum))
    initiator = _sub(header, "InitgPty")
    _sub(initiator, "Nm", _text(debtor.name, 140))
    _organisation_id(initiator, debtor.orgnr)

    info = _sub(root, "PmtInf")
    _sub(info, "PmtInfId", f"{msg_id}-1")
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "BtchBookg", "true")
    _sub(info, "NbOfTxs", str(len(transfers)))
    _sub(info, "CtrlSum", money(control_sum))
    type_info = _sub(info, "PmtTpInf")
    _path(type_info, "SvcLvl/Cd", "NURG")
    _path(type_info, "CtgyPurp/Cd", "SUPP")
    _path(info, "ReqdExctnDt/Dt", execution_date.isoformat())
    payer = _sub(info, "Dbtr")
    _sub(payer, "Nm", _text(debtor.name, 140))
    _organisation_id(payer, debtor.orgnr)
    account = _sub(_sub(info, "DbtrAcct"), "Id")
    if debtor.iban:
        _sub(account, "IBAN", debtor.iban.replace(" ", ""))
    else:
        other = _sub(account, "Othr")
        _sub(other, "Id", "".join(ch for ch in debtor.bankgiro if ch.isdigit()))
        _path(other, "SchmeNm/Prtry", "BGNR")
    _path(info, "DbtrAgt/FinInstnId/BICFI", debtor.bic)
    _sub(info, "ChrgBr", "SLEV")

    for transfer in transfers:
        tx = _sub(info, "CdtTrfTxInf")
        _path(tx, "PmtId/EndToEndId", transfer.end_to_end_id)
        _sub(_sub(tx, "Amt"), "InstdAmt", money(transfer.amount), Ccy="SEK")
        _creditor(tx, transfer)
        if transfer.ocr:
            reference = _sub(_sub(_sub(tx, "RmtInf"), "Strd"), "CdtrRefInf")
            _path(reference, "Tp/CdOrPrtry/Cd", "SCOR")
            _sub(reference, "Ref", transfer.ocr)
        else:
            _path(tx, "RmtInf/Ustrd", _text(transfer.remittance, 140))

    ET.indent(document, space=" ")
    body: bytes = ET.tostring(document, encoding="UTF-8", xml_declaration=True)
    return body + b"\n"


def _creditor(tx: ET.Element, transfer: Transfer) -> None:
    """Creditor agent (clearing), name and account, by the account's scheme."""
    clearing = PLUSGIRO_CLEARING if transfer.scheme == "plusgiro" else transfer.clearing
    if transfer.scheme != "bankgiro":
        member = _sub(_sub(_sub(tx, "CdtrAgt"), "FinInstnId"), "ClrSysMmbId")
        _path(member, "ClrSysId/Cd", "SESBA")
        _sub(member, "MmbId", clearing)
    _sub(_sub(tx, "Cdtr"), "Nm", _text(transfer.creditor_name, 140))
    other = _sub(_sub(_sub(tx, "CdtrAcct"), "Id"), "Othr")
    _sub(other, "Id", transfer.bban)
    if transfer.scheme == "bankgiro":
        _path(other, "SchmeNm/Prtry", "BGNR")
    else:
        _path(other, "SchmeNm/Cd", "BBAN")


def _organisation_id(parent: ET.Element, orgnr: str) -> None:
    other = _sub(_sub(_sub(parent, "Id"), "OrgId"), "Othr")
    _sub(other, "Id", "".join(ch for ch in orgnr if ch.isdigit()))
    _path(other, "SchmeNm/Cd", "BANK")
