"""The register simulator on its own: health, refusal of real numbers, determinism, control."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from bistand.demo.simulator import SOURCES, start_simulator
from bistand.synthetic.personnummer import is_synthetic, is_valid

from .conftest import other_pnr, real_shaped_personnummer, request_count, scenario


def body(pnr: str, **overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "personidentitet": pnr.replace("-", ""),
        "tidsperiod": {"from": "2026-01-01", "tom": "2026-03-31"},
        "ingivare": {"organisation": "Exempelkommunen", "handlaggare": "es-1"},
        "arendeidentitet": "EB-2026-000001",
        "syfte": "Utredning av rätt till ekonomiskt bistånd",
        "lagtext": "SoL (2025:400) 15 kap. 10 §; förordning (2008:975)",
        "korrelationsid": "test-1",
    }
    base.update(overrides)
    return base


def test_health(simulator):
    answer = requests.get(f"{simulator.url}/health", timeout=5)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "sources": list(SOURCES)}


def test_the_test_number_is_real_shaped_and_not_synthetic():
    number = real_shaped_personnummer()
    assert is_valid(number) and not is_synthetic(number)


def test_refuses_a_non_synthetic_personnummer(simulator):
    real = real_shaped_personnummer()
    for source in SOURCES:
        answer = requests.post(
            f"{simulator.url}/ssbtek/v11/{source.lower()}", json=body(real), timeout=5
        )
        assert answer.status_code == 403
    control = requests.post(
        f"{simulator.url}/_control/scenario",
        json={"personnummer": real, "scenario": "error"},
        timeout=5,
    )
    assert control.status_code == 403


def test_answers_a_non_synthetic_number_only_when_allowed():
    running = start_simulator(port=0, allow_real=True)
    try:
        answer = requests.post(
            f"{running.url}/ssbtek/v11/af", json=body(real_shaped_personnummer()), timeout=5
        )
        assert answer.status_code == 200
    finally:
        running.stop()


@pytest.mark.parametrize("missing", ["syfte", "lagtext", "arendeidentitet", "korrelationsid"])
def test_no_answer_without_purpose_legal_basis_or_case(simulator, pnr, missing):
    answer = requests.post(
        f"{simulator.url}/ssbtek/v11/fk", json=body(pnr, **{missing: ""}), timeout=5
    )
    assert answer.status_code == 400
    assert missing in answer.json()["fel"]["meddelande"]


def test_same_person_same_answers_other_person_other_answers(simulator, pnr):
    def everything(number: str) -> list[object]:
        return [
            requests.post(f"{simulator.url}/ssbtek/v11/{s}", json=body(number), timeout=5).json()
            for s in SOURCES
        ]

    first = everything(pnr)
    assert everything(pnr) == first
    assert any(everything(other_pnr(seed)) != first for seed in range(3))


def test_scenario_control_add_list_reset(simulator, pnr):
    scenario(simulator, pnr, "slow", "TS", seconds=0.01)
    scenario(simulator, pnr, "not_registered_af")
    listed = requests.get(f"{simulator.url}/_control/scenario", timeout=5).json()["scenarios"]
    assert {(s["source"], s["scenario"]) for s in listed} == {
        ("TS", "slow"),
        ("AF", "not_registered_af"),
    }
    assert requests.delete(
        f"{simulator.url}/_control/scenario", json={"personnummer": pnr}, timeout=5
    ).ok
    assert requests.get(f"{simulator.url}/_control/scenario", timeout=5).json()["scenarios"] == []


@pytest.mark.parametrize(
    "bad",
    [
        {"scenario": "no_such_thing"},
        {"scenario": "error", "source": "XYZ"},
        {"scenario": "garbage", "params": {"variant": "confetti"}},
        {"scenario": "error", "params": {"status": 200}},
    ],
)
def test_scenario_control_refuses_nonsense(simulator, pnr, bad):
    answer = requests.post(
        f"{simulator.url}/_control/scenario", json={"personnummer": pnr, **bad}, timeout=5
    )
    assert answer.status_code == 400


def test_error_scenario_answers_5xx_and_counts_requests(simulator, pnr):
    scenario(simulator, pnr, "error", "CSN", status=503)
    answer = requests.post(f"{simulator.url}/ssbtek/v11/csn", json=body(pnr), timeout=5)
    assert answer.status_code == 503
    assert answer.json()["fel"]["felkalla"] == "BT"
    assert request_count(simulator, pnr, "CSN") == 1


def test_scenarios_from_a_start_file(pnr):
    running = start_simulator(
        port=0, scenarios=[{"personnummer": pnr, "scenario": "error", "source": "*"}]
    )
    try:
        answer = requests.post(f"{running.url}/ssbtek/v11/miv", json=body(pnr), timeout=5)
        assert answer.status_code == 500
    finally:
        running.stop()


def test_is_a_background_service_of_scripts_run():
    assert settings.BACKGROUND_SERVICES["register-simulator"] == ["register_simulator"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_the_management_command_serves_as_a_separate_process(tmp_path: Path, pnr):
    port = _free_port()
    scenarios = tmp_path / "scenarios.json"
    scenarios.write_text(f'[{{"personnummer": "{pnr}", "scenario": "not_registered_af"}}]')
    bistand = Path(sys.executable).parent / "bistand"
    env = {**os.environ, "BISTAND_ENVIRONMENT": "development"}
    process = subprocess.Popen(
        [str(bistand), "register_simulator", "--port", str(port), "--scenarios", str(scenarios)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(f"{url}/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        answer = requests.post(f"{url}/ssbtek/v11/af", json=body(pnr), timeout=5)
        assert answer.json()["svar"]["inskriven"] is False
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0].decode()
    assert pnr not in output and pnr.replace("-", "") not in output
