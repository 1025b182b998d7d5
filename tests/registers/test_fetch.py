"""register_fetch over the JSON transport (one POST per source, for a municipality's JSON proxy)
against the simulator: every source, every scenario, every fetch logged. The SOAP transport,
the default, has its own tests in test_ssbtek_soap.py."""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal

import pytest

from bistand.registers import selectors
from bistand.registers.services import register_fetch
from bistand.registers.types import (
    ALL_SOURCES,
    AUTOMATED_DECISION_FUNCTION,
    DEFAULT_LEGAL_BASIS,
    GROUND_CONSENT,
    INCOME_TYPES,
    AfData,
    CsnData,
    FkData,
    MivData,
    PmData,
    RegisterSnapshot,
    SkvData,
    SoData,
    Source,
    Status,
    TsData,
)

from .conftest import PERIOD, other_pnr, request_count, scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers_settings(registers_settings):
    """The conftest settings, with the JSON transport."""
    registers_settings.REGISTERS_TRANSPORT = "json"
    return registers_settings


PURPOSE = "Utredning av rätt till ekonomiskt bistånd"
CASE = "EB-2026-000042"


def fetch(pnr: str, **kwargs: object) -> RegisterSnapshot:
    args: dict[str, object] = {
        "personnummer": pnr,
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "case_reference": CASE,
        "requested_by": AUTOMATED_DECISION_FUNCTION,
        "purpose": PURPOSE,
        "legal_basis": DEFAULT_LEGAL_BASIS,
        "ground": GROUND_CONSENT,
    }
    args.update(kwargs)
    return register_fetch(**args)  # type: ignore[arg-type]


def test_every_source_round_trips(registers_settings, pnr):
    snapshot = fetch(pnr)
    assert snapshot.complete
    assert set(snapshot.results) == set(ALL_SOURCES)
    expected = {
        Source.AF: AfData,
        Source.CSN: CsnData,
        Source.FK: FkData,
        Source.SKV: SkvData,
        Source.SO: SoData,
        Source.PM: PmData,
        Source.TS: TsData,
        Source.MIV: MivData,
    }
    for source, result in snapshot.results.items():
        assert result.status == Status.OK, (source, result.reason, result.detail)
        assert isinstance(result.data, expected[source])
    for item in snapshot.incomes():
        assert item.income_type in INCOME_TYPES
        assert isinstance(item.amount, Decimal)
        assert PERIOD[0] <= item.payment_date <= PERIOD[1]


def test_many_people_map_to_rules_engine_income_types(registers_settings):
    seen: set[str] = set()
    for seed in range(25):
        snapshot = fetch(other_pnr(seed), sources=[Source.FK, Source.SKV, Source.SO, Source.CSN])
        assert snapshot.complete
        seen |= {item.income_type for item in snapshot.incomes()}
    assert seen <= set(INCOME_TYPES)
    assert {"child_allowance", "salary"} <= seen


def test_snapshot_is_json_and_replays(registers_settings, pnr):
    snapshot = fetch(pnr)
    text = json.dumps(snapshot.to_json())
    stored = json.loads(text)
    for source, result in stored["results"].items():
        for payment in (result["data"] or {}).get("payments", []):
            assert isinstance(payment["amount"], str), source  # money is text, never float
    again = RegisterSnapshot.from_json(json.loads(text))
    assert again == snapshot
    for payment in again.incomes():
        assert isinstance(payment.amount, Decimal)


def test_same_person_same_data(registers_settings, pnr):
    first = fetch(pnr)
    second = fetch(pnr)
    for source in ALL_SOURCES:
        assert first.results[source].data == second.results[source].data


def test_income_mismatch_adds_undeclared_salary(registers_settings, simulator, pnr):
    base = fetch(pnr, sources=[Source.SKV]).income_totals().get("salary", Decimal(0))
    scenario(simulator, pnr, "income_mismatch", "SKV", amount="5000.00")
    mismatch = fetch(pnr, sources=[Source.SKV]).income_totals()["salary"]
    assert mismatch - base == Decimal("5000.00")


