"""HTTP transport to the SSBTEK proxy or the register simulator.

``requests`` with urllib3 ``Retry``: connection errors and 5xx answers are retried with
exponential back-off; a read timeout is not retried (the source is slow, asking again only makes
the applicant wait longer). Every failure becomes a :class:`TransportError` with a short code;
no exception message carries the personnummer (it travels in the body, never in the URL).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

__all__ = ["ClientConfig", "RegisterClient", "TransportError", "TransportResponse"]

RETRY_STATUSES = (500, 502, 503, 504)


@dataclass(frozen=True)
class ClientConfig:
    base_url: str = "http://127.0.0.1:8765"
    connect_timeout: float = 2.0
    read_timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.25
    max_workers: int = 8


@dataclass(frozen=True)
class TransportResponse:
    status: int
    payload: Any  # parsed JSON, numbers as Decimal/int
    attempts: int


class TransportError(Exception):
    """A source could not be asked: ``code`` is ``timeout``, ``connection_error``, ``http_<n>``,
    ``invalid_json`` …; ``timeout`` tells the caller to record the status ``timeout``."""

    def __init__(self, code: str, detail: str, *, attempts: int = 1, timeout: bool = False):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.attempts = attempts
        self.timeout = timeout


def _attempts(response: requests.Response) -> int:
    retries = getattr(response.raw, "retries", None)
    history = getattr(retries, "history", ()) or ()
    return len(history) + 1


class RegisterClient:
    """Posts JSON to ``{base_url}{path}``. Its sessions (and their open connections) are kept
    for the next question, whichever thread asks it; the environment (proxy variables,
    ``REQUESTS_CA_BUNDLE``) is read once, not on every call as ``requests`` would."""

    def __init__(self, config: ClientConfig, tls: Any = None) -> None:
        self.config = config
        self.tls = tls  # TlsFiles: the organisation certificate and the CA, when configured
        self._idle: list[requests.Session] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._proxies = requests.utils.get_environ_proxies(config.base_url)
        self._env_ca = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")

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

    def _new_session(self) -> requests.Session:
        retry = Retry(
            total=self.config.retries,
            connect=self.config.retries,
            read=False,  # a read timeout is reported, not retried
            status=self.config.retries,
            other=0,
            allowed_methods=frozenset({"POST", "GET"}),  # SSBTEK questions are reads
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.config.backoff,
            backoff_max=5.0,
            raise_on_status=False,  # hand back the last 5xx so its attempts are known
            respect_retry_after_header=True,
        )
        session = requests.Session()
        session.trust_env = False  # read once in __init__ instead
        session.proxies.update(self._proxies)
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=max(self.config.max_workers, 1))
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def post(self, path: str, body: dict[str, Any]) -> TransportResponse:
        url = self.config.base_url.rstrip("/") + path
        timeout = (self.config.connect_timeout, self.config.read_timeout)
        try:
            tls = self.tls
            with self._session() as session:
                response = session.post(
                    url,
                    json=body,
                    timeout=timeout,
                    # The configured CA only when given; else what requests would take from
                    # the environment (REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE), else the default.
                    verify=tls.ca if tls is not None and tls.ca else (self._env_ca or True),
                    cert=(tls.cert, tls.key) if tls is not None and tls.cert and tls.key else None,
                )
                response.content  # noqa: B018 - read before the session is handed on
        except requests.exceptions.SSLError:
            raise TransportError("tls_error", "TLS-förbindelsen nekades") from None
        except requests.Timeout as exc:
            connect = isinstance(exc, requests.ConnectTimeout)
            raise TransportError(
                "timeout",
                "ingen anslutning inom tidsgränsen" if connect else "inget svar inom tidsgränsen",
                attempts=self.config.retries + 1 if connect else 1,
                timeout=True,
            ) from None
        except requests.ConnectionError as exc:
            reason = (
                exc.args[0].reason if exc.args and isinstance(exc.args[0], MaxRetryError) else None
            )
            # NewConnectionError (refused) is a subclass of ConnectTimeoutError in urllib3.
            refused = isinstance(reason, NewConnectionError)
            if not refused and isinstance(reason, ReadTimeoutError | ConnectTimeoutError):
                raise TransportError(
                    "timeout", "inget svar inom tidsgränsen", timeout=True
                ) from None
            what = (
                "anslutningen nekades"
                if isinstance(reason, NewConnectionError)
                else "anslutningsfel"
            )
            raise TransportError(
                "connection_error",
                f"{what} efter {self.config.retries + 1} försök",
                attempts=self.config.retries + 1,
            ) from None
        except requests.RequestException as exc:
            raise TransportError("request_error", type(exc).__name__) from None
        attempts = _attempts(response)
        if response.status_code >= 400:
            felkalla = ""
            try:
                fel = response.json().get("fel", {})
                felkalla = f" (felkälla {fel.get('felkalla')})" if isinstance(fel, dict) else ""
            except (ValueError, AttributeError):
                pass
            raise TransportError(
                f"http_{response.status_code}",
                f"HTTP {response.status_code} efter {attempts} försök{felkalla}",
                attempts=attempts,
            )
        try:
            payload = json.loads(response.content, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            raise TransportError(
                "invalid_json", "svaret är inte giltig JSON", attempts=attempts
            ) from None
        return TransportResponse(status=response.status_code, payload=payload, attempts=attempts)


def monotonic_ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)
