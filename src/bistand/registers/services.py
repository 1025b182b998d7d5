"""State changes in registers: keyword-only, typed functions named <entity>_<action>.

``register_fetch`` asks every SSBTEK source, records every question in ``RegisterFetch`` and
returns a :class:`RegisterSnapshot`. A source that fails or answers late is a recorded result,
never an exception: the decision pipeline routes such a case to a person, never rejects it.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bistand.core import personnummer as pnr_mod
from bistand.core.bulk import rows_copied

from . import folkbokforing
from .adapters import RegisterSource
from .client import ClientConfig, RegisterClient
from .models import PersonRecord, RegisterFetch
from .ssbtek.transport import SoapConfig, SoapTransport, TlsFiles
from .transports import JsonTransport, RegisterTransport
from .types import (
    ALL_SOURCES,
    GROUND_DUTY,
    GROUNDS,
    RegisterRequest,
    RegisterSnapshot,
    Source,
    SourceResult,
    Status,
    to_jsonable,
)

__all__ = [
    "HouseholdAnswer",
    "HouseholdFetch",
    "PersonFetch",
    "client_config",
    "fetch_timeout",
    "folkbokforing_fetch",
    "register_fetch",
    "register_fetch_batch",
    "register_fetch_households",
    "register_fetch_people",
    "register_fetches_prune",
    "register_transport",
    "registers_connectivity",
    "soap_config",
    "tls_files",
]

logger = logging.getLogger("bistand.registers")


def client_config() -> ClientConfig:
    """The transport settings (REGISTERS_* in settings, from BISTAND_REGISTERS_* variables)."""
    return ClientConfig(
        base_url=settings.REGISTERS_BASE_URL,
        connect_timeout=float(settings.REGISTERS_CONNECT_TIMEOUT),
        read_timeout=float(settings.REGISTERS_READ_TIMEOUT),
        retries=int(settings.REGISTERS_RETRIES),
        backoff=float(settings.REGISTERS_BACKOFF),
        max_workers=int(settings.REGISTERS_MAX_WORKERS),
    )


def tls_files() -> TlsFiles:
    """The organisation certificate, its key and the CA (BISTAND_REGISTERS_TLS_*)."""
    return TlsFiles(
        cert=settings.REGISTERS_TLS_CERT,
        key=settings.REGISTERS_TLS_KEY,
        ca=settings.REGISTERS_TLS_CA,
    )


def soap_config() -> SoapConfig:
    return SoapConfig(
        url=settings.REGISTERS_SOAP_URL
        or settings.REGISTERS_BASE_URL.rstrip("/") + "/ssbtek/v11/BastjanstInformation",
        tls=tls_files(),
        aktorsid=settings.REGISTERS_SSBTEK_AKTORSID,
        connect_timeout=float(settings.REGISTERS_CONNECT_TIMEOUT),
        read_timeout=float(settings.REGISTERS_READ_TIMEOUT),
    )


def register_transport() -> RegisterTransport:
    """The configured transport (BISTAND_REGISTERS_TRANSPORT: ``soap`` or ``json``). The SOAP
    transport is kept per configuration for the process, so its open connections serve the next
    batch too (a new transport per batch meant a new connection, with mutual TLS a full
    handshake, for every person)."""
    if settings.REGISTERS_TRANSPORT == "json":
        return JsonTransport(client_config(), tls=tls_files())
    return _soap_transport(soap_config())


@functools.lru_cache(maxsize=8)
def _soap_transport(config: SoapConfig) -> SoapTransport:
    return SoapTransport(config)


def registers_connectivity() -> dict[str, str]:
    """SSBTEK's ``testaBastjanstInformation``: per source block "ok", "ej anropad" or
    "fel <felkod>", or ``{"SSBTEK": <reason>}`` when the call failed (tls_error, timeout …).
    The JSON transport has no test service: it says so."""
    if settings.REGISTERS_TRANSPORT != "soap":
        return {"transport": "json: ingen testtjänst"}
    return SoapTransport(soap_config()).check()


@dataclass(frozen=True)
class PersonFetch:
    """One person to fetch about, for :func:`register_fetch_people`."""

    personnummer: str
    ground: str


def fetch_timeout() -> float:
    """The longest the pipeline waits for one person's register answer, in seconds
    (BISTAND_REGISTERS_FETCH_TIMEOUT; default: the connect and read timeouts together)."""
    configured = getattr(settings, "REGISTERS_FETCH_TIMEOUT", None)
    if configured:
        return float(configured)
    return float(settings.REGISTERS_CONNECT_TIMEOUT) + float(settings.REGISTERS_READ_TIMEOUT)


def _late(wanted: list[Source], ms: int) -> dict[Source, SourceResult]:
    return {
        s: SourceResult(
            source=s,
            status=Status.TIMEOUT,
            reason="timeout",
            detail="inget svar inom tidsgränsen",
            duration_ms=ms,
        )
        for s in wanted
    }


def _fetch_concurrently(
    transport: RegisterTransport,
    questions: list[tuple[RegisterRequest, list[Source]]],
    timeout: float,
) -> list[dict[Source, SourceResult]]:
    """Ask the questions at the same time (at most ``REGISTERS_PEOPLE_AT_ONCE`` in flight) and
    wait at most ``timeout`` seconds for each from the moment it was sent; a question without an
    answer by then is a recorded ``timeout`` for each of its sources (its thread is left to
    finish on its own; the answer is not used). ``fetch`` never raises."""
    answers = _ask_concurrently(
        [partial(transport.fetch, request, wanted) for request, wanted in questions],
        timeout,
    )
    ms = int(timeout * 1000)
    results: list[dict[Source, SourceResult]] = []
    for answer, (_, wanted) in zip(answers, questions, strict=True):
        if answer is None:
            results.append(_late(wanted, ms))
        elif isinstance(answer, BaseException):
            results.append(
                {
                    s: SourceResult(
                        source=s,
                        status=Status.FAILED,
                        reason="internal_error",
                        detail=f"oväntat fel ({type(answer).__name__})",
                    )
                    for s in wanted
                }
            )
        else:
            results.append(answer)
    return results


_slots_lock = threading.Lock()
_slots: tuple[int, int, threading.BoundedSemaphore | None] = (0, 0, None)


def _question_slots() -> threading.BoundedSemaphore | None:
    """The process's slots for register questions in flight (``REGISTERS_QUESTIONS_PER_PROCESS``,
    shared by every worker thread; None: no bound). A forked process gets its own."""
    global _slots
    size = int(getattr(settings, "REGISTERS_QUESTIONS_PER_PROCESS", 128) or 0)
    with _slots_lock:
        pid, known, slots = _slots
        if pid != os.getpid() or known != size:
            slots = threading.BoundedSemaphore(size) if size > 0 else None
            _slots = (os.getpid(), size, slots)
        return slots


def _ask_concurrently(calls: list[Callable[[], Any]], timeout: float) -> list[Any]:
    """Run the calls at the same time (at most ``REGISTERS_PEOPLE_AT_ONCE`` of this batch and
    ``REGISTERS_QUESTIONS_PER_PROCESS`` of the whole process in flight), waiting at most
    ``timeout`` seconds for each from the moment it was sent: a call waiting for a free slot is
    not sent yet, so its wait is never counted as the register's lateness. Per call: its result,
    the exception it raised, or None when it was late (its thread finishes on its own)."""
    at_once = int(getattr(settings, "REGISTERS_PEOPLE_AT_ONCE", 64)) or len(calls)
    pool = ThreadPoolExecutor(
        max_workers=max(min(len(calls), at_once), 1), thread_name_prefix="fetch"
    )
    sent: dict[int, float] = {}
    slots = _question_slots()

    def ask(n: int, call: Callable[[], Any]) -> Any:
        with slots or nullcontext():
            sent[n] = time.monotonic()
            return call()

    try:
        futures = [pool.submit(ask, n, call) for n, call in enumerate(calls)]
        while True:
            now = time.monotonic()
            waiting = [
                n
                for n, future in enumerate(futures)
                if not future.done() and (n not in sent or now - sent[n] < timeout)
            ]
            if not waiting:
                break
            deadlines = [sent[n] + timeout for n in waiting if n in sent]
            until = min(deadlines) if deadlines else now + timeout
            wait(
                [futures[n] for n in waiting],
                timeout=max(until - now, 0.001),
                return_when=FIRST_COMPLETED,
            )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    out: list[Any] = []
    for future in futures:
        if not future.done() or future.cancelled():
            out.append(None)
        elif future.exception() is not None:
            out.append(future.exception())
        else:
            out.append(future.result())
    return out


def _request(
    *,
    personnummer: str,
    period_start: date,
    period_end: date,
    case_reference: str,
    requested_by: str,
    purpose: str,
    legal_basis: str,
    ground: str,
    correlation_id: str | None,
) -> RegisterRequest:
    if not pnr_mod.is_valid(personnummer):
        raise ValueError("Personnumret är ogiltigt.")  # never echo the number
    if not purpose.strip():
        raise ValueError("Syfte (syfte) måste anges för varje registerhämtning.")
    if not legal_basis.strip():
        raise ValueError("Lagtext (legal basis) måste anges för varje registerhämtning.")
    if not requested_by.strip() or not case_reference.strip():
        raise ValueError("Ärende och den som begär uppgifterna måste anges.")
    if period_end < period_start:
        raise ValueError("Perioden slutar före den börjar.")
    if ground not in GROUNDS:
        # Never a fetch without a ground that covers this person (docs/adr/0107).
        raise ValueError("Grunden för hämtningen (samtycke eller uppgiftsskyldighet) saknas.")
    return RegisterRequest(
        personidentitet=pnr_mod.parse(personnummer),
        period_start=period_start,
        period_end=period_end,
        case_reference=case_reference,
        requested_by=requested_by,
        purpose=purpose,
        legal_basis=legal_basis,
        correlation_id=correlation_id or str(uuid.uuid4()),
        organisation=settings.MUNICIPALITY_NAME,
        organisation_number=settings.REGISTERS_SSBTEK_ORGANISATIONSNUMMER,
    )


def register_fetch_people(
    *,
    people: list[PersonFetch],
    period_start: date,
    period_end: date,
    case_reference: str,
    requested_by: str,
    purpose: str,
    legal_basis: str,
    sources: Iterable[Source | str] = ALL_SOURCES,
    transport: RegisterTransport | None = None,
    timeout: float | None = None,
) -> list[RegisterSnapshot]:
    """Fetch about every person at once (the applicant and the partner in parallel), waiting at
    most ``timeout`` seconds (default :func:`fetch_timeout`) in all, not per person: a person
    whose answer is late gets source status ``timeout`` for every source, recorded and logged
    like any other result (docs/adr/0140). One snapshot per person, in the order given."""
    return register_fetch_households(
        households=[
            HouseholdFetch(
                people=people,
                period_start=period_start,
                period_end=period_end,
                case_reference=case_reference,
            )
        ],
        requested_by=requested_by,
        purpose=purpose,
        legal_basis=legal_basis,
        sources=sources,
        transport=transport,
        timeout=timeout,
    )[0]


@dataclass(frozen=True)
class HouseholdFetch:
    """The adults of one application, for :func:`register_fetch_households`. `folkbokforing`:
    the people to ask folkbokföring about at the same time, each on his or her ground (the people
    a letter names: name, address, protected identity; docs/adr/0205)."""

    people: list[PersonFetch]
    period_start: date
    period_end: date
    case_reference: str
    folkbokforing: tuple[PersonFetch, ...] = ()


@dataclass(frozen=True)
class HouseholdAnswer:
    """What :func:`register_fetch_batch` got for one household: a snapshot per person asked
    (in order) and the folkbokföring answer per personnummer asked."""

    snapshots: list[RegisterSnapshot]
    folkbokforing: dict[str, folkbokforing.PersonAnswer]


def register_fetch_households(
    *,
    households: list[HouseholdFetch],
    requested_by: str,
    purpose: str,
    legal_basis: str,
    sources: Iterable[Source | str] = ALL_SOURCES,
    transport: RegisterTransport | None = None,
    timeout: float | None = None,
) -> list[list[RegisterSnapshot]]:
    """:func:`register_fetch_people` for many applications at once (the batch worker): every
    person of every household is asked at the same time, each question waits at most
    ``timeout`` seconds from the common start, and every ``RegisterFetch`` row is written with
    one INSERT. One list of snapshots per household, in the order given."""
    return [
        answer.snapshots
        for answer in register_fetch_batch(
            households=households,
            requested_by=requested_by,
            purpose=purpose,
            legal_basis=legal_basis,
            sources=sources,
            transport=transport,
            timeout=timeout,
        )
    ]


def register_fetch_batch(
    *,
    households: list[HouseholdFetch],
    requested_by: str,
    purpose: str,
    legal_basis: str,
    sources: Iterable[Source | str] = ALL_SOURCES,
    transport: RegisterTransport | None = None,
    timeout: float | None = None,
    folkbokforing_source: folkbokforing.FolkbokforingSource | None = None,
) -> list[HouseholdAnswer]:
    """As :func:`register_fetch_households`, and folkbokföring about each household's
    `folkbokforing` people in the same round: every question (SSBTEK and folkbokföring) is sent
    at once and waits at most ``timeout`` seconds from when it was sent (docs/adr/0140, 0205).
    A folkbokföring answer is logged like any question (source NAVET, outcome only) and a
    successful one replaces the person's ``PersonRecord``; all rows are written with one INSERT
    each. Never raises for a source's failure or lateness."""
    wanted = [Source(s) for s in dict.fromkeys(sources)]
    requests_ = [
        [
            _request(
                personnummer=person.personnummer,
                period_start=household.period_start,
                period_end=household.period_end,
                case_reference=household.case_reference,
                requested_by=requested_by,
                purpose=purpose,
                legal_basis=legal_basis,
                ground=person.ground,
                correlation_id=None,
            )
            for person in household.people
        ]
        for household in households
    ]
    if any(p.ground not in GROUNDS for h in households for p in h.folkbokforing):
        # Never a question without a ground that covers this person (docs/adr/0107).
        raise ValueError("Grunden för hämtningen (samtycke eller uppgiftsskyldighet) saknas.")
    today = timezone.localdate()
    fb_requests = [
        [
            (
                _folkbokforing_request(
                    personnummer=person.personnummer,
                    case_reference=household.case_reference,
                    requested_by=requested_by,
                    today=today,
                ),
                person.ground,
            )
            for person in dict.fromkeys(household.folkbokforing)
        ]
        for household in households
    ]
    flat = [request for group in requests_ for request in group]
    fb_flat = [request for group in fb_requests for request, _ground in group]
    if not flat and not fb_flat:
        return [HouseholdAnswer([], {}) for _ in households]
    if transport is None and flat:
        transport = register_transport()
    if folkbokforing_source is None and fb_flat:
        folkbokforing_source = folkbokforing_source_configured()
    fetched_at = timezone.now()
    started = time.monotonic()
    limit = fetch_timeout() if timeout is None else timeout
    calls: list[Callable[[], Any]] = []
    if flat:
        assert transport is not None
        calls += [partial(transport.fetch, request, wanted) for request in flat]
    if fb_flat:
        assert folkbokforing_source is not None
        calls += [partial(folkbokforing_source.fetch, request) for request in fb_flat]
    raw = _ask_concurrently(calls, limit)
    ms = int(limit * 1000)
    answers = iter(raw[: len(flat)])
    fb_answers = iter(raw[len(flat) :])
    answered: list[HouseholdAnswer] = []
    rows: list[RegisterFetch] = []
    records: list[PersonRecord] = []
    for household, group, fb_group in zip(households, requests_, fb_requests, strict=True):
        snapshots = []
        for person, request in zip(household.people, group, strict=True):
            answer = next(answers)
            if answer is None:
                results = _late(wanted, ms)
            elif isinstance(answer, BaseException):
                results = {
                    s: SourceResult(
                        source=s,
                        status=Status.FAILED,
                        reason="internal_error",
                        detail=f"oväntat fel ({type(answer).__name__})",
                    )
                    for s in wanted
                }
            else:
                results = answer
            snapshots.append(_snapshot(request, results, person.ground, fetched_at, started, rows))
        people: dict[str, folkbokforing.PersonAnswer] = {}
        for request, ground in fb_group:
            fb = next(fb_answers)
            if fb is None:
                fb = folkbokforing.PersonAnswer(
                    status=Status.TIMEOUT,
                    reason="timeout",
                    detail="inget svar inom tidsgränsen",
                    duration_ms=ms,
                )
            elif isinstance(fb, BaseException):
                fb = folkbokforing.PersonAnswer(
                    status=Status.FAILED,
                    reason="internal_error",
                    detail=f"oväntat fel ({type(fb).__name__})",
                )
            people[request.personidentitet] = fb
            rows.append(_folkbokforing_row(request, fb, fetched_at, ground))
            if fb.ok and fb.data is not None:
                records.append(_person_record(request, fb.data, fetched_at))
            _folkbokforing_log(request.case_reference, fb)
        answered.append(HouseholdAnswer(snapshots=snapshots, folkbokforing=people))
    with transaction.atomic():
        # The register log: one COPY for the batch (core.bulk; docs/adr/0270).
        rows_copied(RegisterFetch, rows)
        if records:
            # The latest answer per person: one INSERT … ON CONFLICT DO UPDATE for the batch.
            latest = {record.personnummer: record for record in records}
            PersonRecord.objects.bulk_create(
                list(latest.values()),
                update_conflicts=True,
                unique_fields=["personnummer"],
                update_fields=["protected", "data", "fetched_at", "correlation_id"],
            )
    return answered


