"""core.bulk: rows kept to the end of a block and written with one INSERT per table; a keyed
row has its key at once (on PostgreSQL taken from the table's sequence)."""

from __future__ import annotations

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
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic(), rows_written_together():
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
