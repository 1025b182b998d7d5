"""Register snapshots keep their stored form: one stored by the JSON transport before SSBTEK v11
(with vehicle valuations and no ground) still loads, gives the same incomes, and is written back
unchanged apart from the new ``ground`` key; one fetched over SOAP round-trips exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bistand.registers.types import GROUND_CONSENT, RegisterSnapshot, Source

from .test_ssbtek_soap import fetch, soap_settings  # noqa: F401  (fixture)

# The subject is a synthetic personnummer (month + 20).
STORED_BEFORE_V11 = {
    "subject": "19862714-6239",
    "period_start": "2026-01-01",
    "period_end": "2026-01-31",
    "case_reference": "EB-2026-000001",
    "requested_by": "automatiserad beslutsfunktion",
    "purpose": "Prövning av ansökan om ekonomiskt bistånd",
    "legal_basis": "SoL (2025:400) 15 kap. 10 §; förordning (2008:975)",
    "correlation_id": "0b7f6a52-3b1e-4f0e-9a53-9d9e1c7c5a10",
    "fetched_at": "2026-02-01T08:00:00+00:00",
    "results": {
        "FK": {
            "source": "FK",
            "status": "ok",
            "data": {
                "payments": [
                    {
                        "income_type": "child_allowance",
                        "benefit": "barnbidrag",
                        "amount": "1250.00",
                        "payment_date": "2026-01-20",
                        "gross_amount": "1250.00",
                        "preliminary_tax": "0.00",
                        "payer": "",
                    }
                ],
                "claims": [],
            },
            "reason": "",
            "detail": "",
            "duration_ms": 12,
            "attempts": 1,
            "data_type": "FkData",
        },
        "TS": {
            "source": "TS",
            "status": "ok",
            "data": {
                "vehicles": [
                    {
                        "registration": "ABC12D",
                        "kind": "personbil",
                        "model_year": 2011,
                        "value": "42000.00",
                        "owner_since": "2020-05-01",
                    }
                ]
            },
            "reason": "",
            "detail": "",
            "duration_ms": 9,
            "attempts": 1,
            "data_type": "TsData",
        },
    },
}


def test_a_snapshot_stored_before_v11_loads_and_is_written_back_unchanged():
    snapshot = RegisterSnapshot.from_json(STORED_BEFORE_V11)
    assert snapshot.income_totals() == {"child_allowance": Decimal("1250.00")}
    vehicle = snapshot.results[Source.TS].data.vehicles[0]  # type: ignore[union-attr]
    assert vehicle.value == Decimal("42000.00")
    assert snapshot.ground == ""
    written = snapshot.to_json()
    assert written.pop("ground") == ""
    assert written == STORED_BEFORE_V11


@pytest.mark.django_db
def test_a_snapshot_fetched_over_soap_round_trips_exactly(soap_settings, pnr):  # noqa: F811
    snapshot = fetch(pnr)
    assert snapshot.ground == GROUND_CONSENT
    again = RegisterSnapshot.from_json(snapshot.to_json())
    assert again == snapshot
    assert again.to_json() == snapshot.to_json()
