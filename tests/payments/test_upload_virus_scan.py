"""Uploaded stickprov documents are scanned by clamd when it is configured (docs/adr/0214): an
infected file is refused at the field and not kept; a scanner that does not answer refuses too
(fail closed); a clean file is kept. clamd is played by a test double speaking its INSTREAM
protocol over a UNIX socket and over TCP."""

from __future__ import annotations

import socket
import socketserver
import struct
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bistand.core import virusscan
from bistand.payments import services
from bistand.payments.models import PostCheck, PostCheckDocument

from .factories import decision
from .test_postcheck_documents import PDF, _citizen, _upload

EICAR = b"%PDF-1.7\nX5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\n"


class FakeClamd(socketserver.BaseRequestHandler):
    """Reads zINSTREAM chunks; answers FOUND when the EICAR string is in the stream."""

    def handle(self) -> None:
        sock = self.request
        command = b""
        while not command.endswith(b"\0"):
            command += sock.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            size = struct.unpack("!I", _exactly(sock, 4))[0]
            if size == 0:
                break
            data += _exactly(sock, size)
        self.server.seen.append(data)  # type: ignore[attr-defined]
        verdict = b"Eicar-Test-Signature FOUND" if b"EICAR-STANDARD" in data else b"OK"
        sock.sendall(b"stream: " + verdict + b"\0")


def _exactly(sock: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        part = sock.recv(n - len(out))
        if not part:
            raise ConnectionError
        out += part
    return out


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def post_check(db, settings, tmp_path) -> PostCheck:
    settings.POST_CHECK_SHARE = "1"
    settings.POST_CHECK_SHARE_BY = {}
    settings.POST_CHECK_DOCUMENTS_DIR = tmp_path / "private" / "stickprov"
    services.payment_order_create_for_decision(decision_id=decision(amount="5220.00").pk)
    return PostCheck.objects.get()


@pytest.fixture(params=["unix", "tcp"])
def clamd(request, settings) -> Iterator[list[bytes]]:
    if request.param == "unix":
        directory = tempfile.mkdtemp(prefix="clamd-")
        path = str(Path(directory) / "clamd.ctl")
        server: socketserver.BaseServer = UnixServer(path, FakeClamd)
        settings.VIRUS_SCAN_CLAMD = f"unix:{path}"
    else:
        server = TCPServer(("127.0.0.1", 0), FakeClamd)
        settings.VIRUS_SCAN_CLAMD = f"tcp:127.0.0.1:{server.server_address[1]}"
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.seen  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def _stored_files(settings) -> list[Path]:
    directory = Path(settings.POST_CHECK_DOCUMENTS_DIR)
    return [p for p in directory.iterdir()] if directory.exists() else []


def test_a_clean_file_is_scanned_and_kept(post_check, clamd, settings):
    client, _ = _citizen(post_check)
    response = _upload(client, post_check, "kvitto.pdf", PDF, "application/pdf")
    assert response.status_code == 302
    assert clamd == [PDF]  # the whole file went to the scanner
    assert PostCheckDocument.objects.count() == 1 and len(_stored_files(settings)) == 1


def test_an_infected_file_is_refused_at_the_field_and_not_kept(post_check, clamd, settings):
    client, _ = _citizen(post_check)
    response = _upload(client, post_check, "kvitto.pdf", EICAR, "application/pdf")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Filen innehåller skadlig kod och togs inte emot." in page
    assert not PostCheckDocument.objects.exists() and _stored_files(settings) == []


def test_a_configured_scanner_that_does_not_answer_refuses_the_file(post_check, settings):
    settings.VIRUS_SCAN_CLAMD = "unix:/nonexistent/clamd.ctl"
    client, _ = _citizen(post_check)
    response = _upload(client, post_check, "kvitto.pdf", PDF, "application/pdf")
    assert response.status_code == 400
    assert "Filen kunde inte kontrolleras just nu" in response.content.decode()
    assert not PostCheckDocument.objects.exists() and _stored_files(settings) == []


def test_without_a_scanner_configured_nothing_is_scanned(tmp_path, settings):
    settings.VIRUS_SCAN_CLAMD = ""
    path = tmp_path / "f.pdf"
    path.write_bytes(EICAR)
    assert virusscan.scan_path(path) is False
    assert not virusscan.enabled()
