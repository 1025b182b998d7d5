"""Virus scan of uploaded files through clamd, ClamAV's daemon, when it is configured
(docs/adr/0214).

`settings.VIRUS_SCAN_CLAMD` (env BISTAND_CLAMD): empty = no scan; `unix:/run/clamav/clamd.ctl`
or `tcp:host:3310`. The file is streamed with clamd's INSTREAM command (no new dependency).

Policy: refuse. An infected file is refused (the caller removes it and tells the uploader); a
configured scanner that does not answer, or answers something else, refuses too (fail closed):
nothing unscanned is kept when a scan was asked for. No quarantine: the file is not kept.
"""

from __future__ import annotations

import socket
import struct
from pathlib import Path

from django.conf import settings

CHUNK = 64 * 1024


class VirusFoundError(Exception):
    """clamd found something; the message is its signature name."""


class ScanUnavailableError(Exception):
    """A scan was configured but no verdict came (no answer, timeout, error reply)."""


def enabled() -> bool:
    return bool(getattr(settings, "VIRUS_SCAN_CLAMD", ""))


def _connect(address: str, timeout: float) -> socket.socket:
    kind, _, rest = address.partition(":")
    if kind == "unix" and rest:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(rest)
        return sock
    if kind == "tcp" and rest:
        host, _, port = rest.rpartition(":")
        return socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout)
    raise ScanUnavailableError(f"VIRUS_SCAN_CLAMD is not unix:PATH or tcp:HOST:PORT: {address!r}")


def scan_path(path: Path) -> bool:
    """Scan the file; True when clamd said OK, False when no scan is configured. Raises
    VirusFoundError or ScanUnavailableError."""
    address = getattr(settings, "VIRUS_SCAN_CLAMD", "")
    if not address:
        return False
    timeout = float(getattr(settings, "VIRUS_SCAN_TIMEOUT", 30))
    try:
        with _connect(address, timeout) as sock, path.open("rb") as handle:
            sock.sendall(b"zINSTREAM\0")
            while chunk := handle.read(CHUNK):
                sock.sendall(struct.pack("!I", len(chunk)) + chunk)
            sock.sendall(struct.pack("!I", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise ScanUnavailableError(str(exc)) from exc
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK" / "stream: Eicar-Test-Signature FOUND" / "INSTREAM size limit exceeded. ERROR"
    if text.endswith(": OK"):
        return True
    if text.endswith(" FOUND"):
        raise VirusFoundError(text.partition(": ")[2].removesuffix(" FOUND"))
    raise ScanUnavailableError(text or "no answer")
