"""The fold (ADR 0230): the dashboard read from the stored closed months shows exactly what a
computation from the records shows, on the demo history and on generated histories with
changes made after the fold."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bistand.accounts.models import Role
from bistand.applications.models import Application, ApplicationStatus
from bistand.applications.services import application_withdraw
from bistand.decisions.models import Outcome
from bistand.demo import followup as demo_followup
from bistand.demo.history import MonthPlan, build, citizens, local
from bistand.followup import selectors, services, whatif
from bistand.followup.metrics import add_months, month_of
from bistand.followup.models import Fold
from tests import factories

from .conftest import TODAY


def _figures(board: selectors.Dashboard) -> list[tuple[str, str, list[dict[str, Any]], Any]]:
    return [
        (table.slug, table.definition, [dict(row) for row in table.rows], table.chart)
        for section in board.sections
        for table in section.tables
    ]


@pytest.fixture
def no_margin(monkeypatch):
    """Everything here is written seconds before the fold; without this, the safety margin
    would count all of it as written after the fold and nothing folded would be used."""
    monkeypatch.setattr(selectors, "FOLD_MARGIN_SECONDS", 0)


@pytest.fixture
def fold_must_be_used(monkeypatch):
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the dashboard computed everything instead of using the fold")

    def check(**kwargs: Any) -> selectors.Dashboard:
        with monkeypatch.context() as patch:
            patch.setattr(selectors, "_dashboard_from_scratch", refuse)
            return selectors.dashboard(**kwargs)

    return check


def test_the_folded_demo_history_shows_what_the_records_show(db, no_margin, fold_must_be_used):
    demo_followup.create(random.Random(5))
    today = timezone.localdate()
    out = call_command_output("followup_fold")
    assert "sparade" in out
    end = month_of(today)
    for start, stop in [
        (add_months(end, -11), end),
        (add_months(end, -5), add_months(end, -1)),
        (add_months(end, -14), add_months(end, 2)),
    ]:
        folded = fold_must_be_used(start=start, end=stop)
        fresh = selectors.dashboard(start=start, end=stop, use_fold=False)
        assert _figures(folded) == _figures(fresh)
    # The what-if baseline is still the dashboard's granted amount for the month.
    month = whatif.what_if_months()[1]
    result = whatif.what_if(month=month, norm_percent=Decimal(0), caps_percent=Decimal(0))
    table = fold_must_be_used(start=month, end=month).table("hushall-och-belopp")
    assert table is not None
    assert result.baseline_total == table.rows[0]["granted"] > 0


def call_command_output(name: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_a_fold_from_last_month_is_not_used(db, no_margin):
    fold = services.fold_refresh(today=TODAY)
    assert fold.current_month == month_of(TODAY)
    assert selectors._folded(TODAY, [month_of(TODAY)]) is not None
    assert selectors._folded(TODAY + timedelta(days=31), [month_of(TODAY)]) is None
    services.fold_refresh(today=TODAY)
    assert Fold.objects.count() == 1  # the older fold is replaced


def test_rows_written_just_before_the_fold_count_as_changed(db):
    """With the margin, a row stamped shortly before the fold (its transaction may still have
    been open when the fold read) is computed live: the figures are the same either way."""
    worker = factories.staff(Role.EKONOMISEKRETERARE, "fold-margin")
    (user,) = citizens(random.Random(3), 1, prefix="margin")
    build([(user, [MonthPlan(date(2026, 10, 1)), MonthPlan(date(2026, 11, 1))])],
          case_worker=worker, number_prefix="EB-M")  # fmt: skip
    services.fold_refresh(today=TODAY)
    folded = selectors._folded(TODAY, [date(2026, 10, 1)])
    assert folded is not None
    changes = selectors._changes(folded)
    assert changes is not None and changes.cases  # everything is within the margin
    board = selectors.dashboard(start=date(2026, 6, 1), end=date(2026, 12, 1), today=TODAY)
    fresh = selectors.dashboard(
        start=date(2026, 6, 1), end=date(2026, 12, 1), today=TODAY, use_fold=False
    )
    assert _figures(board) == _figures(fresh)


# --- Generated histories ------------------------------------------------------------------------

FIRST = date(2026, 1, 1)  # histories run from January 2026 to January 2027 (TODAY: 15 Dec 2026)


@st.composite
def month_plans(draw: st.DrawFn) -> list[MonthPlan]:
    """One household's months: runs of applications with gaps, varied channel and outcome."""
    month = add_months(FIRST, draw(st.integers(0, 10)))
    plans = []
    for _ in range(draw(st.integers(1, 6))):
        month = add_months(month, draw(st.sampled_from([1, 1, 1, 2, 3])))
        if month > date(2027, 1, 1):
            break
        before = add_months(month, -1)
        submitted = local(
            before.year, before.month, draw(st.integers(1, 28)), draw(st.integers(7, 22))
        )
        automated = draw(st.booleans())
        decided = (
            draw(st.booleans())
            if month >= date(2026, 12, 1)
            else draw(st.sampled_from([True, True, True, False]))
        )
        plans.append(
            MonthPlan(
                month=month,
                channel=draw(st.sampled_from(["digital", "paper"])),
                submitted_at=submitted,
                decided_at=submitted + timedelta(hours=draw(st.sampled_from([1, 20, 30, 80]))),
                automated=automated,
                outcome=draw(st.sampled_from([Outcome.GRANTED, Outcome.GRANTED, Outcome.REJECTED])),
                amount=Decimal(draw(st.sampled_from([0, 1000, 4500]))),
                household_size=draw(st.integers(1, 3)),
                incomes=draw(
                    st.sampled_from([[], [("salary", "3000.00")], [("pension", "900.00")]])
                ),
                reasons=[]
                if automated
                else [draw(st.sampled_from(["new_application", "income_change"]))],
                decided=decided,
            )
        )
    return plans


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    before=st.lists(month_plans(), min_size=1, max_size=4),
    after=st.lists(month_plans(), max_size=2),
    withdraw=st.booleans(),
)
def test_folded_and_fresh_figures_agree_after_changes(db, no_margin, before, after, withdraw):
    """Histories folded, then changed (new households, an application withdrawn): the folded
    dashboard equals the one computed from the records, for a year and for a few months."""
    with transaction.atomic():
        worker = factories.staff(Role.EKONOMISEKRETERARE, "fold-prop")
        people = citizens(random.Random(len(before)), len(before) + len(after), prefix="fold")
        build(list(zip(people, before, strict=False)), case_worker=worker, number_prefix="EB-F")
        services.fold_refresh(today=TODAY)
        if after:
            build(list(zip(people[len(before) :], after, strict=False)), case_worker=worker,
                  number_prefix="EB-G")  # fmt: skip
        if withdraw:
            open_one = Application.objects.filter(status=ApplicationStatus.IN_QUEUE).first()
            if open_one is not None:
                Application.objects.filter(pk=open_one.pk).update(
                    status=ApplicationStatus.SUBMITTED
                )
                open_one.refresh_from_db()
                application_withdraw(application=open_one, by=open_one.case.applicant)
        for start, end in [
            (date(2026, 1, 1), date(2026, 12, 1)),
            (date(2026, 9, 1), date(2027, 1, 1)),
        ]:
            used = selectors._folded(TODAY, [start, end])
            assert used is not None and selectors._changes(used) is not None
            folded = selectors.dashboard(start=start, end=end, today=TODAY)
            fresh = selectors.dashboard(start=start, end=end, today=TODAY, use_fold=False)
            assert _figures(folded) == _figures(fresh)
        transaction.set_rollback(True)