def register_fetch(
    *,
    personnummer: str,
    period_start: date,
    period_end: date,
    case_reference: str,
    requested_by: str,
    purpose: str,
    legal_basis: str,
    ground: str,
    sources: Iterable[Source | str] = ALL_SOURCES,
    correlation_id: str | None = None,
    adapters: dict[Source, RegisterSource] | None = None,
    transport: RegisterTransport | None = None,
) -> RegisterSnapshot:
    """Fetch register data for one person and period from each source, and log every fetch.

    Raises ``ValueError`` only for a wrong call (invalid personnummer, empty purpose or legal
    basis, period ending before it starts); a source that fails is a result in the snapshot.
    """
    request = _request(
        personnummer=personnummer,
        period_start=period_start,
        period_end=period_end,
        case_reference=case_reference,
        requested_by=requested_by,
        purpose=purpose,
        legal_basis=legal_basis,
        ground=ground,
        correlation_id=correlation_id,
    )
    wanted = [Source(s) for s in dict.fromkeys(sources)]
    if transport is None:
        transport = JsonTransport(client_config(), adapters) if adapters else register_transport()
    fetched_at = timezone.now()
    started = time.monotonic()
    results = transport.fetch(request, wanted)
    return _record(request, results, ground, fetched_at, started)


def _record(
    request: RegisterRequest,
    results: dict[Source, SourceResult],
    ground: str,
    fetched_at: datetime,
    started: float,
) -> RegisterSnapshot:
    """Log one ``RegisterFetch`` row per source (in the caller's thread and transaction)."""
    rows: list[RegisterFetch] = []
    snapshot = _snapshot(request, results, ground, fetched_at, started, rows)
    with transaction.atomic():
        # The register log: one COPY for the batch (core.bulk; docs/adr/0270).
        rows_copied(RegisterFetch, rows)
    return snapshot


