"""core.bulk: rows kept to the end of a block and written with one INSERT per table; a keyed
row has its key at once (on PostgreSQL taken from the table's sequence)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bistand.core.bulk import KEYS_AT_ONCE, row_create_keyed, rows_written_together
from bistand.decisions.models import Calculation

pytestmark = pytest.mark.django_db


def calculation_fields(n: int) -> dict[str, object]:
    return {
        "application_id": 900_000 + n,
        "rules_version": "test",
        "input": {"n": n},
        "output": {"amount": f"{n}.00"},
    }


def test_outside_a_block_a_keyed_row_is_saved_at_once():
    row = row_create_keyed(Calculation, **calculation_fields(1))
    assert row.pk is not None
    assert Calculation.objects.get(pk=row.pk).input == {"n": 1}


def test_inside_a_block_keyed_rows_have_their_keys_before_they_are_written():
    with transaction.atomic(), rows_written_together():
        rows = [row_create_keyed(Calculation, **calculation_fields(n)) for n in range(5)]
        keys = [row.pk for row in rows]
        assert None not in keys
        assert len(set(keys)) == 5
        if connection.vendor == "postgresql":
            # Not written yet: the block's end writes them with one INSERT.
            assert not Calculation.objects.filter(pk__in=keys).exists()
    written = {c.pk: c.input for c in Calculation.objects.filter(pk__in=keys)}
    assert written == {key: {"n": n} for n, key in enumerate(keys)}
    # Rows made later, outside any block, get keys the block did not use.
    later = row_create_keyed(Calculation, **calculation_fields(99))
    assert later.pk not in keys


@pytest.mark.skipif(connection.vendor != "postgresql", reason="keys from a sequence")
def test_a_batch_of_keyed_rows_costs_two_queries():
    with (
        CaptureQueriesContext(connection) as queries,
        transaction.atomic(),
        rows_written_together(),
    ):
        for n in range(KEYS_AT_ONCE):
            row_create_keyed(Calculation, **calculation_fields(n))
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 2, statements  # nextval × KEYS_AT_ONCE, then one INSERT
    assert Calculation.objects.filter(rules_version="test").count() == KEYS_AT_ONCE


def test_a_failed_block_writes_nothing():
    with pytest.raises(RuntimeError), transaction.atomic(), rows_written_together():
        row_create_keyed(Calculation, **calculation_fields(7))
        raise RuntimeError("the batch failed")
    assert not Calculation.objects.filter(application_id=900_007).exists()


def test_updates_in_a_block_are_written_at_its_end_and_the_last_one_counts():
    from bistand.applications.models import Application
    from bistand.core.bulk import row_update
    from tests import factories

    applications = [factories.new_application_submitted(factories.citizen()) for _ in range(3)]
    with transaction.atomic(), rows_written_together():
        for application in applications:
            row_update(Application, application.pk, status="in_queue", version=7)
        row_update(Application, applications[0].pk, status="decided", version=8)
    written = {
        a.pk: (a.status, a.version)
        for a in Application.objects.filter(pk__in=[a.pk for a in applications])
    }
    assert written == {
        applications[0].pk: ("decided", 8),
        applications[1].pk: ("in_queue", 7),
        applications[2].pk: ("in_queue", 7),
    }


def register_rows(marker: str) -> list[Any]:
    from datetime import date

    from django.utils import timezone

    from bistand.registers.models import RegisterFetch

    fetched_at = timezone.now()
    return [
        RegisterFetch(
            source=source,
            subject="19900517-2388",
            case_reference=marker,
            requested_by="automatiserad beslutsfunktion",
            purpose='Prövning av ansökan om ekonomiskt bistånd; "citat" och \\ snedstreck',
            legal_basis="SoL (2025:400) 15 kap. 10 §",
            ground="samtycke",
            period_start=date(2026, 11, 1),
            period_end=date(2026, 11, 30),
            status=status,
            reason=reason,
            detail="rad ett\nrad två\ttab",
            duration_ms=12,
            attempts=attempts,
            correlation_id="c0ffee",
            fetched_at=fetched_at,
            result={"belopp": "1234.50", "rader": [1, None, "å"], "tom": {}},
        )
        for source, status, reason, attempts in (
            ("AF", RegisterFetch.Status.OK, "", 1),
            ("FK", "failed", "http_503", 3),
            ("SKV", "timeout", "timeout", 1),
        )
    ]


def test_rows_copied_are_the_rows_bulk_create_writes():
    """The register log written with one COPY (PostgreSQL) holds exactly what bulk_create
    writes: text with quotes, backslashes, tabs and line breaks, dates, times and JSON."""
    from bistand.core.bulk import rows_copied
    from bistand.registers.models import RegisterFetch

    RegisterFetch.objects.bulk_create(register_rows("EB-BULK"))
    rows_copied(RegisterFetch, register_rows("EB-COPY"))
    fields = [f.attname for f in RegisterFetch._meta.concrete_fields if not f.primary_key]

    def written(marker: str) -> list[dict[str, Any]]:
        found = RegisterFetch.objects.filter(case_reference=marker).order_by("source")
        return [
            {
                name: value
                for name, value in row.items()
                if name not in {"case_reference", "fetched_at"}
            }
            for row in found.values(*fields)
        ]

    copied, bulk = written("EB-COPY"), written("EB-BULK")
    assert len(copied) == 3
    assert copied == bulk
    assert copied[0]["result"] == {"belopp": "1234.50", "rader": [1, None, "å"], "tom": {}}
    assert copied[1]["status"] == "failed" and copied[0]["status"] == "ok"
