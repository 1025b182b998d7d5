"""The same application submitted twice at the same moment (two tabs, a double click, a retried
request): it is submitted once, handed to the pipeline once, and decided once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from bistand.applications import events as application_events
from bistand.applications.models import Application, ApplicationStatus
from bistand.applications.services import StaleApplicationError
from bistand.cases.models import CaseEvent
from bistand.decisions.models import Decision
from bistand.demo import scenarios
from bistand.jobs.models import Job
from bistand.jobs.runner import run_job
from tests.decisions.conftest import (
    recurring_application,  # noqa: F401
    routine_citizen,
    this_month,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("registers_settings"),
]

TRIALS = 5


def submit_twice_at_once(application: Application) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait()
            scenarios.submit(Application.objects.get(pk=application.pk), application.created_by)
            outcomes.append("submitted")
        except StaleApplicationError:
            outcomes.append("stale")
        except Exception as exc:  # SQLite: "database is locked" is also a refusal
            outcomes.append(f"refused: {type(exc).__name__}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_double_submit_is_one_submission_one_job_one_decision():
    from bistand.accounts.models import Role, User

    worker = User.objects.create(username="eva", role=Role.EKONOMISEKRETERARE, display_name="E")
    results = []
    for trial in range(TRIALS):
        citizen = routine_citizen(500 + trial)
        scenarios.decided_month(
            applicant=citizen,
            month=scenarios.previous_month(this_month()),
            answers=scenarios.routine_answers(),
            decided_by=worker,
        )
        draft = scenarios.recurring_draft(
            applicant=citizen, month=this_month(), answers=scenarios.routine_answers()
        )
        outcomes = submit_twice_at_once(draft)
        results.append(sorted(outcomes))
        assert outcomes.count("submitted") == 1, outcomes
        draft.refresh_from_db()
        assert draft.status == ApplicationStatus.SUBMITTED
        assert (
            CaseEvent.objects.filter(application=draft, kind=application_events.SUBMITTED).count()
            == 1
        )
        jobs = Job.objects.filter(key=f"application-{draft.pk}-process")
        assert jobs.count() == 1
        run_job(str(jobs.get().pk))
        run_job(str(jobs.get().pk))
        assert Decision.objects.filter(application_id=draft.pk).count() == 1
    print(f"concurrent double submit: {TRIALS} trials, outcomes {results}")