def _snapshot(
    request: RegisterRequest,
    results: dict[Source, SourceResult],
    ground: str,
    fetched_at: datetime,
    started: float,
    rows: list[RegisterFetch],
) -> RegisterSnapshot:
    """The snapshot of one answer; its ``RegisterFetch`` rows (one per source) are added to
    ``rows`` for the caller to write, and the fetch is logged."""
    case_reference = request.case_reference
    requested_by = request.requested_by
    purpose = request.purpose
    legal_basis = request.legal_basis
    period_start = request.period_start
    period_end = request.period_end

    rows.extend(
        RegisterFetch(
            source=code.value,
            subject=request.personidentitet,
            case_reference=case_reference,
            requested_by=requested_by,
            purpose=purpose,
            legal_basis=legal_basis,
            ground=ground,
            period_start=period_start,
            period_end=period_end,
            status=result.status.value,
            reason=result.reason,
            detail=result.detail,
            duration_ms=result.duration_ms,
            attempts=result.attempts,
            correlation_id=request.correlation_id,
            fetched_at=fetched_at,
            result=to_jsonable(result),
        )
        for code, result in results.items()
    )
    for code, result in results.items():
        # Case reference, source and outcome only: never the personnummer.
        log = logger.info if result.ok else logger.warning
        log(
            "register fetch source=%s case=%s status=%s reason=%s duration_ms=%d attempts=%d "
            "correlation_id=%s requested_by=%s ground=%s",
            code.value,
            case_reference,
            result.status.value,
            result.reason or "-",
            result.duration_ms,
            result.attempts,
            request.correlation_id,
            requested_by,
            ground,
        )
    logger.info(
        "register snapshot case=%s sources=%d unavailable=%d total_ms=%d correlation_id=%s",
        case_reference,
        len(results),
        sum(not r.ok for r in results.values()),
        int((time.monotonic() - started) * 1000),
        request.correlation_id,
    )
    return RegisterSnapshot(
        subject=request.personidentitet,
        period_start=period_start,
        period_end=period_end,
        case_reference=case_reference,
        requested_by=requested_by,
        purpose=purpose,
        legal_basis=legal_basis,
        correlation_id=request.correlation_id,
        fetched_at=fetched_at,
        results=results,
        ground=ground,
    )


