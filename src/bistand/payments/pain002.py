"""Reading the bank's payment status report (ISO 20022 pain.002, CustomerPaymentStatusReport).

Only what Bistånd needs: the original message id (our pain.001's MsgId) and, per transaction,
the original EndToEndId, the status code and the reason. Namespaces of any pain.002 version are
accepted. A document type definition (DOCTYPE/ENTITY) is refused before parsing, so no entity
can be expanded (no defusedxml in the stack; this is the same protection for this one input).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

MAX_BYTES = 2_000_000


class StatusReportError(ValueError):
    """The file is not a pain.002 status report we can read (message in Swedish)."""


@dataclass(frozen=True)
class TransactionStatus:
    end_to_end_id: str
    status: str
    reason: str


@dataclass(frozen=True)
class StatusReport:
    original_msg_id: str
    group_status: str
    transactions: list[TransactionStatus]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element: ET.Element, name: str) -> ET.Element | None:
    for child in element.iter():
        if _local(child.tag) == name:
            return child
    return None


def _text(element: ET.Element | None, name: str) -> str:
    found = _find(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def parse(content: bytes) -> StatusReport:
    if len(content) > MAX_BYTES:
        raise StatusReportError("Filen är för stor för en statusrapport.")
    head = content[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in content.upper():
        raise StatusReportError("Filen innehåller en DOCTYPE och läses inte av säkerhetsskäl.")
    try:
        root = ET.fromstring(content)  # noqa: S314 - DOCTYPE/ENTITY refused above
    except ET.ParseError as exc:
        raise StatusReportError("Filen är inte en läsbar XML-fil.") from exc
    report = _find(root, "CstmrPmtStsRpt")
    if report is None:
        raise StatusReportError("Filen är ingen statusrapport (pain.002).")
    group = _find(report, "OrgnlGrpInfAndSts")
    msg_id = _text(group, "OrgnlMsgId")
    if not msg_id:
        raise StatusReportError("Statusrapporten saknar ursprungligt meddelande-id.")
    transactions = []
    for element in report.iter():
        if _local(element.tag) != "TxInfAndSts":
            continue
        reason = _find(element, "StsRsnInf")
        words = _text(reason, "AddtlInf") or _text(reason, "Cd")
        transactions.append(
            TransactionStatus(
                end_to_end_id=_text(element, "OrgnlEndToEndId"),
                status=_text(element, "TxSts"),
                reason=words[:300],
            )
        )
    return StatusReport(
        original_msg_id=msg_id,
        group_status=_text(group, "GrpSts"),
        transactions=transactions,
    )
