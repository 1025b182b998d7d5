"""The indexes the follow-up dashboard reads on every request (issue 16 item 5): applications
changed since the fold (ADR 0230), the nyansökningar of a period with their case (meetings
offered within 24 hours) and what was paid per month. Each migration adds its index and takes
it away again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bistand.applications.models import Application
from bistand.payments.models import PaymentOrder

pytestmark = pytest.mark.django_db(transaction=True)


def _indexes(model: type) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, model._meta.db_table)


def _migrate(*targets: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))


def test_the_dashboards_indexes_are_added_and_can_be_taken_away():
    def present() -> dict[str, str]:  # index: its first (key) column
        found = {**_indexes(Application), **_indexes(PaymentOrder)}
        names = ("application_updated_at", "application_new_submitted", "payment_paid_by_date")
        return {name: found[name]["columns"][0] for name in names if name in found}

    assert present() == {
        "application_updated_at": "updated_at",
        "application_new_submitted": "submitted_at",
        "payment_paid_by_date": "payment_date",
    }
    _migrate(("applications", "0008_page_indexes"), ("payments", "0008_recovery_letter_format"))
    try:
        assert present() == {}
    finally:
        _migrate(("applications", "0010_dashboard_index"), ("payments", "0009_dashboard_index"))
    assert len(present()) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="covering indexes: PostgreSQL")
def test_the_covering_indexes_carry_what_the_dashboard_reads():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('application_new_submitted', 'payment_paid_by_date')"
        )
        definitions = dict(cursor.fetchall())
    assert (
        "INCLUDE (case_id, id) WHERE ((kind)::text = 'new'::text)"
        in definitions["application_new_submitted"]
    )
    assert (
        "INCLUDE (amount) WHERE ((status)::text = 'paid'::text)"
        in definitions["payment_paid_by_date"]
    )