# --- Folkbokföring (docs/adr/0150) -----------------------------------------------------------

FOLKBOKFORING_PURPOSE = "Namn, folkbokföringsadress och hushåll i ärende om ekonomiskt bistånd"
# Provisional: the socialnämnd's access to folkbokföring data through Navet/SPAR; to be
# confirmed against the municipality's agreement with Skatteverket.
FOLKBOKFORING_LEGAL_BASIS = (
    "lag (2001:182) om behandling av personuppgifter i Skatteverkets folkbokföringsverksamhet; "
    "förordning (2001:589); SoL (2025:400) 15 kap. 10 §"
)


def folkbokforing_url() -> str:
    """BISTAND_REGISTERS_FOLKBOKFORING_URL; empty: the simulator's path under the base URL."""
    configured = getattr(settings, "REGISTERS_FOLKBOKFORING_URL", "")
    return configured or settings.REGISTERS_BASE_URL.rstrip("/") + "/navet/v1/personpost"


def folkbokforing_source_configured() -> folkbokforing.FolkbokforingSource:
    """The folkbokföring source at BISTAND_REGISTERS_FOLKBOKFORING_URL, with the registers'
    certificate, timeouts and retries."""
    config = client_config()
    url = folkbokforing_url()
    split = url.split("/", 3)
    base, path = "/".join(split[:3]), "/" + (split[3] if len(split) > 3 else "")
    return _folkbokforing_source(
        ClientConfig(
            base_url=base,
            connect_timeout=config.connect_timeout,
            read_timeout=config.read_timeout,
            retries=config.retries,
            backoff=config.backoff,
            max_workers=1,
        ),
        tls_files(),
        path,
    )