# --- A fixed number of queries ------------------------------------------------------------------


def _history(people: list[Any], first: date, *, worker: Any, prefix: str) -> None:
    """Each household applies every month from `first` to January 2027: granted up to this
    month (December 2026, TODAY), then one application sent in this month and not decided."""
    plans = []
    for n, user in enumerate(people):
        months = [mo for mo in (add_months(first, k) for k in range(24)) if mo <= date(2027, 1, 1)]
        rows = [
            MonthPlan(mo, "digital" if n % 2 else "paper", amount=Decimal("4500.00"))
            for mo in months
            if mo < date(2027, 1, 1)
        ]
        rows.append(MonthPlan(date(2027, 1, 1), submitted_at=local(2026, 12, 3), decided=False,
                              automated=False, reasons=["income_change"]))  # fmt: skip
        plans.append((user, rows))
    build(plans, case_worker=worker, number_prefix=prefix)


def _dashboard_queries(check: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        check(start=date(2026, 1, 1), end=date(2026, 12, 1), today=TODAY)
    return len(queries)


def test_the_dashboards_queries_do_not_grow_with_the_history(db, no_margin, fold_must_be_used):
    """Issue 16 item 5: with the fold, the dashboard reads the database a fixed number of times,
    whether the households have two months of history or twelve, and however many
    applications were sent in this month (the month computed live is counted by the
    database, not read row by row)."""
    worker = factories.staff(Role.EKONOMISEKRETERARE, "fold-queries")
    people = citizens(random.Random(11), 8, prefix="queries")
    _history(people[:2], date(2026, 11, 1), worker=worker, prefix="EB-Q1")
    services.fold_refresh(today=TODAY)
    short = _dashboard_queries(fold_must_be_used)
    _history(people[2:], date(2026, 1, 1), worker=worker, prefix="EB-Q2")
    services.fold_refresh(today=TODAY)
    long = _dashboard_queries(fold_must_be_used)
    assert long == short


def test_the_live_months_look_up_each_first_decision_once(db):
    """Issue 16 item 5: the live month's counts ask once per application whether it has a first
    decision, and group by the answer (before: the look-up was written into both late counts,
    and PostgreSQL read all first decisions twice a request); the decided ones' times are read
    without sorting (one first decision per application). The figures are the hypothesis
    test's above."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    worker = factories.staff(Role.EKONOMISEKRETERARE, "fold-once")
    _history(citizens(random.Random(12), 2, prefix="once"), date(2026, 11, 1), worker=worker,
             prefix="EB-O")  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        channels, lead = selectors._live_sent_in(
            [date(2026, 11, 1), date(2026, 12, 1)], timezone.now()
        )
    # Sent in in November: the two applications for December, decided; in December: the two
    # for January, waiting (and late).
    assert [sum(channels[mo].values()) for mo in (date(2026, 11, 1), date(2026, 12, 1))] == [2, 2]
    assert len(lead.seconds[date(2026, 11, 1)]) == 2
    assert lead.late_24h[date(2026, 12, 1)] == 2
    counts, times = [q["sql"] for q in queries]
    assert "GROUP BY" in counts
    assert counts.count('"decisions_decision"') == 1
    assert "ORDER BY" not in times
