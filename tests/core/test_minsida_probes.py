"""Min sida's probes (ADR 0280): every panel's "anything to show?" in one query whose SQL is
compiled once per process. A probe must find rows whenever its panel has something to show,
for every citizen and case, with the ids of each page put into the SQL compiled for another."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bistand.accounts.models import User
from bistand.cases.models import Case
from bistand.core import minsida
from bistand.demo.history import MonthPlan, build, citizens
from bistand.followup.metrics import add_months
from tests.factories import client_for


@pytest.mark.django_db
def test_each_probe_answers_as_its_own_query_for_every_case_of_the_demo():
    call_command("demo_data")
    minsida.load_panel_modules()
    names = sorted(minsida._CASE_PROBES)
    assert {"appeals", "completion_requests", "meetings", "threads"} <= set(names)
    found: dict[str, set[bool]] = {name: set() for name in names}
    pairs = [
        (user, case)
        for case in Case.objects.select_related("applicant", "partner").order_by("pk")
        for user in (case.applicant, case.partner)
        if user is not None
    ]
    assert len(pairs) > 10
    for user, case in pairs:
        with minsida.composing(), CaptureQueriesContext(connection) as queries:
            together = {
                name: minsida.probe(name, user_id=user.pk, case_id=case.pk) for name in names
            }
        assert len(queries) == 1  # every probe of the case in one query
        for name in names:
            alone = minsida._CASE_PROBES[name](user.pk, case.pk).exists()
            assert together[name] == alone, (name, case.number)
            found[name].add(alone)
    # The demo has cases with and without appeals, messages, meetings, plans, stickprov,
    # standalone letters and satisfaction answers. (It has no completion request, kommunicering,
    # review or letter-by-post choice: their panels' own tests show each on Min sida, which
    # they could not with a probe that finds nothing.)
    both = {name for name, answers in found.items() if answers == {True, False}}
    assert {
        "action_plan",
        "appeals",
        "meetings",
        "post_checks",
        "satisfaction_answers",
        "standalone_letters",
        "threads",
    } <= both


def _reads(user: User, path: str = "/min-sida/") -> int:
    client = client_for(user)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(
        [
            q
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT") and "django_session" not in q["sql"]
        ]
    )


@pytest.mark.django_db
def test_min_sida_of_a_citizen_with_only_decisions_reads_nine_times():
    """A citizen with two years of monthly decisions and nothing else to do: her user, cases,
    timeline, decisions, their delivery days, the probes, payments, applications and the free
    meeting times (she once sent a new application). 24 reads before ADR 0280."""
    user = citizens(random.Random(280), 1, prefix="probe")[0]
    build([(user, [MonthPlan(add_months(date(2025, 1, 1), i)) for i in range(23)])])
    assert _reads(user) <= 9
    assert _reads(user, "/min-sida/?historik=alla") <= 9
