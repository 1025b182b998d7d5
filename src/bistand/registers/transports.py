"""Both register transports behind one interface; configuration picks one.

- ``soap`` (default): SSBTEK v11 as published, one ``hamtaBastjanstInformation`` call per person
  over mutual TLS (:mod:`bistand.registers.ssbtek`).
- ``json``: the JSON shape of ADR 0006, one POST per source, for a municipality whose SSBTEK
  proxy (such as Sundsvall's api-service-financial-aid) speaks JSON.

Both return the same typed :class:`SourceResult` per source, so the snapshot, its stored form and
replay do not depend on the transport.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from .adapters import RegisterSource, build_sources
from .client import ClientConfig, RegisterClient
from .ssbtek.transport import SoapConfig, SoapTransport, TlsFiles
from .types import RegisterRequest, Source, SourceResult, Status

__all__ = ["TRANSPORTS", "JsonTransport", "RegisterTransport", "SoapTransport", "TlsFiles"]

TRANSPORTS = ("soap", "json")


class RegisterTransport(Protocol):
    def fetch(
        self, request: RegisterRequest, sources: Iterable[Source]
    ) -> dict[Source, SourceResult]: ...


def _ask(adapter: RegisterSource, request: RegisterRequest) -> SourceResult:
    started = time.monotonic()
    try:
        return adapter.fetch(request)
    except Exception as exc:
        return SourceResult(
            source=adapter.code,
            status=Status.FAILED,
            reason="internal_error",
            detail=f"oväntat fel ({type(exc).__name__})",
            duration_ms=int((time.monotonic() - started) * 1000),
        )


class JsonTransport:
    """One adapter per source (JSON over HTTP), asked in a small thread pool."""

    def __init__(
        self,
        config: ClientConfig,
        adapters: dict[Source, RegisterSource] | None = None,
        tls: TlsFiles | None = None,
    ) -> None:
        self.max_workers = config.max_workers
        self.adapters = adapters or build_sources(RegisterClient(config, tls=tls))

    def fetch(
        self, request: RegisterRequest, sources: Iterable[Source]
    ) -> dict[Source, SourceResult]:
        wanted = list(dict.fromkeys(sources))
        workers = min(self.max_workers, len(wanted))
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="register") as pool:
                answers = list(pool.map(lambda code: _ask(self.adapters[code], request), wanted))
        else:
            answers = [_ask(self.adapters[code], request) for code in wanted]
        return dict(zip(wanted, answers, strict=True))


def soap_transport(config: SoapConfig) -> SoapTransport:
    return SoapTransport(config)