def test_income_mismatch_on_a_benefit_source(registers_settings, simulator, pnr):
    base = fetch(pnr, sources=[Source.FK]).income_totals().get("sickness_benefit", Decimal(0))
    scenario(simulator, pnr, "income_mismatch", "FK", amount="1234.50")
    after = fetch(pnr, sources=[Source.FK]).income_totals()["sickness_benefit"]
    assert after - base == Decimal("1234.50")


def test_not_registered_at_af(registers_settings, simulator, pnr):
    scenario(simulator, pnr, "not_registered_af")
    af = fetch(pnr, sources=[Source.AF]).results[Source.AF]
    assert af.status == Status.OK
    assert isinstance(af.data, AfData)
    assert af.data.registered is False and af.data.active_plan is False


def test_no_active_plan(registers_settings, simulator):
    # A person who is registered in the base data.
    for seed in range(50):
        number = other_pnr(seed)
        af = fetch(number, sources=[Source.AF]).results[Source.AF].data
        if isinstance(af, AfData) and af.registered:
            break
    else:
        pytest.fail("no registered person among 50")
    assert af.active_plan
    scenario(simulator, number, "no_active_plan")
    af = fetch(number, sources=[Source.AF]).results[Source.AF].data
    assert isinstance(af, AfData)
    assert af.registered and not af.active_plan


def test_sickness(registers_settings, simulator, pnr):
    scenario(simulator, pnr, "sickness")
    snapshot = fetch(pnr, sources=[Source.FK])
    assert snapshot.income_totals()["sickness_benefit"] > 0
    fk = snapshot.results[Source.FK].data
    assert isinstance(fk, FkData)
    assert any(c.benefit == "sjukpenning" and c.status == "granted" for c in fk.claims)


def test_timeout_is_recorded_not_raised(registers_settings, simulator, pnr):
    registers_settings.REGISTERS_READ_TIMEOUT = 0.3
    scenario(simulator, pnr, "timeout", "PM")
    snapshot = fetch(pnr)
    pm = snapshot.results[Source.PM]
    assert pm.status == Status.TIMEOUT
    assert pm.reason == "timeout"
    assert 300 <= pm.duration_ms < 3000
    assert snapshot.unavailable == [Source.PM]
    assert all(r.ok for s, r in snapshot.results.items() if s != Source.PM)
    assert request_count(simulator, pnr, "PM") == 1  # a read timeout is not asked again


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_is_retried_then_recorded(registers_settings, simulator, pnr, status):
    scenario(simulator, pnr, "error", "FK", status=status)
    snapshot = fetch(pnr)
    fk = snapshot.results[Source.FK]
    assert fk.status == Status.FAILED
    assert fk.reason == f"http_{status}"
    assert fk.attempts == 3  # first try + REGISTERS_RETRIES
    assert request_count(simulator, pnr, "FK") == 3
    row = selectors.fetches_for_case(case_reference=CASE).get(source="FK")
    assert row.status == "failed" and row.attempts == 3


def test_server_error_that_clears_is_not_a_failure(registers_settings, simulator, pnr):
    scenario(simulator, pnr, "error", "SO")
    simulator.state.reset(pnr)
    assert fetch(pnr, sources=[Source.SO]).results[Source.SO].ok


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        ("invalid_json", "invalid_json"),
        ("wrong_shape", "invalid_shape"),
        ("wrong_types", "invalid_shape"),
    ],
)
def test_garbage_is_a_clear_failure(registers_settings, simulator, pnr, variant, reason):
    scenario(simulator, pnr, "garbage", "*", variant=variant)
    snapshot = fetch(pnr)
    for source, result in snapshot.results.items():
        assert result.status == Status.FAILED, source
        assert result.reason == reason
        assert result.data is None
        assert result.detail


