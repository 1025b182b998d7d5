"""The print-and-mail service: where a print batch is sent and its receipts come from
(issue 12 item 3; docs/adr/0207).

A print service takes one PDF file and a list (CSV) per batch and, later, gives back a receipt
file: per letter when it was printed, when it was handed to the post, and whether the post
returned it as undeliverable. The adapter in use is municipality data (`municipality.yaml`
`print_service.adapter`):

- ``none``: no service; staff download the file and record deliveries by hand (as before).
- ``simulator``: :class:`LocalPrintService`, a stand-in in the private data folder for tests and
  the demo (refused in production). It prints and posts every letter on the day it is sent and
  returns the letters a test marks as undeliverable.
- ``https``: :class:`HttpsPrintService`, upload over HTTPS with the organisation certificate.
- ``directory``: :class:`DirectoryPrintService`, files in an outbox that the municipality's
  SFTP/file-transfer agent sends, and receipt files the agent puts in an inbox.

Every adapter takes the batch's **name** as its idempotency key: sending the same name again is
the same batch (the service never prints it twice), which is what makes a retry after a crash in
the middle of an upload safe. The receipt shape is ours (``lopnummer;arende;status;datum;orsak``,
status ``utskriven``, ``inlamnad`` or ``retur``); it is *provisional* until mapped to the
chosen service's own file (docs/adr/0207).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone

__all__ = [
    "RECEIPT_STATUSES",
    "DirectoryPrintService",
    "HttpsPrintService",
    "LocalPrintService",
    "PrintServiceClient",
    "PrintServiceError",
    "ReceiptRow",
    "parse_receipt",
    "print_service_client",
]

RECEIPT_STATUSES = ("utskriven", "inlamnad", "retur")
RECEIPT_HEADER = ["lopnummer", "arende", "status", "datum", "orsak"]


class PrintServiceError(Exception):
    """The service refused, could not be reached, or sent something we cannot read."""


class PrintServiceClient(Protocol):
    def send(self, *, name: str, pdf: bytes, manifest: str) -> str:
        """Hand over one batch; returns the service's reference. Same name: same batch."""
        ...

    def receipt(self, *, name: str, reference: str) -> str | None:
        """The receipt file for the batch so far (CSV text), or None if there is none yet."""
        ...


@dataclass(frozen=True)
class ReceiptRow:
    position: int
    case_number: str
    status: str
    day: date
    reason: str = ""


def parse_receipt(text: str) -> list[ReceiptRow]:
    """Strictly read a receipt file; raises PrintServiceError naming the first bad row."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows = list(reader)
    if not rows or [c.strip().lower() for c in rows[0]] != RECEIPT_HEADER:
        raise PrintServiceError("Kvittofilen har inte rubrikraden " + ";".join(RECEIPT_HEADER))
    out: list[ReceiptRow] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(RECEIPT_HEADER):
            raise PrintServiceError(f"Kvittofilen rad {number}: fel antal fält")
        position, case_number, status, day, reason = (cell.strip() for cell in row)
        if not position.isdigit() or status not in RECEIPT_STATUSES:
            raise PrintServiceError(f"Kvittofilen rad {number}: okänt löpnummer eller status")
        try:
            when = date.fromisoformat(day)
        except ValueError:
            raise PrintServiceError(
                f"Kvittofilen rad {number}: datumet ska vara ÅÅÅÅ-MM-DD"
            ) from None
        out.append(ReceiptRow(int(position), case_number, status, when, reason[:200]))
    return out


def receipt_csv(rows: list[ReceiptRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(RECEIPT_HEADER)
    for row in rows:
        writer.writerow(
            [row.position, row.case_number, row.status, f"{row.day:%Y-%m-%d}", row.reason]
        )
    return out.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name and rename: a transfer agent never picks up half a file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.chmod(temporary, 0o600)
    temporary.replace(path)


class LocalPrintService:
    """The simulator: keeps each batch under ``<data dir>/print-service-simulator/<name>/`` and
    answers with a receipt in which every letter was printed and posted on the day the batch
    was sent, except letters marked returned (:meth:`mark_returned`, for tests and the demo)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or Path(settings.DATA_DIR) / "print-service-simulator"

    def send(self, *, name: str, pdf: bytes, manifest: str) -> str:
        if not pdf.startswith(b"%PDF"):
            raise PrintServiceError("Tryckeriet tar bara emot PDF-filer.")
        folder = self.root / name
        state = folder / "state.json"
        if state.exists():  # the same batch again: the same reference, nothing printed twice
            return str(json.loads(state.read_text())["reference"])
        _write_atomically(folder / "bunt.pdf", pdf)
        _write_atomically(folder / "lista.csv", manifest.encode("utf-8"))
        reference = f"SIM-{name}"
        received = timezone.localdate()
        _write_atomically(
            state,
            json.dumps({"reference": reference, "received": f"{received:%Y-%m-%d}"}).encode(),
        )
        return reference

    def sent_names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "state.json").exists())

    def mark_returned(self, *, name: str, position: int, on: date, reason: str) -> None:
        folder = self.root / name
        returns = folder / "returns.json"
        data = json.loads(returns.read_text()) if returns.exists() else {}
        data[str(position)] = {"day": f"{on:%Y-%m-%d}", "reason": reason}
        _write_atomically(returns, json.dumps(data).encode())

    def receipt(self, *, name: str, reference: str) -> str | None:
        folder = self.root / name
        state = folder / "state.json"
        if not state.exists():
            return None
        received = date.fromisoformat(json.loads(state.read_text())["received"])
        returns = folder / "returns.json"
        returned = json.loads(returns.read_text()) if returns.exists() else {}
        rows: list[ReceiptRow] = []
        manifest = (folder / "lista.csv").read_text(encoding="utf-8").lstrip("\ufeff")
        for line in list(csv.DictReader(io.StringIO(manifest), delimiter=";")):
            position = int(line["lopnummer"])
            rows.append(ReceiptRow(position, line["arende"], "utskriven", received))
            rows.append(ReceiptRow(position, line["arende"], "inlamnad", received))
            if str(position) in returned:
                back = returned[str(position)]
                rows.append(
                    ReceiptRow(
                        position,
                        line["arende"],
                        "retur",
                        date.fromisoformat(back["day"]),
                        back["reason"],
                    )
                )
        return receipt_csv(rows)


