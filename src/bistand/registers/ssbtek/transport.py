"""The SOAP transport: one ``hamtaBastjanstInformation`` call per person over mutual TLS.

``requests`` carries the envelope (``Content-Type: text/xml``, ``SOAPAction: ""``) with the
organisation certificate as client certificate and the configured CA as the only trust anchor.
Whatever goes wrong (timeout, TLS refused either way, connection refused, HTTP error, SOAP fault,
an answer that is not valid against the v11 XSDs) becomes a failed :class:`SourceResult` for every
source asked, with a short reason; a source's own error stays with that source.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter

from ..types import RegisterRequest, Source, SourceResult, Status
from .codec import (
    Answer,
    InvalidAnswerError,
    SoapFaultError,
    read_answer,
    read_test_answer,
    request_envelope,
    test_envelope,
    to_result,
)

__all__ = ["SoapConfig", "SoapTransport", "TlsFiles"]

HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}


@dataclass(frozen=True)
class TlsFiles:
    """The organisation certificate and key (PEM) and the CA that signs SSBTEK's server."""

    cert: str = ""
    key: str = ""
    ca: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.cert and self.key and self.ca)


@dataclass(frozen=True)
class SoapConfig:
    url: str
    tls: TlsFiles
    aktorsid: str = "bistand"
    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    retries: int = 1  # connection errors only: the question is a read, asking again is safe
    verify: bool = True  # False only for plain-HTTP development endpoints


class SoapTransport:
    """Asks every wanted source in one call; ``fetch`` never raises.

    Its sessions (and their open connections: with mutual TLS a full handshake each) are kept
    for the next question, whichever thread asks it: a question takes an idle session or makes
    one, and gives it back when answered. The environment (proxy variables, ``REQUESTS_CA_BUNDLE``)
    is read once, when the transport is made, not on every call (``requests`` would read it and
    ``.netrc`` per request otherwise: SSBTEK takes no password)."""

    def __init__(self, config: SoapConfig) -> None:
        self.config = config
        self._idle: list[requests.Session] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        # What requests.Session would take from the environment on every call.
        self._proxies = requests.utils.get_environ_proxies(config.url)
        self._env_ca = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")

    def _new_session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # read once above instead
        session.proxies.update(self._proxies)
        session.mount("https://", HTTPAdapter(max_retries=self.config.retries))
        session.mount("http://", HTTPAdapter(max_retries=self.config.retries))
        return session

    @contextmanager
    def _session(self) -> Iterator[requests.Session]:
        with self._lock:
            if self._pid != os.getpid():  # forked: never share the parent's connections
                self._idle, self._pid = [], os.getpid()
            session = self._idle.pop() if self._idle else None
        if session is None:
            session = self._new_session()
        try:
            yield session
        finally:
            with self._lock:
                if self._pid == os.getpid():
                    self._idle.append(session)

    def _verify(self) -> str | bool:
        # Trust only the configured CA (never the system store) when given; otherwise what
        # requests would take: REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, else the default store.
        tls = self.config.tls
        if tls.ca:
            return tls.ca
        if self.config.verify and self._env_ca:
            return self._env_ca
        return self.config.verify

    def _post(self, body: bytes) -> tuple[bytes | None, Answer | None, bool]:
        """(payload, failure, timed_out): the answer's bytes or why there are none."""
        timeout = (self.config.connect_timeout, self.config.read_timeout)
        try:
            tls = self.config.tls
            with self._session() as session:
                response = session.post(
                    self.config.url,
                    data=body,
                    headers=HEADERS,
                    timeout=timeout,
                    verify=self._verify(),
                    cert=(tls.cert, tls.key) if tls.cert and tls.key else None,
                )
                content = response.content  # read before the session is handed on
        except requests.exceptions.SSLError:
            return None, Answer(reason="tls_error", detail="TLS-förbindelsen nekades"), False
        except requests.Timeout:
            return None, Answer(reason="timeout", detail="inget svar inom tidsgränsen"), True
        except requests.ConnectionError:
            return None, Answer(reason="connection_error", detail="anslutningsfel"), False
        except requests.RequestException as exc:
            return None, Answer(reason="request_error", detail=type(exc).__name__), False
        except OSError:
            # requests raises a bare OSError for a certificate, key or CA file it cannot read.
            detail = "certifikat, nyckel eller CA kan inte läsas"
            return None, Answer(reason="tls_config", detail=detail), False
        # A SOAP fault comes with HTTP 500 and an envelope; read it like any answer.
        if response.status_code >= 400 and b"Envelope" not in content[:400]:
            code = response.status_code
            return None, Answer(reason=f"http_{code}", detail=f"HTTP {code}"), False
        return content, None, False

    def fetch(
        self, request: RegisterRequest, sources: Iterable[Source]
    ) -> dict[Source, SourceResult]:
        wanted = list(dict.fromkeys(sources))
        started = time.monotonic()
        payload, failure, timed_out = self._post(
            request_envelope(request, wanted, aktorsid=self.config.aktorsid)
        )
        answers: dict[Source, Answer]
        if payload is not None:
            try:
                answers = read_answer(payload, wanted, request.correlation_id)
            except SoapFaultError as exc:
                failure = Answer(reason="soap_fault", detail=f"SSBTEK svarade med fel {exc.felkod}")
            except InvalidAnswerError as exc:
                detail = f"svaret följer inte SSBTEK v11 ({exc.where})"
                failure = Answer(reason=exc.reason, detail=detail)
            except Exception as exc:
                failure = Answer(reason="internal_error", detail=type(exc).__name__)
        if failure is not None:
            answers = dict.fromkeys(wanted, failure)
        ms = int((time.monotonic() - started) * 1000)
        results = {s: to_result(s, answers[s], duration_ms=ms, attempts=1) for s in wanted}
        if timed_out:
            results = {
                s: SourceResult(
                    source=s,
                    status=Status.TIMEOUT,
                    reason="timeout",
                    detail=r.detail,
                    duration_ms=ms,
                )
                for s, r in results.items()
            }
        return results

    def check(self) -> dict[str, str]:
        """``testaBastjanstInformation``: per block "ok" / "ej anropad" / "fel …", or
        ``{"SSBTEK": "<reason>"}`` when the call itself failed."""
        payload, failure, _ = self._post(test_envelope())
        if payload is None:
            assert failure is not None
            return {"SSBTEK": failure.reason}
        try:
            return read_test_answer(payload)
        except SoapFaultError as exc:
            return {"SSBTEK": f"soap_fault {exc.felkod}"}
        except InvalidAnswerError as exc:
            return {"SSBTEK": exc.reason}