def test_slow_but_in_time_is_ok(registers_settings, simulator, pnr):
    scenario(simulator, pnr, "slow", "TS", seconds=0.4)
    ts = fetch(pnr, sources=[Source.TS]).results[Source.TS]
    assert ts.ok
    assert ts.duration_ms >= 400


def test_nothing_listening_is_a_connection_failure(registers_settings, pnr):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    registers_settings.REGISTERS_BASE_URL = f"http://127.0.0.1:{port}"
    snapshot = fetch(pnr, sources=[Source.AF, Source.MIV])
    for result in snapshot.results.values():
        assert result.status == Status.FAILED
        assert result.reason == "connection_error"


def test_sequential_fetch_gives_the_same_answers(registers_settings, pnr):
    parallel = fetch(pnr)
    registers_settings.REGISTERS_MAX_WORKERS = 1
    sequential = fetch(pnr)
    for source in ALL_SOURCES:
        assert parallel.results[source].data == sequential.results[source].data


def test_every_fetch_is_logged_with_purpose_and_legal_basis(registers_settings, simulator, pnr):
    scenario(simulator, pnr, "error", "CSN")
    snapshot = fetch(pnr, requested_by="es-17", purpose=PURPOSE)
    rows = list(selectors.fetches_for_case(case_reference=CASE))
    assert {r.source for r in rows} == {s.value for s in ALL_SOURCES}
    for row in rows:
        assert row.purpose == PURPOSE
        assert row.legal_basis == DEFAULT_LEGAL_BASIS
        assert row.requested_by == "es-17"
        assert row.correlation_id == snapshot.correlation_id
        assert (row.period_start, row.period_end) == PERIOD
        assert row.status == ("failed" if row.source == "CSN" else "ok")
        assert row.duration_ms >= 0
        assert row.subject == pnr


def test_latest_snapshot_is_the_stored_one(registers_settings, pnr):
    assert selectors.latest_snapshot(case_reference=CASE) is None
    fetch(pnr, sources=[Source.AF])
    newest = fetch(pnr)
    partner = other_pnr(7)
    partner_snapshot = fetch(partner, sources=[Source.SKV])
    assert selectors.latest_snapshot(case_reference=CASE) == partner_snapshot
    assert selectors.latest_snapshot(case_reference=CASE, subject=pnr) == newest
    stored = selectors.snapshot_by_correlation_id(correlation_id=newest.correlation_id)
    assert stored is not None and stored.to_json() == newest.to_json()


def test_no_personnummer_in_log_output(registers_settings, simulator, pnr, caplog):
    registers_settings.REGISTERS_READ_TIMEOUT = 0.3
    caplog.set_level(logging.DEBUG)
    scenario(simulator, pnr, "error", "FK")
    scenario(simulator, pnr, "timeout", "PM")
    scenario(simulator, pnr, "garbage", "SKV", variant="wrong_types")
    scenario(simulator, pnr, "income_mismatch", "SO")
    snapshot = fetch(pnr)
    assert not snapshot.complete
    text = caplog.text + "".join(repr(r.args) for r in caplog.records)
    assert "register fetch source=FK" in text  # the log is there …
    digits = pnr.replace("-", "")
    for form in (pnr, digits, digits[2:], pnr[2:]):
        assert form not in text  # … without the personnummer
    assert pnr not in repr(snapshot)
    for result in snapshot.results.values():
        assert digits[2:] not in result.detail


def test_a_wrong_call_raises_without_the_number(registers_settings, pnr):
    broken = pnr[:-1] + str((int(pnr[-1]) + 1) % 10)
    with pytest.raises(ValueError) as invalid:
        fetch(broken)
    assert broken not in str(invalid.value)
    with pytest.raises(ValueError):
        fetch(pnr, purpose=" ")
    with pytest.raises(ValueError):
        fetch(pnr, legal_basis="")
    with pytest.raises(ValueError):
        fetch(pnr, period_start=date(2026, 4, 1))
