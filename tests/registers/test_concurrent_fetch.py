"""Slow registers (docs/adr/0140): applicant and partner are asked at once, within one timeout
for the whole fetch; an answer later than that is a recorded ``timeout``, never an exception."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

import pytest

from bistand.registers.models import RegisterFetch
from bistand.registers.services import PersonFetch, register_fetch_people
from bistand.registers.types import (
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    GROUND_CONSENT,
    RegisterRequest,
    Source,
    SourceResult,
    Status,
)

from .conftest import PERIOD, other_pnr

pytestmark = pytest.mark.django_db


def _ok(sources: Iterable[Source]) -> dict[Source, SourceResult]:
    return {s: SourceResult(source=s, status=Status.OK, duration_ms=1) for s in sources}


class BarrierTransport:
    """Answers only when both people's calls are in flight at the same time."""

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2, timeout=10)

    def fetch(self, request: RegisterRequest, sources: Iterable[Source]):
        self.barrier.wait()  # BrokenBarrierError if the calls were made one after the other
        return _ok(sources)


class HeldTransport:
    """The partner's call is held until released; the applicant's answers at once."""

    def __init__(self, held_subject: str) -> None:
        self.held_subject = held_subject
        self.release = threading.Event()

    def fetch(self, request: RegisterRequest, sources: Iterable[Source]):
        if request.personidentitet == self.held_subject:
            self.release.wait(30)
        return _ok(sources)


@pytest.fixture
def held(pnr: str) -> Iterator[HeldTransport]:
    transport = HeldTransport(held_subject=other_pnr(7))
    yield transport
    transport.release.set()


def fetch(pnr: str, transport, timeout: float):
    return register_fetch_people(
        people=[
            PersonFetch(personnummer=pnr, ground=GROUND_CONSENT),
            PersonFetch(personnummer=other_pnr(7), ground=GROUND_CONSENT),
        ],
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        case_reference="EB-2026-000016",
        requested_by=AUTOMATED_DECISION_FUNCTION,
        purpose="Prövning av ansökan om ekonomiskt bistånd",
        legal_basis=DEFAULT_LEGAL_BASIS,
        sources=[Source.AF, Source.FK],
        transport=transport,
        timeout=timeout,
    )


def test_applicant_and_partner_are_asked_at_the_same_time(pnr):
    applicant, partner = fetch(pnr, BarrierTransport(), timeout=30)
    assert all(r.status == Status.OK for r in applicant.results.values())
    assert all(r.status == Status.OK for r in partner.results.values())


def test_a_slow_answer_within_the_timeout_is_used(pnr, held):
    threading.Timer(0.05, held.release.set).start()
    _applicant, partner = fetch(pnr, held, timeout=30)
    assert partner.unavailable == []
    assert set(partner.results) == {Source.AF, Source.FK}
    assert RegisterFetch.objects.filter(status="ok").count() == 4


def test_an_answer_beyond_the_timeout_is_recorded_as_late_and_the_others_are_kept(pnr, held):
    applicant, partner = fetch(pnr, held, timeout=0.2)
    # The wait ended at the timeout while the partner's call was still held.
    assert not held.release.is_set()
    assert applicant.unavailable == []
    assert {r.status for r in partner.results.values()} == {Status.TIMEOUT}
    assert partner.unavailable == [Source.AF, Source.FK]
    logged = RegisterFetch.objects.filter(subject=other_pnr(7))
    assert sorted(logged.values_list("source", "status")) == [("AF", "timeout"), ("FK", "timeout")]
    assert RegisterFetch.objects.filter(subject=pnr, status="ok").count() == 2


def test_a_transport_that_breaks_is_a_failed_result_not_an_exception(pnr):
    class Broken:
        def fetch(self, request, sources):
            raise RuntimeError("boom")

    applicant, _partner = fetch(pnr, Broken(), timeout=5)
    assert {r.reason for r in applicant.results.values()} == {"internal_error"}
    assert RegisterFetch.objects.filter(status="failed").count() == 4
