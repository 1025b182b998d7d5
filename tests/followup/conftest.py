"""A small hand-built history (tests/followup/test_figures.py has the expected figures)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from bistand.accounts.models import Role
from bistand.decisions.models import Outcome
from bistand.demo.history import MonthPlan, build, citizens, local
from tests import factories

TODAY = date(2026, 12, 15)
KR5000 = Decimal("5000.00")  # what the case worker granted (the figures below count it)
NOV = date(2026, 11, 1)


@pytest.fixture
def worker(db):
    return factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva")


@pytest.fixture
def history(db, worker):
    """Four applications sent in in October 2026 (for November), and two households that left.

    1. digital, Mon 5 Oct 10:00 → decided 12:00 by the robot (2 h)
    2. digital, Fri 9 Oct 16:00 → Mon 12 Oct 09:00 (65 h; next working day) register_mismatch
    3. paper, Tue 6 Oct 10:00 → Thu 8 Oct 10:00 (48 h) new_application, rejected
    4. digital, Wed 7 Oct 10:00 → Thu 8 Oct 08:00 (22 h) register_mismatch + income_change
    A: granted Jul, Aug, Sep (salary in Sep), nothing in Oct → left in October after 3 months.
    B: granted Aug, nothing in Sep → left in September; applied again for November (returned).
    """
    u = citizens(random.Random(7), 6, prefix="fig")
    plans = [
        (u[0], [MonthPlan(NOV, "digital", local(2026, 10, 5, 10), local(2026, 10, 5, 12),
                          True, amount=Decimal("4000.00"), household_size=1)]),
        (u[1], [MonthPlan(NOV, "digital", local(2026, 10, 9, 16), local(2026, 10, 12, 9),
                          False, amount=Decimal("6000.00"), household_size=3,
                          reasons=["register_mismatch"])]),
        (u[2], [MonthPlan(NOV, "paper", local(2026, 10, 6, 10), local(2026, 10, 8, 10),
                          False, outcome=Outcome.REJECTED, amount=Decimal("0.00"),
                          reasons=["new_application"])]),
        (u[3], [MonthPlan(NOV, "digital", local(2026, 10, 7, 10), local(2026, 10, 8, 8),
                          False, amount=Decimal("5000.00"), household_size=2,
                          reasons=["register_mismatch", "income_change"])]),
        (u[4], [MonthPlan(date(2026, 7, 1), amount=KR5000),
                MonthPlan(date(2026, 8, 1), amount=KR5000),
                MonthPlan(date(2026, 9, 1), incomes=[("salary", "3000.00")], amount=KR5000)]),
        (u[5], [MonthPlan(date(2026, 8, 1), "paper", amount=KR5000),
                MonthPlan(NOV, "digital", local(2026, 11, 2, 9), local(2026, 11, 2, 10),
                          amount=Decimal("1000.00"))]),
    ]  # fmt: skip
    return build(plans, case_worker=worker, number_prefix="EB-T")
