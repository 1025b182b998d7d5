"""Settings that point the register client at the shared simulator (tests/conftest.py), its state
clean around every test, and scenario helpers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import requests

from bistand.demo.simulator import RunningSimulator
from bistand.synthetic.personnummer import generate, luhn_check_digit

PERIOD = (date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _clean_simulator(simulator: RunningSimulator) -> Iterator[None]:
    simulator.state.reset()
    yield
    simulator.state.reset()


@pytest.fixture
def registers_settings(settings: Any, simulator: RunningSimulator) -> Any:
    """SSBTEK v11 over SOAP against the simulator, as production (test_fetch.py switches to the
    JSON transport, which it exercises)."""
    settings.REGISTERS_TRANSPORT = "soap"
    settings.REGISTERS_SOAP_URL = ""
    settings.REGISTERS_BASE_URL = simulator.url
    settings.REGISTERS_CONNECT_TIMEOUT = 1.0
    settings.REGISTERS_READ_TIMEOUT = 3.0
    settings.REGISTERS_RETRIES = 2
    settings.REGISTERS_BACKOFF = 0.01
    settings.REGISTERS_MAX_WORKERS = 8
    return settings


@pytest.fixture
def pnr() -> str:
    return generate(random.Random(20260101), date(1986, 7, 14), "F")


def other_pnr(seed: int) -> str:
    return generate(random.Random(seed), date(1979, 11, 2), "M")


def real_shaped_personnummer() -> str:
    """A number with an ordinary month (01–12) and a correct control digit: NOT synthetic."""
    nine = "".join(("8", "4", "0", "3", "1", "7", "2", "4", "6"))  # 1984-03-17, birth no. 246
    check = luhn_check_digit(nine)
    return f"19{nine[:6]}-{nine[6:]}{check}"


def scenario(
    simulator: RunningSimulator, pnr: str, name: str, source: str | None = None, **params: Any
) -> None:
    body: dict[str, Any] = {"personnummer": pnr, "scenario": name, "params": params}
    if source:
        body["source"] = source
    response = requests.post(f"{simulator.url}/_control/scenario", json=body, timeout=5)
    assert response.status_code == 201, response.text


def request_count(simulator: RunningSimulator, pnr: str, source: str) -> int:
    counts = requests.get(f"{simulator.url}/_control/requests", timeout=5).json()["requests"]
    found = [c["count"] for c in counts if c["personnummer"] == pnr and c["source"] == source]
    return found[0] if found else 0
