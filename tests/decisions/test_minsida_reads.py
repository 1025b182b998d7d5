"""Min sida reads a fixed number of times however long the case's history (issue 16 item 5):
no query per decision, and not every letter's HTML."""

from __future__ import annotations

import random
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bistand.demo.history import MonthPlan, build, citizens
from bistand.followup.metrics import add_months
from tests.factories import client_for


def _min_sida_queries(months: int, seed: int) -> tuple[int, str]:
    user = citizens(random.Random(seed), 1, prefix=f"ms{seed}")[0]
    first = date(2026, 1, 1)
    build([(user, [MonthPlan(add_months(first, i)) for i in range(months)])])
    client = client_for(user)
    client.get("/min-sida/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/min-sida/")
    assert page.status_code == 200
    return len(queries), page.content.decode()


def test_min_sida_reads_the_same_for_two_and_ten_decisions(db):
    few, _ = _min_sida_queries(2, 1)
    many, text = _min_sida_queries(10, 2)
    assert many == few
    assert text.count("Beslut för ") >= 10
