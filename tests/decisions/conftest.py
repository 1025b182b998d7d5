"""Routine recurring cases against the register simulator, run through the real pipeline job."""

from __future__ import annotations

import random
from typing import Any

import pytest

from bistand.accounts.models import Role, User
from bistand.applications.models import Application
from bistand.demo import scenarios
from bistand.jobs.models import Job
from bistand.jobs.runner import run_job
from tests import factories
from tests.factories import this_month
from tests.registers.conftest import (  # noqa: F401  (fixtures)
    _clean_simulator,
    registers_settings,
    scenario,
)


@pytest.fixture
def worker(db) -> User:
    return factories.staff(Role.EKONOMISEKRETERARE, "eva", display_name="Eva Ekonom")


def routine_citizen(seed: int) -> User:
    number = scenarios.routine_personnummer_for(random.Random(seed), this_month())
    return factories.citizen(f"citizen-{seed}", personnummer=number, display_name="Test")


@pytest.fixture
def citizen(db) -> User:
    return routine_citizen(1)


def recurring_application(
    citizen: User, worker: User, answers: dict[str, Any] | None = None, **previous: Any
) -> Application:
    """Last month decided by a case worker, this month's recurring application submitted."""
    month = this_month()
    scenarios.decided_month(
        applicant=citizen,
        month=scenarios.previous_month(month),
        answers=previous.get("previous_answers") or scenarios.routine_answers(),
        decided_by=worker,
    )
    draft = scenarios.recurring_draft(
        applicant=citizen, month=month, answers=answers or scenarios.routine_answers()
    )
    return scenarios.submit(draft, citizen)


def process(application: Application) -> str:
    """Run the application's pipeline job as the worker would; returns run_job's outcome."""
    job = Job.objects.get(key=f"application-{application.pk}-process")
    return run_job(str(job.pk))


def routine_applications_submitted(
    count: int, *, seed: int, running: Any, slow_af_seconds: float = 0.0
) -> list[Application]:
    """`count` routine citizens, each with last month decided by a case worker and this month's
    recurring application submitted (its pipeline job pending). With `slow_af_seconds`, the
    simulated Arbetsförmedlingen answers slowly, keeping each pipeline run in `prepare` a while."""
    worker = factories.staff(Role.EKONOMISEKRETERARE, "routine-worker", display_name="Eva Ekonom")
    rng = random.Random(seed)
    submitted = []
    for n in range(count):
        number = scenarios.routine_personnummer_for(rng, this_month())
        citizen = factories.citizen(f"routine-{seed}-{n}", personnummer=number, display_name="")
        if slow_af_seconds:
            scenario(running, number, "slow", "AF", seconds=slow_af_seconds)
        submitted.append(recurring_application(citizen, worker))
    return submitted