@functools.lru_cache(maxsize=8)
def _folkbokforing_source(
    config: ClientConfig, tls: TlsFiles, path: str
) -> folkbokforing.FolkbokforingSource:
    """Kept per configuration for the process: its open connections serve the next batch."""
    return folkbokforing.FolkbokforingSource(RegisterClient(config, tls=tls), path)


def _folkbokforing_request(
    *, personnummer: str, case_reference: str, requested_by: str, today: date
) -> RegisterRequest:
    return RegisterRequest(
        personidentitet=pnr_mod.parse(personnummer),
        period_start=today,
        period_end=today,
        case_reference=case_reference,
        requested_by=requested_by,
        purpose=FOLKBOKFORING_PURPOSE,
        legal_basis=FOLKBOKFORING_LEGAL_BASIS,
        correlation_id=folkbokforing.new_correlation_id(),
    )


def _folkbokforing_row(
    request: RegisterRequest,
    answer: folkbokforing.PersonAnswer,
    fetched_at: datetime,
    ground: str = GROUND_DUTY,
) -> RegisterFetch:
    return RegisterFetch(
        source=folkbokforing.NAVET,
        subject=request.personidentitet,
        case_reference=request.case_reference,
        requested_by=request.requested_by,
        purpose=FOLKBOKFORING_PURPOSE,
        legal_basis=FOLKBOKFORING_LEGAL_BASIS,
        ground=ground,
        period_start=request.period_start,
        period_end=request.period_end,
        status=answer.status.value,
        reason=answer.reason,
        detail=answer.detail,
        duration_ms=answer.duration_ms,
        attempts=answer.attempts,
        correlation_id=request.correlation_id,
        fetched_at=fetched_at,
        # The log keeps the outcome, not the address: the address lives in PersonRecord.
        result={
            "status": answer.status.value,
            "protected": bool(answer.data and answer.data.protected),
        },
    )