class DirectoryPrintService:
    """Files for the municipality's SFTP/file-transfer agent: ``<outbox>/<name>.pdf`` and
    ``<name>.csv`` (written atomically, the CSV last, so the agent sends a batch when its list
    is there), and the service's receipt as ``<inbox>/<name>.kvitto.csv``."""

    def __init__(self, outbox: str, inbox: str) -> None:
        self.outbox = Path(outbox)
        self.inbox = Path(inbox)

    def send(self, *, name: str, pdf: bytes, manifest: str) -> str:
        listing = self.outbox / f"{name}.csv"
        if not listing.exists():
            _write_atomically(self.outbox / f"{name}.pdf", pdf)
            _write_atomically(listing, manifest.encode("utf-8-sig"))
        return name

    def receipt(self, *, name: str, reference: str) -> str | None:
        path = self.inbox / f"{name}.kvitto.csv"
        return path.read_text(encoding="utf-8-sig") if path.exists() else None


class HttpsPrintService:
    """Upload over HTTPS with the organisation certificate (the registers' TLS files):
    ``POST {url}/utskrifter`` (multipart: ``bunt`` the PDF, ``lista`` the CSV; header
    ``Idempotency-Key: <name>``) answers ``{"id": …}``; ``GET {url}/utskrifter/{id}/kvitto``
    answers the receipt (200, text/csv) or 404 while there is none. *Provisional* shape."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")

    def _tls(self) -> dict[str, object]:
        cert, key, ca = (
            settings.REGISTERS_TLS_CERT,
            settings.REGISTERS_TLS_KEY,
            settings.REGISTERS_TLS_CA,
        )
        return {"cert": (cert, key) if cert and key else None, "verify": ca or True}

    def send(self, *, name: str, pdf: bytes, manifest: str) -> str:
        import requests

        try:
            response = requests.post(
                f"{self.url}/utskrifter",
                files={
                    "bunt": (f"{name}.pdf", pdf, "application/pdf"),
                    "lista": (f"{name}.csv", manifest.encode("utf-8-sig"), "text/csv"),
                },
                headers={"Idempotency-Key": name},
                timeout=(10, 120),
                **self._tls(),  # type: ignore[arg-type]
            )
        except requests.RequestException as exc:
            raise PrintServiceError(f"Tryckeriet svarade inte ({type(exc).__name__}).") from None
        if response.status_code not in (200, 201):
            raise PrintServiceError(f"Tryckeriet svarade {response.status_code}.")
        try:
            return str(response.json()["id"])[:100]
        except (ValueError, KeyError, TypeError):
            raise PrintServiceError("Tryckeriets svar saknar id.") from None

    def receipt(self, *, name: str, reference: str) -> str | None:
        import requests

        try:
            response = requests.get(
                f"{self.url}/utskrifter/{reference}/kvitto",
                timeout=(10, 60),
                **self._tls(),  # type: ignore[arg-type]
            )
        except requests.RequestException as exc:
            raise PrintServiceError(f"Tryckeriet svarade inte ({type(exc).__name__}).") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise PrintServiceError(f"Tryckeriet svarade {response.status_code}.")
        return response.content.decode("utf-8-sig")


def print_service_client() -> PrintServiceClient | None:
    """The configured adapter, or None (`none`: staff handle the file by hand)."""
    config = settings.MUNICIPALITY.print_service
    if config.adapter == "simulator":
        if getattr(settings, "PRODUCTION", False):
            raise PrintServiceError("Tryckerisimulatorn får inte användas i produktion.")
        return LocalPrintService()
    if config.adapter == "directory":
        return DirectoryPrintService(config.outbox, config.inbox)
    if config.adapter == "https":
        return HttpsPrintService(config.url)
    return None