def _person_record(
    request: RegisterRequest, data: folkbokforing.FolkbokforingData, fetched_at: datetime
) -> PersonRecord:
    return PersonRecord(
        personnummer=request.personidentitet,
        protected=data.protected,
        data=to_jsonable(data),
        fetched_at=fetched_at,
        correlation_id=request.correlation_id,
    )


def _folkbokforing_log(case_reference: str, answer: folkbokforing.PersonAnswer) -> None:
    log = logger.info if answer.ok else logger.warning
    log(
        "folkbokföring case=%s status=%s reason=%s ms=%s",
        case_reference,
        answer.status.value,
        answer.reason,
        answer.duration_ms,
    )


def folkbokforing_fetch(
    *, personnummer: str, case_reference: str, requested_by: str
) -> folkbokforing.PersonAnswer:
    """Ask folkbokföring about one person; log the question in ``RegisterFetch`` (source NAVET)
    and keep a successful answer as the person's ``PersonRecord``. Never raises."""
    request = _folkbokforing_request(
        personnummer=personnummer,
        case_reference=case_reference,
        requested_by=requested_by,
        today=timezone.localdate(),
    )
    answer = folkbokforing_source_configured().fetch(request)
    fetched_at = timezone.now()
    with transaction.atomic():
        _folkbokforing_row(request, answer, fetched_at).save()
        if answer.ok and answer.data is not None:
            record = _person_record(request, answer.data, fetched_at)
            PersonRecord.objects.update_or_create(
                personnummer=record.personnummer,
                defaults={
                    "protected": record.protected,
                    "data": record.data,
                    "fetched_at": record.fetched_at,
                    "correlation_id": record.correlation_id,
                },
            )
    _folkbokforing_log(case_reference, answer)
    return answer


def register_fetches_prune(*, before: datetime, dry_run: bool = False) -> tuple[int, int]:
    """Gallring of the register fetch log: rows fetched before `before`. Returns (due,
    deleted); with `dry_run` nothing is deleted. The log is append-only for the application;
    only gallring removes rows (privacy.services.gallring_run)."""
    due_rows = RegisterFetch.objects.filter(fetched_at__lt=before)
    due = due_rows.count()
    if dry_run or not due:
        return due, 0
    with transaction.atomic():
        deleted, _ = due_rows.delete()
    return due, deleted
